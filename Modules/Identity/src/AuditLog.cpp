//
// AuditLog.cpp
//


#include "AuthServer/Identity/AuditLog.h"
#include "AuthServer/Core/Clock.h"
#include "AuthServer/Core/EscapingChannel.h"
#include "Poco/String.h"
#include "Poco/Exception.h"


namespace AuthServer {
namespace Identity {


namespace
{
	std::string withProfile(const std::string& detail, const RequestContext& context)
	{
		// Docs/COMPAT.md: events of a compatibility route name its profile.
		if (context.profile.empty()) return detail;
		return detail.empty() ? "profile=" + context.profile : detail + " profile=" + context.profile;
	}
}


AuditLog::AuditLog(Persistence::AuditStore& store):
	_store(store),
	_logger(Poco::Logger::get("AuthServer.Audit"))
{
}


void AuditLog::record(const std::string& event, std::optional<Poco::Int64> userId, const RequestContext& context, const std::string& detail)
{
	try
	{
		_store.record(userId, event, context.ip, context.userAgent, withProfile(detail, context), Core::Clock::now());
	}
	catch (Poco::Exception& exc)
	{
		_logger.error("audit write failed for event %s: %s", event, exc.displayText());
	}
	logCommitted(event, userId, context, detail);
}


void AuditLog::recordIn(Poco::Data::Session& db, const std::string& event, std::optional<Poco::Int64> userId, const RequestContext& context, const std::string& detail)
{
	_store.record(db, userId, event, context.ip, context.userAgent, withProfile(detail, context), Core::Clock::now());
}


std::string AuditLog::storedDetail(const std::string& detail, const RequestContext& context)
{
	return withProfile(detail, context);
}


void AuditLog::logCommitted(const std::string& event, std::optional<Poco::Int64> userId, const RequestContext& context, const std::string& detail)
{
	if (_logger.information())
	{
		// The user agent is caller-supplied: escaped as one value (\xNN for
		// controls, non-UTF-8, '\\' and '"'), quoted, last (ASVS 7.1.4, 7.3.1).
		std::string ua = Core::EscapingChannel::escape(context.userAgent, true, 256);
		Poco::replaceInPlace(ua, std::string("\""), std::string("\\x22"));
		// The line appended piece by piece, not by Poco::format (issue 14:
		// its parsing of the pattern was about 15,000 instructions of each
		// refresh); the text is the same:
		// event=E user=U ip=I request=R[ detail=D] ua="A".
		const std::string fullDetail = withProfile(detail, context);
		std::string line;
		line.reserve(64 + event.size() + context.ip.size() + context.requestId.size() + fullDetail.size() + ua.size());
		line += "event=";
		line += event;
		line += " user=";
		line += userId ? std::to_string(*userId) : std::string("-");
		line += " ip=";
		line += context.ip;
		line += " request=";
		line += context.requestId;
		if (!fullDetail.empty())
		{
			line += " detail=";
			line += fullDetail;
		}
		line += " ua=\"";
		line += ua;
		line += '"';
		_logger.information(line);
	}
}


} } // namespace AuthServer::Identity
