//
// AuditStore.cpp
//


#include "AuthServer/Persistence/AuditStore.h"
#include "Poco/Nullable.h"


using namespace Poco::Data::Keywords;


namespace AuthServer {
namespace Persistence {


AuditStore::AuditStore(Database& database):
	_database(database),
	_insert(database.sql("INSERT INTO audit_events (user_id, event, ip, user_agent, detail, created_at) VALUES (?, ?, ?, ?, ?, ?)"))
{
}


void AuditStore::record(std::optional<Poco::Int64> userId, const std::string& event, const std::string& ip, const std::string& userAgent, const std::string& detail, Poco::Int64 at)
{
	Poco::Data::Session db = _database.session();
	Poco::Nullable<Poco::Int64> uid = userId ? Poco::Nullable<Poco::Int64>(*userId) : Poco::Nullable<Poco::Int64>();
	std::string ua = userAgent.substr(0, 512);
	db << _insert, bind(uid), bind(event), bind(ip), bind(ua), bind(detail), bind(at), now;
}


} } // namespace AuthServer::Persistence
