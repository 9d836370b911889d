//
// AuditStore.h
//
// The audit_events table: security events with IP and user agent.
//


#ifndef AuthServer_Persistence_AuditStore_INCLUDED
#define AuthServer_Persistence_AuditStore_INCLUDED


#include "AuthServer/Persistence/Database.h"
#include <optional>
#include <string>


namespace AuthServer {
namespace Persistence {


class AuditStore
	/// Appends audit events (OWASP ASVS 7.1.3, 7.2.1). Event names are
	/// those of API.md (register, login_succeeded, login_failed, ...).
	/// detail never holds a secret.
{
public:
	explicit AuditStore(Database& database);

	void record(std::optional<Poco::Int64> userId, const std::string& event, const std::string& ip, const std::string& userAgent, const std::string& detail, Poco::Int64 at);
		/// Appends one event. Throws Poco::Data::DataException on failure.

private:
	Database& _database;
	const std::string _insert;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_AuditStore_INCLUDED
