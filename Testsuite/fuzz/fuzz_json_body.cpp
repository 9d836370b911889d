//
// fuzz_json_body.cpp
//
// libFuzzer target: the request body parser (JsonBody::parse, the code behind
// every POST/PATCH/PUT) and the typed field reads handlers make on its
// result, then the problem document the server would answer with.
//
// Contract checked (API.md Conventions): any bytes give either a JsonBody or
// Core::AuthException (400 invalid_json, 415, 400 validation_error); never
// another exception, a crash, a leak or undefined behaviour; and the
// validation_error answer is itself valid JSON (it echoes field names).
//


#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Http/JsonBody.h"
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>


using AuthServer::Http::JsonBody;


namespace
{
	void checkProblemDocument(const AuthServer::Core::ValidationException& exc)
	{
		// As Exchange::sendProblem renders it.
		Poco::JSON::Object body;
		body.set("detail", exc.message());
		Poco::JSON::Object errors;
		for (const auto& field: exc.errors())
		{
			Poco::JSON::Array messages;
			for (const auto& message: field.second) messages.add(message);
			errors.set(field.first, messages);
		}
		body.set("errors", errors);
		std::ostringstream out;
		body.stringify(out);
		try
		{
			Poco::JSON::Parser parser;
			parser.parse(out.str());
		}
		catch (Poco::Exception& e)
		{
			std::cerr << "validation_error answer is not valid JSON: " << e.displayText() << "\n" << out.str() << std::endl;
			std::abort();
		}
	}
}


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
	if (size > 70000) return 0; // http.maxRequestBody (64 KiB) is checked before parsing
	std::string input(reinterpret_cast<const char*>(data), size);
	// First byte picks the Content-Type, so 415 and +json paths are reached.
	static const char* TYPES[] = {"application/json", "application/json; charset=utf-8", "application/problem+json", "text/plain", "application/json; charset=\"", ""};
	std::string contentType = TYPES[size ? data[0] % 6 : 0];
	if (size) input.erase(0, 1);
	try
	{
		JsonBody body = JsonBody::parse(input, contentType, 32);
		// The reads handlers make: every field as each type, then the
		// allowlist check of PATCH /profile and the final check().
		std::size_t n = 0;
		for (const auto& kv: body.object())
		{
			if (++n > 64) break;
			body.has(kv.first);
			switch (n % 4)
			{
			case 0: body.string(kv.first); break;
			case 1: body.optionalString(kv.first); break;
			case 2: body.nullableString(kv.first); break;
			default: body.optionalBool(kv.first); break;
			}
		}
		body.string("email");
		body.optionalBool("otp_login_enabled");
		body.refuseExcept({"full_name", "bio", "location"}, {"role", "email", "password"});
		try
		{
			body.check();
		}
		catch (AuthServer::Core::ValidationException& exc)
		{
			checkProblemDocument(exc);
		}
	}
	catch (AuthServer::Core::AuthException&)
	{
		// 400 / 415: the documented answers.
	}
	return 0;
}
