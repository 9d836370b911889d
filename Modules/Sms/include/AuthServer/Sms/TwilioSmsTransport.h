//
// TwilioSmsTransport.h
//
// Sends SMS through Twilio's Programmable Messaging REST API.
//


#ifndef AuthServer_Sms_TwilioSmsTransport_INCLUDED
#define AuthServer_Sms_TwilioSmsTransport_INCLUDED


#include "AuthServer/Sms/SmsTransport.h"
#include "Poco/Net/Context.h"
#include "Poco/URI.h"


namespace AuthServer {
namespace Sms {


class TwilioSmsTransport: public SmsTransport
	/// POST {baseUrl}/2010-04-01/Accounts/{accountSid}/Messages.json with
	/// HTTP basic auth (accountSid, authToken; RFC 7617) and the form
	/// fields To, From, Body (application/x-www-form-urlencoded), over
	/// HTTPS with POCO NetSSL (certificate and host name verified against
	/// the system CAs or caFile). Plain HTTP is accepted only for a
	/// loopback baseUrl (the tests' fake). 200/201 is success; anything
	/// else, or a network error, throws.
{
public:
	struct Settings
	{
		std::string baseUrl = "https://api.twilio.com";
		std::string accountSid;
		std::string authToken;
		std::string from;
		std::string caFile;     /// PEM; empty: system CAs
		int timeout = 15;       /// seconds
	};

	explicit TwilioSmsTransport(const Settings& settings);
		/// Throws Poco::InvalidArgumentException (with the offending
		/// setting's name) for a malformed baseUrl, plain HTTP to a host
		/// that is not loopback, or an empty or malformed accountSid,
		/// authToken or from.

	void send(const std::string& to, const std::string& body) override;
		/// Throws Poco::Net::HTTPException with the status and Twilio's
		/// error code/message for a refused request, Poco::Net::NetException
		/// or Poco::TimeoutException when Twilio cannot be reached. The
		/// auth token never appears in the error text.

	std::string name() const override;

private:
	Settings _settings;
	Poco::URI _base;
	Poco::Net::Context::Ptr _pContext;
};


} } // namespace AuthServer::Sms


#endif // AuthServer_Sms_TwilioSmsTransport_INCLUDED
