// Passkeys in Debian's headless Chromium (driven by npm's playwright-core)
// with a DevTools virtual authenticator (WebAuthn.enable,
// WebAuthn.addVirtualAuthenticator: CTAP2, internal transport, resident
// keys, user verification). On a page of the server's origin (/api/docs/;
// the ceremonies run through page.evaluate with navigator.credentials) it
// registers a passkey with an access token, then uses it as the second
// factor of a password login (POST /api/auth/login answers mfa_required with
// webauthn options; POST /api/auth/login/mfa), then for a passwordless
// login (discoverable credential, user verification). Prints one JSON line:
//   {"registerStatus", "passkey", "mfaMethods", "mfaStatus", "mfaEmail",
//    "passwordlessStatus", "passwordlessEmail", "credentials", "pageErrors"}
// Usage: node webauthn.js BASE_URL EMAIL PASSWORD ACCESS_TOKEN
// Exits 1 on a failure outside the checks (the JSON then carries "error").
// The checks are in Testsuite/e2e/test_webauthn_browser.py.
const fs = require("fs");
const os = require("os");
const path = require("path");
const { chromium } = require("playwright-core");

const [base, email, password, accessToken] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

async function main() {
	const report = { pageErrors: [] };
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), "authserver-chromium-"));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath,
		headless: true,
		args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
			"--disable-component-update", "--disable-sync"],
		timeout: 60000,
	});
	try {
		const page = context.pages()[0] || await context.newPage();
		page.on("pageerror", err => report.pageErrors.push(String(err)));
		const response = await page.goto(base + "/api/docs/", { waitUntil: "load", timeout: 30000 });
		report.pageStatus = response.status();

		const cdp = await context.newCDPSession(page);
		await cdp.send("WebAuthn.enable", { enableUI: false });
		const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
			options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true,
				isUserVerified: true, automaticPresenceSimulation: true },
		});

		const result = await page.evaluate(async ({ email, password, accessToken }) => {
			const post = async (url, body, token) => {
				const headers = { "Content-Type": "application/json" };
				if (token) headers.Authorization = "Bearer " + token;
				const r = await fetch(url, { method: "POST", headers, body: JSON.stringify(body || {}) });
				let json = null;
				try { json = await r.json(); } catch (e) { json = null; }
				return { status: r.status, json };
			};
			const out = {};
			// Registration: options in the Level 3 JSON form, straight into
			// parseCreationOptionsFromJSON; the answer through toJSON().
			const creation = await post("/api/auth/webauthn/register/options", {}, accessToken);
			out.optionsStatus = creation.status;
			const created = await navigator.credentials.create({
				publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(creation.json.publicKey) });
			const registered = await post("/api/auth/webauthn/register/verify", { credential: created.toJSON(), name: "Chromium" }, accessToken);
			out.registerStatus = registered.status;
			out.passkey = registered.json;

			// Second factor after the password.
			const first = await post("/api/auth/login", { email, password });
			out.loginStatus = first.status;
			out.mfaMethods = first.json && first.json.methods;
			const asserted = await navigator.credentials.get({
				publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(first.json.webauthn.publicKey) });
			const second = await post("/api/auth/login/mfa", { mfa_challenge: first.json.mfa_challenge, method: "webauthn",
				credential: asserted.toJSON() });
			out.mfaStatus = second.status;
			out.mfaEmail = second.json && second.json.user && second.json.user.email;

			// Passwordless: no email, a discoverable credential.
			const request = await post("/api/auth/webauthn/login/options", {});
			const discovered = await navigator.credentials.get({
				publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(request.json.publicKey) });
			const tokens = await post("/api/auth/webauthn/login/verify", { credential: discovered.toJSON() });
			out.passwordlessStatus = tokens.status;
			out.passwordlessEmail = tokens.json && tokens.json.user && tokens.json.user.email;
			out.passwordlessHasTokens = Boolean(tokens.json && tokens.json.access_token && tokens.json.refresh_token);
			return out;
		}, { email, password, accessToken });
		Object.assign(report, result);
		const credentials = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
		report.credentials = credentials.credentials.map(c => ({ isResidentCredential: c.isResidentCredential, rpId: c.rpId,
			signCount: c.signCount }));
		console.log(JSON.stringify(report));
	} finally {
		await context.close();
		fs.rmSync(profile, { recursive: true, force: true });
	}
}

main().catch(err => {
	console.log(JSON.stringify({ error: String(err && err.stack || err) }));
	process.exit(1);
});
