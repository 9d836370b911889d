// Starts Swagger UI on the page of GET /api/docs with the server's own
// OpenAPI document (GET /api/openapi.json). A served file rather than an
// inline script, so the page's CSP needs no 'unsafe-inline' for scripts.
// validatorUrl null: no call to the public validator (no third-party
// requests; connect-src is 'self').
window.addEventListener("load", function () {
	window.ui = SwaggerUIBundle({
		url: "/api/openapi.json",
		dom_id: "#swagger-ui",
		deepLinking: true,
		validatorUrl: null,
		presets: [SwaggerUIBundle.presets.apis],
		layout: "BaseLayout"
	});
});
