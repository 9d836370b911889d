// Opens a hosted account page of a running AuthServer (a link taken from a
// mail) in Debian's headless Chromium (npm's playwright-core; no downloaded
// browser) at a phone's viewport, uses it as a person would and prints what
// it saw as one JSON line:
//   {"formStatus", "title", "resultTitle", "resultClass", "resultText", "errorsText",
//    "stylesheetApplied", "horizontalScroll", "cspViolations": [...],
//    "consoleErrors": [...], "pageErrors": [...], "foreignRequests": [...],
//    "scripts", "screenshots": [...]}
// Usage: node account_pages.js verify LINK SCREENSHOT_PREFIX
//        node account_pages.js reset LINK NEW_PASSWORD SCREENSHOT_PREFIX
// verify: presses the one button. reset: first submits two different
// passwords (the page must list the error and keep the form), then the new
// password twice. Exits 1 when a step failed (the JSON then carries "error").
// The checks are in Testsuite/e2e/test_account_pages_browser.py.
const fs = require("fs");
const os = require("os");
const path = require("path");
const { chromium } = require("playwright-core");

const [mode, link, ...rest] = process.argv.slice(2);
const password = mode === "reset" ? rest[0] : null;
const prefix = mode === "reset" ? rest[1] : rest[0];
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const origin = new URL(link).origin;

async function main() {
	const report = { cspViolations: [], consoleErrors: [], pageErrors: [], foreignRequests: [], screenshots: [] };
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), "authserver-chromium-"));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath,
		headless: true,
		args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
			"--disable-component-update", "--disable-sync"],
		viewport: { width: 390, height: 844 },   // a phone
		deviceScaleFactor: 2,
		isMobile: true,
		hasTouch: true,
		timeout: 60000,
	});
	const shot = async (page, name) => {
		const file = prefix + "-" + name + ".png";
		fs.mkdirSync(path.dirname(file), { recursive: true });
		await page.screenshot({ path: file, fullPage: true });
		report.screenshots.push(file);
	};
	try {
		await context.addInitScript(() => {
			window.__cspViolations = [];
			document.addEventListener("securitypolicyviolation", e => {
				window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
			});
		});
		const page = context.pages()[0] || await context.newPage();
		page.on("console", msg => {
			if (msg.type() === "error") report.consoleErrors.push(msg.text());
			if (/Content Security Policy/i.test(msg.text())) report.cspViolations.push(msg.text());
		});
		page.on("pageerror", err => report.pageErrors.push(String(err)));
		page.on("request", req => {
			const url = req.url();
			if (!url.startsWith("data:") && new URL(url).origin !== origin) report.foreignRequests.push(url);
		});
		const collect = async () => {
			report.cspViolations.push(...await page.evaluate(() => window.__cspViolations));
		};

		const response = await page.goto(link, { waitUntil: "load", timeout: 30000 });
		report.formStatus = response.status();
		report.title = await page.title();
		report.scripts = await page.$$eval("script", els => els.length);
		// account.css paints the button; the browser's default would not.
		report.stylesheetApplied = await page.$eval("button", b => getComputedStyle(b).backgroundColor) === "rgb(37, 87, 214)";
		report.horizontalScroll = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
		await shot(page, "form");
		await collect();

		if (mode === "verify") {
			await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.tap("#confirm")]);
		} else {
			await page.fill("#new_password", password);
			await page.fill("#new_password_confirm", password + "-typo");
			await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.tap("#reset")]);
			report.errorsText = (await page.textContent("#errors")).trim().replace(/\s+/g, " ");
			await shot(page, "errors");
			await collect();
			await page.fill("#new_password", password);
			await page.fill("#new_password_confirm", password);
			await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.tap("#reset")]);
		}
		report.resultTitle = await page.title();
		report.resultClass = await page.getAttribute("#result", "class");
		report.resultText = (await page.textContent("#result")).trim();
		await shot(page, "result");
		await collect();
	} finally {
		await context.close();
		fs.rmSync(profile, { recursive: true, force: true });
	}
	return report;
}

main().then(report => {
	console.log(JSON.stringify(report));
}).catch(err => {
	console.log(JSON.stringify({ error: String(err && err.stack || err) }));
	process.exit(1);
});
