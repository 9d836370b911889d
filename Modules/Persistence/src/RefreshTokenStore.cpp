//
// RefreshTokenStore.cpp
//


#include "AuthServer/Persistence/RefreshTokenStore.h"
#include "RowReader.h"
#include "Poco/Data/RecordSet.h"
#include "Poco/Data/Statement.h"


using namespace Poco::Data::Keywords;


namespace AuthServer {
namespace Persistence {


RefreshTokenStore::RefreshTokenStore(Database& database):
	_database(database),
	_insert(database.sql("INSERT INTO refresh_tokens (token_hash, session_id, user_id, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)")),
	_find(database.sql("SELECT token_hash, session_id, user_id, issued_at, expires_at, rotated_at FROM refresh_tokens WHERE token_hash = ?")),
	_markRotated(database.sql("UPDATE refresh_tokens SET rotated_at = ? WHERE token_hash = ? AND rotated_at IS NULL"))
{
}


void RefreshTokenStore::insert(Poco::Data::Session& db, const RefreshTokenRecord& t)
{
	db << _insert, bind(t.tokenHash), bind(t.sessionId), bind(t.userId), bind(t.issuedAt), bind(t.expiresAt), now;
}


std::optional<RefreshTokenRecord> RefreshTokenStore::find(const std::string& tokenHash)
{
	Poco::Data::Session db = _database.session();
	Poco::Data::Statement select(db);
	select << _find, bind(tokenHash);
	select.execute();
	Poco::Data::RecordSet rs(select);
	if (rs.rowCount() == 0) return std::nullopt;
	RowReader r(rs, 0);
	RefreshTokenRecord t;
	t.tokenHash = r.str("token_hash");
	t.sessionId = r.str("session_id");
	t.userId = r.int64("user_id");
	t.issuedAt = r.int64("issued_at");
	t.expiresAt = r.int64("expires_at");
	t.rotatedAt = r.optInt64("rotated_at");
	return t;
}


bool RefreshTokenStore::markRotated(Poco::Data::Session& db, const std::string& tokenHash, Poco::Int64 at)
{
	Poco::Data::Statement update(db);
	update << _markRotated, bind(at), bind(tokenHash);
	return update.execute() > 0;
}


} } // namespace AuthServer::Persistence
