//
// AuditLog.h
//
// Records security events.
//


#ifndef AuthServer_Identity_AuditLog_INCLUDED
#define AuthServer_Identity_AuditLog_INCLUDED


#include "AuthServer/Identity/RequestContext.h"
#include "AuthServer/Persistence/AuditStore.h"
#include "Poco/Logger.h"
#include <optional>
#include <string>


namespace AuthServer {
namespace Identity {


class AuditLog
	/// Writes security events to the audit_events table and to the logger
	/// "AuthServer.Audit" (OWASP ASVS 7.1.3, 7.2.1/7.2.2): one line
	/// `event=E user=ID|- ip=IP request=RID[ detail=D] ua="UA"` (7.1.4; the
	/// time is the log pattern's). Event names are
	/// those of API.md. A failure to write is logged, never thrown: an
	/// audit outage must not lock users out.
{
public:
	explicit AuditLog(Persistence::AuditStore& store);

	void record(const std::string& event, std::optional<Poco::Int64> userId, const RequestContext& context, const std::string& detail = "");
		/// Records one event; detail must not hold a secret.

private:
	Persistence::AuditStore& _store;
	Poco::Logger& _logger;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_AuditLog_INCLUDED
