//
// SmsSubsystem.h
//
// Reads the sms.* keys and provides the SMS transport.
//


#ifndef AuthServer_Sms_SmsSubsystem_INCLUDED
#define AuthServer_Sms_SmsSubsystem_INCLUDED


#include "AuthServer/Sms/SmsTransport.h"
#include "Poco/Util/Subsystem.h"


namespace AuthServer {
namespace Sms {


class SmsSubsystem: public Poco::Util::Subsystem
	/// Owns sms.transport, sms.outbox.file and twilio.* (CONFIG.md). Throws
	/// Core::ConfigurationException naming the key for an unknown
	/// transport, a missing or malformed Twilio setting, or an outbox file
	/// whose folder cannot be created.
{
public:
	SmsSubsystem();

	const char* name() const override;

	SmsTransport& transport();
		/// Returns the transport; valid after initialize().

protected:
	void initialize(Poco::Util::Application& app) override;
	void uninitialize() override;

private:
	SmsTransport::Ptr _pTransport;
};


} } // namespace AuthServer::Sms


#endif // AuthServer_Sms_SmsSubsystem_INCLUDED
