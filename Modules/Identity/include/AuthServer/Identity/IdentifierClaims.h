//
// IdentifierClaims.h
//
// The rule "an identifier counts only once proven".
//


#ifndef AuthServer_Identity_IdentifierClaims_INCLUDED
#define AuthServer_Identity_IdentifierClaims_INCLUDED


#include "AuthServer/Identity/AuditLog.h"
#include "AuthServer/Identity/RequestContext.h"
#include "AuthServer/Identity/RevocationList.h"
#include "AuthServer/Identity/UserDirectory.h"
#include "AuthServer/Persistence/OneTimeTokenStore.h"
#include "AuthServer/Persistence/UserStore.h"


namespace AuthServer {
namespace Identity {


class IdentifierClaims
	/// Proves email addresses and phone numbers on accounts, against account
	/// pre-hijacking (Sudhodanan & Paverd, "Pre-hijacked accounts", USENIX
	/// Security 2022; OWASP ASVS 2.5.x, 3.7.1). An email or number an account
	/// has not proven is a pending claim: it reserves nothing (many accounts
	/// may claim it), never opens an account (no login by it), and whoever
	/// proves it takes it: every other account loses it (and its mailed
	/// verification and reset links die), and is told by the audit event
	/// identifier_claim_removed. Proving the email of an account also removes
	/// that account's own unproven phone claim; proving it by a password
	/// reset (account recovery) removes its phone number even if proven,
	/// since the one who proves the email by a reset did not prove that
	/// number. Throws Poco::Data::DataException when the database fails.
{
public:
	IdentifierClaims(Persistence::UserStore& users, UserDirectory& directory, Persistence::OneTimeTokenStore& oneTimeTokens,
		RevocationList& revocations, AuditLog& audit);

	Persistence::User proveEmail(Poco::Int64 userId, bool recovery, const RequestContext& context);
		/// Marks the email of account userId proven after a code or link
		/// mailed to it came back (verification, OTP verify) or, with
		/// recovery, after a password reset by a link mailed to it; applies
		/// the rule above and returns the account as stored. Throws
		/// Core::AuthException 400 invalid_token when the account no longer
		/// claims an email (another account proved it first).

	void provePhone(Persistence::User& user, const std::string& e164, const RequestContext& context);
		/// Makes e164 the proven number of user (a code sent to it came
		/// back; user.id 0 means a new account, which the caller inserts
		/// afterwards with user.phoneVerified true), taking it from every
		/// other account that held it, proven or not (numbers are recycled).

private:
	void removeFrom(const std::vector<Poco::Int64>& losers, const std::string& what, const RequestContext& context);

	Persistence::UserStore& _users;
	UserDirectory& _directory;
	Persistence::OneTimeTokenStore& _oneTimeTokens;
	RevocationList& _revocations;
	AuditLog& _audit;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_IdentifierClaims_INCLUDED
