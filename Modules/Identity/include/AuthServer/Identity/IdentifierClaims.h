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
	/// the login methods its prover did not set up (see proveEmail).
	/// Throws Poco::Data::DataException when the database fails.
{
public:
	IdentifierClaims(Persistence::UserStore& users, UserDirectory& directory, Persistence::OneTimeTokenStore& oneTimeTokens,
		RevocationList& revocations, AuditLog& audit);

	enum class Proof
		/// How an email came back proven, which tells what its prover set up.
	{
		InSession, /// a mailed code or link, sent with an access token of this same account: the prover holds its session and login methods
		Anonymous, /// a mailed code or link without such a session: the prover set up nothing but the registration the mail confirms
		Recovery   /// a password reset link: the prover set only the new password
	};

	Persistence::User proveEmail(Poco::Int64 userId, Proof proof, const RequestContext& context);
		/// Marks the email of account userId proven after a code or link
		/// mailed to it came back; applies the rule above and returns the
		/// account as stored. When the email was not proven before, the
		/// account's phone number goes if it is unproven, and also if proven
		/// unless proof is InSession (a number proven on the account before
		/// the email was is a login method the prover did not set up); when
		/// a proven number goes, every session of the account is revoked
		/// (OTP login over SMS falls back to email). The password is kept
		/// (it came with the registration the mail confirms) except that
		/// Recovery replaces it (the caller). Throws Core::AuthException
		/// 400 invalid_token when the account no longer claims an email
		/// (another account proved it first).

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
