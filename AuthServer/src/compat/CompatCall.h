//
// CompatCall.h
//
// What a compatibility operation sees of its request.
//


#ifndef AuthServer_Http_CompatCall_INCLUDED
#define AuthServer_Http_CompatCall_INCLUDED


#include "AuthServer/Compat/CompatBody.h"
#include "AuthServer/Compat/CompatRegistration.h"
#include "AuthServer/Http/Exchange.h"
#include "AuthServer/Http/ServerContext.h"
#include "AuthServer/Identity/Account.h"
#include "AuthServer/Identity/LoginOutcome.h"
#include "Poco/JSON/Object.h"
#include <optional>


namespace AuthServer {
namespace Http {


class CompatCall
	/// The aliased body, the exchange and the server, plus the old
	/// answers' common shapes (Docs/COMPAT.md "DRF profiles").
{
public:
	CompatCall(Exchange& exchange, Compat::CompatBody& body, const std::string& profile);

	Exchange& exchange();
	Compat::CompatBody& body();
	const ServerContext& server();
	const Identity::RequestContext& context();
	const std::string& profile() const;

	std::optional<Identity::Principal> bearerPrincipal();
		/// Returns the caller of a valid Bearer access token, or nothing
		/// (no header, or a token not valid); never throws for the token.

	Compat::CompatRegistration registration();
		/// Returns the profiles' account rules (usernames, activation by
		/// code) over the server's identity services and database.

	Poco::JSON::Object drfUser(const Identity::Account& user) const;
		/// Returns the native User with id an integer and username (the
		/// account's, or null); accounts adds contact.

	Poco::JSON::Object loginAnswer(const Identity::LoginOutcome& outcome) const;
		/// Returns {"refresh", "access", "user": DRF user}, or the native
		/// challenge object (otp_required / mfa_required).

	static Poco::JSON::Object refreshAnswer(const Identity::TokenPair& pair);
		/// Returns {"access", "refresh"}.

	static Poco::JSON::Object message(const std::string& text);
		/// Returns {"message": text}.

	void send(int status, const Poco::JSON::Object& answer);
		/// Sends answer as application/json.

private:
	Exchange& _exchange;
	Compat::CompatBody& _body;
	std::string _profile;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_CompatCall_INCLUDED
