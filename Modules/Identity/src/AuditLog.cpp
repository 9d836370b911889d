//
// AuditLog.cpp
//


#include "AuthServer/Identity/AuditLog.h"
#include "AuthServer/Core/Clock.h"
#include "Poco/Exception.h"


namespace AuthServer {
namespace Identity {


AuditLog::AuditLog(Persistence::AuditStore& store):
	_store(store),
	_logger(Poco::Logger::get("AuthServer.Audit"))
{
}


void AuditLog::record(const std::string& event, std::optional<Poco::Int64> userId, const RequestContext& context, const std::string& detail)
{
	try
	{
		_store.record(userId, event, context.ip, context.userAgent, detail, Core::Clock::now());
	}
	catch (Poco::Exception& exc)
	{
		_logger.error("audit write failed for event %s: %s", event, exc.displayText());
	}
	if (_logger.information())
	{
		_logger.information("event=%s user=%s ip=%s request=%s%s", event,
			userId ? std::to_string(*userId) : std::string("-"), context.ip, context.requestId,
			detail.empty() ? std::string() : " detail=" + detail);
	}
}


} } // namespace AuthServer::Identity
