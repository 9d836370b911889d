//
// CompatRegistration.h
//
// The account rules the compatibility profiles add to the native ones:
// usernames (signup, otp-activation) and activation by a mailed code
// (otp-activation).
//


#ifndef AuthServer_Compat_CompatRegistration_INCLUDED
#define AuthServer_Compat_CompatRegistration_INCLUDED


#include "AuthServer/Compat/CompatAccountStore.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Identity/Account.h"
#include "AuthServer/Identity/IdentityModule.h"
#include "AuthServer/Identity/LoginOutcome.h"
#include "AuthServer/Identity/Registration.h"
#include "AuthServer/Identity/RequestContext.h"
#include <optional>
#include <string>


namespace AuthServer {
namespace Compat {


class CompatRegistration
	/// Docs/COMPAT.md "signup" and "otp-activation", on top of the native
	/// services (Identity::RegistrationService, OtpService,
	/// AuthenticationService: same validation, limits, lockout, audit and
	/// code rules):
	/// - username: 1-150 Unicode letters, digits and @.+-_ (Django's
	///   UnicodeUsernameValidator and max_length), unique
	///   case-insensitively; a handle, never a login identifier. A taken
	///   username is refused even under auth.preventEnumeration.
	/// - pending accounts (otp-activation): stored inactive, mailed a
	///   6-digit code (OtpService purpose "verify", otp.lifetime) instead
	///   of the link; no login on any route until the code comes back.
{
public:
	static constexpr const char* USERNAME_TAKEN = "A user with this username already exists.";
	static constexpr const char* EMAIL_TAKEN = "A user with this email already exists.";
	static constexpr const char* NOT_ACTIVATED = "Account is not activated. Enter the code sent to your email.";

	CompatRegistration(Identity::IdentityModule& identity, Persistence::Database& database);

	static void checkUsername(const std::string& username, const std::string& field, Core::ValidationException::FieldErrors& errors);
		/// Adds Django's message to errors[field] when username (UTF-8)
		/// breaks the rule: "This field may not be blank.", "Ensure this
		/// field has no more than 150 characters.", "Enter a valid
		/// username. This value may contain only letters, numbers, and
		/// @/./+/-/_ characters.".

	Identity::Account registerUser(const Identity::Registration& registration, const std::optional<std::string>& username,
		const std::string& usernameField, const Identity::RequestContext& context);
		/// RegistrationService::registerUser with an optional username
		/// (checked first; sent as usernameField). A bad or taken username
		/// is 400 validation_error naming usernameField, together with
		/// the email when another account has proven it (USERNAME_TAKEN,
		/// EMAIL_TAKEN: Django checks every field before answering), and
		/// nothing is stored. A native conflict on the email alone stays
		/// Problem::Conflict. With registration.activationByCode the new
		/// account is recorded as pending (CompatAccountStore). The user,
		/// its username and its pending row are written in one
		/// transaction (RegistrationService's alsoInTransaction): a
		/// username taken by a concurrent sign-up, or any failure, stores
		/// none of them. The account returned carries the username.

	Identity::Account activate(const std::string& email, const std::string& code, const Identity::RequestContext& context);
		/// OtpService::verifyDestination (email channel) with the mailed
		/// code; a pending account it proves becomes active (audit
		/// user_activated, detail "by_code"). Throws as verifyDestination:
		/// invalid_otp, otp_expired, otp_attempts_exceeded, validation_error.

	Identity::LoginOutcome login(const std::string& email, const std::string& password, const Identity::RequestContext& context);
		/// AuthenticationService::beginLogin; for a pending account with
		/// the right password throws account_inactive (403,
		/// NOT_ACTIVATED) after mailing a fresh code (resend cooldown and
		/// hourly cap apply). A wrong password is invalid_credentials as
		/// always; an account deactivated by an administrator stays
		/// account_inactive as native.

private:
	Identity::IdentityModule& _identity;
	CompatAccountStore _store;
};


} } // namespace AuthServer::Compat


#endif // AuthServer_Compat_CompatRegistration_INCLUDED
