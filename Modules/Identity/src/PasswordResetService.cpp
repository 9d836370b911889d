//
// PasswordResetService.cpp
//


#include "AuthServer/Identity/PasswordResetService.h"
#include "AuthServer/Identity/EmailAddress.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/Clock.h"
#include "AuthServer/Core/Digests.h"
#include "AuthServer/Core/SecureRandom.h"
#include "Poco/Data/DataException.h"
#include "Poco/Logger.h"


using AuthServer::Core::AuthException;
using AuthServer::Core::Clock;
using AuthServer::Core::Problem;
using AuthServer::Core::ValidationException;
using AuthServer::Persistence::User;


namespace AuthServer {
namespace Identity {


namespace
{
	AuthException invalidToken()
	{
		return AuthException(Problem::InvalidToken, "The reset link is invalid or has expired.", 400);
	}
}


PasswordResetService::PasswordResetService(Persistence::UserStore& users, UserDirectory& directory, Persistence::OneTimeTokenStore& oneTimeTokens,
	PasswordService& passwords, RevocationList& revocations, OtpService& otp, RateLimiter& limiter, Mail::Mailer& mailer,
	AuditLog& audit, const IdentitySettings& settings, DeferredWork& deferred, IdentifierClaims& claims):
	_users(users),
	_claims(claims),
	_directory(directory),
	_oneTimeTokens(oneTimeTokens),
	_passwords(passwords),
	_revocations(revocations),
	_otp(otp),
	_limiter(limiter),
	_mailer(mailer),
	_audit(audit),
	_settings(settings),
	_deferred(deferred)
{
}


void PasswordResetService::forgot(const std::string& rawEmail, const RequestContext&)
{
	std::string email = EmailAddress::normalize(rawEmail);
	if (email.empty()) throw ValidationException("email", "This field is required.");
	if (!EmailAddress::isValid(email)) return;
	_limiter.checkAccount("passwordForgot", email); // known or not, alike
	// Issue 17 finding 5: the same job for every address; whether an
	// account matches is decided after the answer.
	_deferred.post([this, email] { sendLink(email); });
}


void PasswordResetService::sendLink(const std::string& email)
{
	std::optional<User> user = _users.findByEmail(email);
	if (!user || !user->isActive) return;
	if (!_otp.allowSend("email", email)) return;

	Persistence::OneTimeToken token;
	std::string link = Core::SecureRandom::token(32);
	token.userId = user->id;
	token.purpose = PURPOSE;
	token.tokenHash = Core::Digests::sha256Hex(link);
	token.createdAt = Clock::now();
	token.expiresAt = token.createdAt + _settings.passwordResetLifetime;
	_oneTimeTokens.replace(token);
	int minutes = (_settings.passwordResetLifetime + 59) / 60;
	try
	{
		_mailer.send(email, "password_reset", {
			{"full_name", user->fullName},
			{"link", _settings.frontendUrl + "/reset-password?token=" + link},
			{"lifetime_minutes", std::to_string(minutes)}
		});
	}
	catch (Poco::Exception& exc)
	{
		Poco::Logger::get("AuthServer.Mail").error("password reset mail for user %s not sent: %s", std::to_string(user->id), exc.displayText());
	}
}


Account PasswordResetService::reset(const std::string& token, const std::string& newPassword, const std::string& newPasswordConfirm, const RequestContext& context)
{
	ValidationException::FieldErrors errors;
	if (token.empty()) errors["token"].push_back("This field is required.");
	if (newPassword.empty()) errors["new_password"].push_back("This field is required.");
	if (newPasswordConfirm.empty()) errors["new_password_confirm"].push_back("This field is required.");
	if (!errors.empty()) throw ValidationException(errors);
	if (token.size() > 256) throw invalidToken();

	std::optional<Persistence::OneTimeToken> record = _oneTimeTokens.findByTokenHash(Core::Digests::sha256Hex(token));
	Poco::Int64 now = Clock::now();
	if (!record || record->purpose != PURPOSE || record->usedAt || record->expiresAt <= now) throw invalidToken();
	std::optional<User> user = _users.findById(record->userId);
	// An account that lost its email claim to the one who proved it has no
	// address the link could have been proven through (issue 17 finding 1).
	if (!user || !user->isActive || !user->email) throw invalidToken();
	if (newPassword != newPasswordConfirm)
		throw ValidationException("new_password_confirm", "The two passwords do not match.", Problem::PasswordMismatch);
	_passwords.policy().check(newPassword, "new_password", user->email.value_or(""), user->fullName);
	std::string hash = _passwords.hash(newPassword);

	if (!_oneTimeTokens.consume(record->id, now)) throw invalidToken();
	// The link came back from the mailbox: the email is proven (API.md), and
	// the methods the one resetting did not set up go (IdentifierClaims:
	// a phone number given before the email was proven).
	try
	{
		*user = _claims.proveEmail(user->id, IdentifierClaims::Proof::Recovery, context);
	}
	catch (Poco::Data::DataException&)
	{
		// Another account proved this email at the same moment.
		throw invalidToken();
	}
	_directory.setPasswordHash(user->id, hash, now);
	_oneTimeTokens.invalidateAll(user->id, PURPOSE, now); // issue 17 finding 8: no older link outlives the change
	_revocations.revokeAllForUser(user->id, "password_reset");
	if (user->email) _limiter.clearLockout(*user->email); // API.md: a reset clears the lockout
	_audit.record("password_reset", user->id, context);
	if (user->email)
	{
		try
		{
			_mailer.send(*user->email, "password_changed", {{"full_name", user->fullName}, {"changed_at", Clock::toRfc3339(now)}});
		}
		catch (Poco::Exception& exc)
		{
			Poco::Logger::get("AuthServer.Mail").error("password-changed notice for user %s not sent: %s", std::to_string(user->id), exc.displayText());
		}
	}
	return Account(*user);
}


} } // namespace AuthServer::Identity
