//
// IdentifierClaims.cpp
//


#include "AuthServer/Identity/IdentifierClaims.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/Clock.h"


using AuthServer::Core::AuthException;
using AuthServer::Core::Clock;
using AuthServer::Core::Problem;
using AuthServer::Persistence::User;


namespace AuthServer {
namespace Identity {


namespace
{
	// The mailed links and codes of an account that loses its email die with
	// the claim (RegistrationService, PasswordResetService purposes).
	const char* const MAILED_PURPOSES[] = {"verify_email", "password_reset"};
}


IdentifierClaims::IdentifierClaims(Persistence::UserStore& users, UserDirectory& directory, Persistence::OneTimeTokenStore& oneTimeTokens,
	RevocationList& revocations, AuditLog& audit):
	_users(users),
	_directory(directory),
	_oneTimeTokens(oneTimeTokens),
	_revocations(revocations),
	_audit(audit)
{
}


void IdentifierClaims::removeFrom(const std::vector<Poco::Int64>& losers, const std::string& what, const RequestContext& context)
{
	Poco::Int64 now = Clock::now();
	for (Poco::Int64 id: losers)
	{
		if (what == "email")
		{
			for (const char* purpose: MAILED_PURPOSES)
				if (auto token = _oneTimeTokens.findLatestUnused(id, purpose)) _oneTimeTokens.consume(token->id, now);
		}
		_audit.record("identifier_claim_removed", id, context, what + " proven by another account");
	}
}


User IdentifierClaims::proveEmail(Poco::Int64 userId, Proof proof, const RequestContext& context)
{
	std::optional<User> user = _users.findById(userId);
	if (!user || !user->email)
		throw AuthException(Problem::InvalidToken, "The link or code is no longer valid: another account has proven this email address.", 400);
	Poco::Int64 now = Clock::now();
	bool wasProven = user->emailVerified;
	// Whoever proves it takes it: pending claims of other accounts go first,
	// then the proven (unique) column is written.
	removeFrom(_directory.releaseEmail(*user->email, user->id, now), "email", context);
	if (!wasProven) _directory.markEmailVerified(user->id, now);
	user = _users.findById(userId);
	if (!wasProven && user->phoneNumber && (!user->phoneVerified || proof != Proof::InSession))
	{
		// A login method the prover did not set up: an unproven number,
		// or one proven by whoever held the account before its email was
		// proven, unless the prover holds a session of this account.
		bool wasLoginMethod = user->phoneVerified;
		user->phoneNumber.reset();
		user->phoneVerified = false;
		if (user->otpChannel == "sms") user->otpChannel = "email";
		user->updatedAt = now;
		_directory.update(*user);
		_audit.record("identifier_claim_removed", user->id, context, "phone removed when the email was proven");
		if (wasLoginMethod) _revocations.revokeAllForUser(user->id, "email_proven");
	}
	return *user;
}


void IdentifierClaims::provePhone(User& user, const std::string& e164, const RequestContext& context)
{
	Poco::Int64 now = Clock::now();
	removeFrom(_directory.releasePhone(e164, user.id, now), "phone", context);
	user.phoneNumber = e164;
	user.phoneVerified = true;
	user.updatedAt = now;
	if (user.id == 0) return;
	_directory.update(user);
}


} } // namespace AuthServer::Identity
