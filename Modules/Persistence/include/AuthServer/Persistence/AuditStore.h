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
#include <vector>


namespace AuthServer {
namespace Persistence {


struct AuditEvent
	/// One row of audit_events; createdAt in epoch seconds.
{
	Poco::Int64 id = 0;
	std::optional<Poco::Int64> userId;
	std::string event;
	std::string ip;
	std::string userAgent;
	std::string detail;
	Poco::Int64 createdAt = 0;
};


class AuditStore
	/// Appends audit events (OWASP ASVS 7.1.3, 7.2.1). Event names are
	/// those of API.md (register, login_succeeded, login_failed, ...).
	/// detail never holds a secret.
{
public:
	explicit AuditStore(Database& database);

	void record(std::optional<Poco::Int64> userId, const std::string& event, const std::string& ip, const std::string& userAgent, const std::string& detail, Poco::Int64 at);
		/// Appends one event. Throws Poco::Data::DataException on failure.

	void record(Poco::Data::Session& db, std::optional<Poco::Int64> userId, const std::string& event, const std::string& ip, const std::string& userAgent, const std::string& detail, Poco::Int64 at);
		/// Appends one event on db, inside the caller's open transaction,
		/// so it commits or rolls back with the change it records. Throws
		/// Poco::Data::DataException on failure.

	std::vector<AuditEvent> query(std::optional<Poco::Int64> userId, const std::string& event, Poco::Int64 beforeId, std::size_t offset, std::size_t limit);
		/// Returns at most limit events with id < beforeId (0: from the
		/// newest), skipping offset of them, newest first (by id), of that
		/// user when given and of that event name when not empty. beforeId
		/// is the keyset cursor (a deep page costs what the first does).
		/// The indexes (user_id, id) and (event, id) serve both filters in
		/// id order (migration 0011 on PostgreSQL; on SQLite an index
		/// carries the rowid). Filters are bound parameters; on PostgreSQL
		/// each combination of filters is a statement prepared once per
		/// connection (one round trip). Throws Poco::Data::DataException.

	Poco::Int64 count(std::optional<Poco::Int64> userId, const std::string& event, Poco::Int64 limit);
		/// Returns how many events query() matches in all, counting at
		/// most limit of them (min(matches, limit)).

private:
	std::string where(std::optional<Poco::Int64> userId, const std::string& event, bool before) const;

	Database& _database;
	const std::string _insert;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_AuditStore_INCLUDED
