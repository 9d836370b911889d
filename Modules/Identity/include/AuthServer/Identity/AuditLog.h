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
	/// those of API.md. A failure of record() to write is logged, never
	/// thrown: an audit outage must not lock users out. recordIn() is for a
	/// change and its record in one transaction.
{
public:
	explicit AuditLog(Persistence::AuditStore& store);

	void record(const std::string& event, std::optional<Poco::Int64> userId, const RequestContext& context, const std::string& detail = "");
		/// Records one event; detail must not hold a secret.

	void recordIn(Poco::Data::Session& db, const std::string& event, std::optional<Poco::Int64> userId, const RequestContext& context, const std::string& detail = "");
		/// Writes the event's row on db inside the caller's open write
		/// transaction, so the row commits or rolls back with the change it
		/// records (issue 14: one transaction per refresh, no change without
		/// its record, ASVS 7.1.3). Unlike record(), throws
		/// Poco::Data::DataException when the row cannot be written: the
		/// caller's transaction then rolls back. Call logCommitted() with
		/// the same arguments after the commit.

	static std::string storedDetail(const std::string& detail, const RequestContext& context);
		/// Returns the detail column recordIn() writes for detail: detail
		/// plus " profile=P" on a compatibility route (Docs/COMPAT.md), for
		/// a caller that writes the audit row in its own statement.

	void logCommitted(const std::string& event, std::optional<Poco::Int64> userId, const RequestContext& context, const std::string& detail = "");
		/// Writes the log line of an event recordIn() wrote and the caller
		/// committed.

private:
	Persistence::AuditStore& _store;
	Poco::Logger& _logger;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_AuditLog_INCLUDED
