// Validates an OpenAPI 3 document (schema and $refs) with swagger-parser.
// Usage: node validate.js FILE ; exits 1 with the reason when invalid.
const SwaggerParser = require("@apidevtools/swagger-parser");

SwaggerParser.validate(process.argv[2])
	.then(api => console.log("valid OpenAPI " + api.openapi + ": " + Object.keys(api.paths).length + " paths"))
	.catch(e => { console.error("invalid OpenAPI document: " + e.message); process.exit(1); });
