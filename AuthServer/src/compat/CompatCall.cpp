//
// CompatCall.cpp
//


#include "CompatCall.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


CompatCall::CompatCall(Exchange& exchange, Compat::CompatBody& body, const std::string& profile):
	_exchange(exchange),
	_body(body),
	_profile(profile)
{
}


Exchange& CompatCall::exchange()
{
	return _exchange;
}


Compat::CompatBody& CompatCall::body()
{
	return _body;
}


const ServerContext& CompatCall::server()
{
	return _exchange.server();
}


const Identity::RequestContext& CompatCall::context()
{
	return _exchange.context();
}


const std::string& CompatCall::profile() const
{
	return _profile;
}


std::optional<Identity::Principal> CompatCall::bearerPrincipal()
{
	std::string token = _exchange.bearerToken();
	if (token.empty()) return std::nullopt;
	try
	{
		return _exchange.server().identity().authentication().authenticate(token);
	}
	catch (Core::AuthException&)
	{
		return std::nullopt;
	}
}


Compat::CompatRegistration CompatCall::registration()
{
	return Compat::CompatRegistration(_exchange.server().identity(), _exchange.server().database());
}


Poco::JSON::Object CompatCall::drfUser(const Identity::Account& user) const
{
	Poco::JSON::Object o = UserJson::user(user);
	o.set("id", user.id);
	// The username comes with the account (users row or cache entry): no
	// further read per answer.
	if (user.username) o.set("username", *user.username);
	else o.set("username", Poco::Dynamic::Var());
	if (_profile == "accounts")
	{
		if (user.phoneNumber) o.set("contact", *user.phoneNumber);
		else o.set("contact", Poco::Dynamic::Var());
	}
	return o;
}


Poco::JSON::Object CompatCall::loginAnswer(const Identity::LoginOutcome& outcome) const
{
	if (!outcome.tokens) return UserJson::loginOutcome(outcome);
	Poco::JSON::Object o;
	o.set("refresh", outcome.tokens->refreshToken);
	o.set("access", outcome.tokens->accessToken);
	o.set("user", drfUser(outcome.tokens->user));
	return o;
}


Poco::JSON::Object CompatCall::refreshAnswer(const Identity::TokenPair& pair)
{
	Poco::JSON::Object o;
	o.set("access", pair.accessToken);
	o.set("refresh", pair.refreshToken);
	return o;
}


Poco::JSON::Object CompatCall::message(const std::string& text)
{
	Poco::JSON::Object o;
	o.set("message", text);
	return o;
}


void CompatCall::send(int status, const Poco::JSON::Object& answer)
{
	_exchange.sendJson(status, answer);
}


} } // namespace AuthServer::Http
