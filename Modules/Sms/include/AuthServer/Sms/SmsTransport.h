//
// SmsTransport.h
//
// Where text messages go: an outbox file or Twilio.
//


#ifndef AuthServer_Sms_SmsTransport_INCLUDED
#define AuthServer_Sms_SmsTransport_INCLUDED


#include "Poco/SharedPtr.h"
#include <string>


namespace AuthServer {
namespace Sms {


class SmsTransport
	/// Delivers one text message to an E.164 number. Implementations are
	/// thread-safe and throw Poco::Exception when delivery fails (the
	/// caller decides whether to retry).
{
public:
	using Ptr = Poco::SharedPtr<SmsTransport>;

	virtual ~SmsTransport() = default;

	virtual void send(const std::string& to, const std::string& body) = 0;
		/// Delivers body (UTF-8 text) to the E.164 number to, or throws.

	virtual std::string name() const = 0;
		/// Returns the transport's name ("outbox", "twilio").
};


} } // namespace AuthServer::Sms


#endif // AuthServer_Sms_SmsTransport_INCLUDED
