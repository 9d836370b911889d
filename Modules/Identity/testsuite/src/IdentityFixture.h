//
// IdentityFixture.h
//
// A complete IdentityModule over a temporary SQLite database, a
// MemoryCache and an outbox folder, for the Identity test suites.
//


#ifndef AuthServer_Identity_IdentityFixture_INCLUDED
#define AuthServer_Identity_IdentityFixture_INCLUDED


#include "AuthServer/Cache/MemoryCache.h"
#include "AuthServer/Identity/IdentityModule.h"
#include "AuthServer/Mail/Mailer.h"
#include "AuthServer/Persistence/Database.h"
#include "AuthServer/Sms/OutboxSmsTransport.h"
#include "AuthServer/Tokens/TokenService.h"
#include <functional>
#include <memory>
#include <string>


class IdentityFixture
	/// Builds the module with a cheap Argon2 cost (1 MiB, t=1) so tests run
	/// fast; the cost itself is tested in PasswordTest.
{
public:
	explicit IdentityFixture(std::function<void(AuthServer::Identity::IdentitySettings&)> tweak = {});
	~IdentityFixture();

	AuthServer::Identity::IdentityModule& module();
	AuthServer::Tokens::TokenService& tokens();
	AuthServer::Cache::MemoryCache& cache();
	AuthServer::Persistence::Database& database();
	AuthServer::Mail::Mailer& mailer();

	AuthServer::Persistence::User registerUser(const std::string& email, const std::string& password = "correct horse battery", const std::string& role = "user");
		/// Registers without verifying.

	AuthServer::Persistence::User registerVerified(const std::string& email, const std::string& password = "correct horse battery");
		/// Registers and verifies with the mailed link token.

	AuthServer::Persistence::User stored(const AuthServer::Identity::Account& account);
		/// Returns the stored row of account (without its password hash), or
		/// a row built from account when nothing was stored.

	std::string lastMail(const std::string& to);
		/// Returns the newest outbox mail to `to`, quoted-printable decoded;
		/// empty if none.

	std::string mailedToken(const std::string& to);
		/// Returns the token= value of the newest mail to `to`.

	std::string mailedCode(const std::string& to);
		/// Returns the 6-digit code of the newest mail to `to`.

	int mailCount();

	std::string lastMailContaining(const std::string& to, const std::string& needle);
		/// Returns the newest outbox mail to `to` whose decoded text holds
		/// needle (outbox names order mails by millisecond only); empty if
		/// none.

	std::string mailedOtp(const std::string& to);
		/// Returns the 6-digit code of the newest OTP mail to `to`.

	std::string mailedResetToken(const std::string& to);
		/// Returns the token of the newest password reset mail to `to`.

	std::string lastSms(const std::string& to);
		/// Returns the body of the newest SMS outbox line to `to`; empty if
		/// none.

	int smsCount();

	AuthServer::Identity::RequestContext context;

private:
	std::string _root;
	std::unique_ptr<AuthServer::Persistence::Database> _pDatabase;
	AuthServer::Cache::MemoryCache _cache;
	std::unique_ptr<AuthServer::Tokens::TokenService> _pTokens;
	std::unique_ptr<AuthServer::Mail::Mailer> _pMailer;
	std::unique_ptr<AuthServer::Sms::OutboxSmsTransport> _pSms;
	std::unique_ptr<AuthServer::Identity::IdentityModule> _pModule;
};


#endif // AuthServer_Identity_IdentityFixture_INCLUDED
