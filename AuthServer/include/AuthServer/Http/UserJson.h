//
// UserJson.h
//
// The wire forms of API.md: the User object and the token response.
//


#ifndef AuthServer_Http_UserJson_INCLUDED
#define AuthServer_Http_UserJson_INCLUDED


#include "AuthServer/Identity/Account.h"
#include "AuthServer/Identity/LoginOutcome.h"
#include "AuthServer/Identity/TokenPair.h"
#include "AuthServer/Persistence/AuditStore.h"
#include "AuthServer/Persistence/SessionRecord.h"
#include "AuthServer/Persistence/User.h"
#include "AuthServer/SecondFactor/WebAuthnCredential.h"
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Object.h"
#include <optional>
#include <string>
#include <vector>


namespace AuthServer {
namespace Http {


class UserJson
	/// Renders API.md's User object (id as a string, RFC 3339 UTC times,
	/// null for absent email/phone/birth_date/company_name/last_login_at)
	/// and the RFC 6749 §5.1 token response. Never renders a password hash
	/// or any other secret.
{
public:
	static Poco::JSON::Object user(const Identity::Account& user);
		/// Returns the User object.

	static Poco::JSON::Object tokens(const Identity::TokenPair& pair);
		/// Returns {"access_token", "refresh_token", "token_type": "Bearer",
		/// "expires_in", "refresh_expires_in", "user"}, written with
		/// non-ASCII characters as \uXXXX escapes (RFC 8259 §7).

	static std::string tokensText(const Identity::TokenPair& pair);
		/// Returns the bytes tokens(pair).stringify() writes, without
		/// building the object (issue 14: that object and its stringify
		/// were about 130,000 instructions of each refresh), through
		/// Core::JsonWriter (strings escaped by POCO). A test compares the
		/// two forms byte for byte.

	static Poco::JSON::Object loginOutcome(const Identity::LoginOutcome& outcome);
		/// Returns the answer of a proven first factor: the token response
		/// (tokens()), {"mfa_required": true, "mfa_challenge", "methods":
		/// [...]} for an account with a second factor, or {"otp_required":
		/// true, "otp_challenge", "channel"} for one with login OTP on
		/// (API.md "Login", "Second factors"), the latter with "webauthn":
		/// {"publicKey": request options} when passkeys are offered.

	static Poco::JSON::Object::Ptr passkey(const SecondFactor::WebAuthnCredential& credential);
		/// Returns {"id" (string), "name", "created_at", "last_used_at"
		/// (RFC 3339 or null)}; never the key or the credential id.

	static Poco::JSON::Object session(const Persistence::SessionRecord& session, const std::string& currentSessionId);
		/// Returns {"id", "created_at", "last_used_at", "ip", "user_agent",
		/// "current"} of GET /api/auth/sessions; current when session is
		/// the caller's own (its id equals currentSessionId, the token's
		/// "sid").

	static Poco::JSON::Object auditEvent(const Persistence::AuditEvent& event);
		/// Returns {"id", "user_id" (string or null), "event", "ip",
		/// "user_agent", "created_at", "detail"} of GET /api/admin/audit.

	static Poco::JSON::Object page(const Poco::JSON::Array& items, std::optional<int> page, int pageSize, Poco::Int64 total,
		bool totalCapped, const std::optional<std::string>& next);
		/// Returns a listing of the admin routes: {"items", "page" (null
		/// when asked for by cursor), "page_size", "total" (counted up to
		/// a cap), "total_capped" (true: more match than total says),
		/// "next" (the cursor of the following page, null on the last)}.

	static Poco::JSON::Object recoveryCodes(const std::vector<std::string>& codes);
		/// Returns {"recovery_codes": [...]} (API.md "Second factors").
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_UserJson_INCLUDED
