// Opens the Swagger UI page of a running AuthServer in Debian's headless
// Chromium (driven by npm's playwright-core; no downloaded browser), waits
// for Swagger UI to render the API document, runs "Try it out" on
// GET /health, saves a screenshot and prints what it saw as one JSON line:
//   {"title", "paths": [...], "tryItOutStatus", "cspViolations": [...],
//    "consoleErrors": [...], "pageErrors": [...], "foreignRequests": [...],
//    "failedRequests": [...], "screenshot"}
// Usage: node swagger_ui.js BASE_URL SCREENSHOT.png
// Exits 1 when the page did not render (the JSON then carries "error").
// The checks themselves are in Testsuite/e2e/test_swagger_ui_browser.py.
const fs = require("fs");
const os = require("os");
const path = require("path");
const { chromium } = require("playwright-core");

const [base, screenshot] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const origin = new URL(base).origin;

async function main() {
	const report = { paths: [], cspViolations: [], consoleErrors: [], pageErrors: [], foreignRequests: [], failedRequests: [], screenshot };
	// A fresh profile each run (--user-data-dir), removed afterwards.
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), "authserver-chromium-"));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath,
		headless: true,
		args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
			"--disable-component-update", "--disable-sync"],
		viewport: { width: 1280, height: 900 },
		timeout: 60000,
	});
	try {
		// Collected before any page script runs; init scripts are not
		// subject to the page's CSP.
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
		page.on("requestfailed", req => report.failedRequests.push(req.url() + " " + (req.failure() || {}).errorText));

		const response = await page.goto(base + "/api/docs/", { waitUntil: "load", timeout: 30000 });
		report.status = response.status();
		await page.waitForSelector(".opblock-summary-path", { timeout: 30000 });
		report.title = (await page.textContent(".info .title")).trim();
		report.paths = await page.$$eval(".opblock-summary-path", els => els.map(e => e.getAttribute("data-path") || e.textContent.trim()));

		// "Try it out" on GET /health: a call from the page to this API
		// (connect-src 'self').
		const health = page.locator("#operations-operations-get_health");
		await health.locator(".opblock-summary").click();
		await health.locator(".try-out__btn").click();
		await health.locator(".execute").click();
		const status = health.locator(".live-responses-table .response .response-col_status").first();
		await status.waitFor({ timeout: 15000 });
		report.tryItOutStatus = (await status.textContent()).trim();

		report.cspViolations.push(...await page.evaluate(() => window.__cspViolations));
		fs.mkdirSync(path.dirname(screenshot), { recursive: true });
		await page.screenshot({ path: screenshot, fullPage: true });
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
