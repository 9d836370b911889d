//
// EscapingSubsystem.h
//
// Installs the EscapingChannel on every logger once logging is configured.
//


#ifndef AuthServer_Core_EscapingSubsystem_INCLUDED
#define AuthServer_Core_EscapingSubsystem_INCLUDED


#include "Poco/Util/Subsystem.h"


namespace AuthServer {
namespace Core {


class EscapingSubsystem: public Poco::Util::Subsystem
	/// Added right after Poco::Util::LoggingSubsystem: its initialize()
	/// calls EscapingChannel::installEverywhere(), so every line any later
	/// subsystem or request writes is escaped (OWASP ASVS 7.3.1), whatever
	/// channels the logging.* keys configure.
{
public:
	const char* name() const override;

protected:
	void initialize(Poco::Util::Application& app) override;
	void uninitialize() override;
};


} } // namespace AuthServer::Core


#endif // AuthServer_Core_EscapingSubsystem_INCLUDED
