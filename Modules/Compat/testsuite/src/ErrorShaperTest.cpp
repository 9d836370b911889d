//
// ErrorShaperTest.cpp
//
// Native problems in DRF's and FastAPI's shapes (Docs/COMPAT.md tables).
//


#include "AuthServer/Compat/DrfErrorShaper.h"
#include "AuthServer/Compat/FastApiErrorShaper.h"
#include "Poco/JSON/Stringifier.h"
#include <cppunit/extensions/HelperMacros.h>
#include <sstream>


using namespace AuthServer::Compat;
using AuthServer::Core::AuthException;
using AuthServer::Core::Problem;
using AuthServer::Core::ValidationException;


namespace
{
	std::string body(const ShapedError& e)
	{
		std::ostringstream out;
		Poco::JSON::Stringifier::condense(e.pBody, out);
		return out.str();
	}

	std::string header(const ShapedError& e, const std::string& name)
	{
		for (const auto& h: e.headers)
			if (h.first == name) return h.second;
		return "";
	}
}


class ErrorShaperTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(ErrorShaperTest);
	CPPUNIT_TEST(testDrfFieldErrorsNamedAsSent);
	CPPUNIT_TEST(testDrfPasswordMessagesAreDjangos);
	CPPUNIT_TEST(testDrfConflict);
	CPPUNIT_TEST(testDrfInvalidCredentials);
	CPPUNIT_TEST(testDrfMissingAndBadAccessToken);
	CPPUNIT_TEST(testDrfRefreshTokenErrors);
	CPPUNIT_TEST(testDrfThrottled);
	CPPUNIT_TEST(testDrfJsonErrors);
	CPPUNIT_TEST(testDrfOtpErrors);
	CPPUNIT_TEST(testFastApiValidation);
	CPPUNIT_TEST(testFastApiAuthAndOtp);
	CPPUNIT_TEST_SUITE_END();

public:
	void testDrfFieldErrorsNamedAsSent()
	{
		ErrorContext context;
		context.sentNames = {{"phone_number", "contact"}};
		ValidationException::FieldErrors errors = {{"phone_number", {"Enter a valid phone number."}}, {"email", {"This field is required."}}};
		ShapedError e = DrfErrorShaper::shape(ValidationException(errors), context);
		CPPUNIT_ASSERT_EQUAL(400, e.status);
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"contact":["Enter a valid phone number."],"email":["This field is required."]})"), body(e));
	}

	void testDrfPasswordMessagesAreDjangos()
	{
		ErrorContext context;
		context.sentNames = {{"password_confirm", "password2"}};
		ShapedError mismatch = DrfErrorShaper::shape(ValidationException("password_confirm", "The two passwords do not match.", Problem::PasswordMismatch), context);
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"password":["Password fields didn't match."]})"), body(mismatch));
		ShapedError shortOne = DrfErrorShaper::shape(ValidationException("password", "The password must be at least 8 characters long.", Problem::WeakPassword), context);
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"password":["This password is too short. It must contain at least 8 characters."]})"), body(shortOne));
		ShapedError common = DrfErrorShaper::shape(ValidationException("password", "This password is too common: it appears in lists of breached passwords.", Problem::WeakPassword), context);
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"password":["This password is too common."]})"), body(common));
	}

	void testDrfConflict()
	{
		ErrorContext context;
		context.sentNames = {{"phone_number", "contact"}};
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"email":["user with this email already exists."]})"),
			body(DrfErrorShaper::shape(AuthException(Problem::Conflict, "An account with this email already exists."), context)));
		ShapedError phone = DrfErrorShaper::shape(AuthException(Problem::Conflict, "An account with this phone number already exists."), context);
		CPPUNIT_ASSERT_EQUAL(400, phone.status);
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"contact":["user with this phone number already exists."]})"), body(phone));
	}

	void testDrfInvalidCredentials()
	{
		ShapedError e = DrfErrorShaper::shape(AuthException(Problem::InvalidCredentials, "Invalid email or password."), ErrorContext());
		CPPUNIT_ASSERT_EQUAL(401, e.status);
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"detail":"No active account found with the given credentials"})"), body(e));
		CPPUNIT_ASSERT_EQUAL(std::string("Bearer realm=\"api\""), header(e, "WWW-Authenticate"));
		ShapedError unverified = DrfErrorShaper::shape(AuthException(Problem::EmailNotVerified, "x"), ErrorContext());
		CPPUNIT_ASSERT_EQUAL(403, unverified.status);
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"detail":"Email address is not verified."})"), body(unverified));
	}

	void testDrfMissingAndBadAccessToken()
	{
		ErrorContext none;
		ShapedError missing = DrfErrorShaper::shape(AuthException(Problem::InvalidToken, "Authentication credentials were not provided."), none);
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"detail":"Authentication credentials were not provided."})"), body(missing));
		ErrorContext bad;
		bad.authorization = "Bearer abc";
		ShapedError invalid = DrfErrorShaper::shape(AuthException(Problem::TokenExpired, "expired"), bad);
		CPPUNIT_ASSERT_EQUAL(401, invalid.status);
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"code":"token_not_valid","detail":"Given token not valid for any token type","messages":[{"message":"Token is invalid or expired","token_class":"AccessToken","token_type":"access"}]})"), body(invalid));
		ErrorContext two;
		two.authorization = "Bearer a b";
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"code":"bad_authorization_header","detail":"Authorization header must contain two space-delimited values"})"),
			body(DrfErrorShaper::shape(AuthException(Problem::InvalidToken, "x"), two)));
		two.authorization = "Bearer";
		CPPUNIT_ASSERT(DrfErrorShaper::isBadAuthorizationHeader(two.authorization));
	}

	void testDrfRefreshTokenErrors()
	{
		ErrorContext refresh;
		refresh.refreshRoute = true;
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"code":"token_not_valid","detail":"Token is invalid or expired"})"),
			body(DrfErrorShaper::shape(AuthException(Problem::InvalidToken, "The refresh token is not known."), refresh)));
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"code":"token_not_valid","detail":"Token is blacklisted"})"),
			body(DrfErrorShaper::shape(AuthException(Problem::TokenReused, "reused"), refresh)));
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"code":"token_not_valid","detail":"Token is blacklisted"})"),
			body(DrfErrorShaper::shape(AuthException(Problem::InvalidToken, "The session has ended."), refresh)));
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"code":"token_not_valid","detail":"Token has wrong type"})"),
			body(DrfErrorShaper::shape(AuthException(Problem::InvalidToken, "Token has wrong type"), refresh)));
	}

	void testDrfThrottled()
	{
		ShapedError e = DrfErrorShaper::shape(AuthException(Problem::RateLimited, "slow down").setRetryAfter(42), ErrorContext());
		CPPUNIT_ASSERT_EQUAL(429, e.status);
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"detail":"Request was throttled. Expected available in 42 seconds."})"), body(e));
		CPPUNIT_ASSERT_EQUAL(std::string("42"), header(e, "Retry-After"));
		ShapedError one = DrfErrorShaper::shape(AuthException(Problem::AccountLocked, "locked").setRetryAfter(1), ErrorContext());
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"detail":"Request was throttled. Expected available in 1 second."})"), body(one));
	}

	void testDrfJsonErrors()
	{
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"non_field_errors":["Invalid data. Expected a dictionary, but got list."]})"),
			body(DrfErrorShaper::shape(AuthException(Problem::InvalidJson, "The body must be a JSON object."), ErrorContext())));
		ShapedError parse = DrfErrorShaper::shape(AuthException(Problem::InvalidJson, "The body is not valid JSON."), ErrorContext());
		CPPUNIT_ASSERT_EQUAL(400, parse.status);
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"detail":"JSON parse error - The body is not valid JSON."})"), body(parse));
		ErrorContext text;
		text.contentType = "text/plain";
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"detail":"Unsupported media type \"text/plain\" in request."})"),
			body(DrfErrorShaper::shape(AuthException(Problem::UnsupportedMediaType, "x"), text)));
	}

	void testDrfOtpErrors()
	{
		ErrorContext context;
		context.sentNames = {{"code", "otp"}, {"email", "email"}};
		context.given = {"code", "email"};
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"otp":["Invalid or expired OTP."]})"),
			body(DrfErrorShaper::shape(AuthException(Problem::InvalidOtp, "The code is invalid."), context)));
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"otp":["Too many wrong attempts. Request a new OTP."]})"),
			body(DrfErrorShaper::shape(AuthException(Problem::OtpAttemptsExceeded, "x"), context)));
		ErrorContext token;
		token.sentNames = {{"token", "token"}, {"code", "otp"}};
		token.given = {"token"};
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"token":["Invalid or expired token."]})"),
			body(DrfErrorShaper::shape(AuthException(Problem::InvalidToken, "The reset link is invalid or has expired.", 400), token)));
	}

	void testFastApiValidation()
	{
		ErrorContext context;
		ValidationException::FieldErrors errors = {{"phone_number", {"This field is required."}}};
		ShapedError e = FastApiErrorShaper::shape(ValidationException(errors), context);
		CPPUNIT_ASSERT_EQUAL(422, e.status);
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"detail":[{"loc":["body","phone_number"],"msg":"Field required","type":"missing"}]})"), body(e));
		ShapedError json = FastApiErrorShaper::shape(AuthException(Problem::InvalidJson, "x"), context);
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"detail":[{"loc":["body",0],"msg":"JSON decode error","type":"json_invalid"}]})"), body(json));
		ShapedError phone = FastApiErrorShaper::shape(ValidationException("phone_number", "Enter a valid phone number.", Problem::InvalidPhoneNumber), context);
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"detail":[{"loc":["body","phone_number"],"msg":"Value error, Enter a valid phone number.","type":"value_error"}]})"), body(phone));
	}

	void testFastApiAuthAndOtp()
	{
		ShapedError none = FastApiErrorShaper::shape(AuthException(Problem::InvalidToken, "x"), ErrorContext());
		CPPUNIT_ASSERT_EQUAL(401, none.status);
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"detail":"Not authenticated"})"), body(none));
		CPPUNIT_ASSERT_EQUAL(std::string("Bearer"), header(none, "WWW-Authenticate"));
		ErrorContext bearer;
		bearer.authorization = "Bearer x";
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"detail":"Could not validate credentials"})"), body(FastApiErrorShaper::shape(AuthException(Problem::TokenExpired, "x"), bearer)));
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"detail":"Invalid or expired OTP"})"), body(FastApiErrorShaper::shape(AuthException(Problem::InvalidOtp, "x"), bearer)));
		ShapedError dead = FastApiErrorShaper::shape(AuthException(Problem::OtpAttemptsExceeded, "x"), bearer);
		CPPUNIT_ASSERT_EQUAL(429, dead.status);
		ShapedError slow = FastApiErrorShaper::shape(AuthException(Problem::RateLimited, "x").setRetryAfter(7), bearer);
		CPPUNIT_ASSERT_EQUAL(std::string(R"({"detail":"Too Many Requests"})"), body(slow));
		CPPUNIT_ASSERT_EQUAL(std::string("7"), header(slow, "Retry-After"));
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(ErrorShaperTest);
