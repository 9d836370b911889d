//
// RetentionLease.h
//
// One retention runner at a time across instances sharing a database.
//


#ifndef AuthServer_Persistence_RetentionLease_INCLUDED
#define AuthServer_Persistence_RetentionLease_INCLUDED


#include "AuthServer/Persistence/Database.h"
#include "Poco/Data/Session.h"
#include <memory>
#include <string>


namespace AuthServer {
namespace Persistence {


class RetentionLease
	/// The right to run the retention job now, held by one instance at a
	/// time (issue 14: several instances sharing one database must not
	/// delete side by side).
	///
	/// PostgreSQL: the session-level advisory lock ADVISORY_LOCK_KEY
	/// (pg_try_advisory_lock), held between acquire() and release() on a
	/// session of its own (Database::dedicatedSession, outside the
	/// requests' pool); the server drops it when that connection dies.
	///
	/// SQLite: the row NAME of job_leases (migration 0010), written through
	/// the writer: a holder takes it when it is free, lapsed or its own, and
	/// owns it until expires_at = at + seconds; a holder that dies loses it
	/// when it lapses. (One process normally owns a SQLite file; the row
	/// keeps a second process on the same file from running the job too.)
{
public:
	static constexpr Poco::Int64 ADVISORY_LOCK_KEY = 0x4175746852657431LL; /// "AuthRet1"
	static const std::string NAME;                                          /// "retention"

	RetentionLease(Database& database, const std::string& holder, Poco::Int64 seconds);
		/// holder names this runner (unique per process, e.g. a random
		/// token); seconds (>= 1) is how long a SQLite lease lasts without
		/// renew().

	~RetentionLease();
		/// Releases the lease if held; never throws.

	bool acquire(Poco::Int64 at);
		/// Takes the lease at at (epoch seconds); returns false when another
		/// holder has it. Throws Poco::Data::DataException on a database
		/// failure.

	void renew(Poco::Int64 at);
		/// Extends a held SQLite lease to at + seconds (no-op on PostgreSQL
		/// or when not held). Throws Poco::Data::DataException.

	void release();
		/// Gives the lease up if held. Throws Poco::Data::DataException (the
		/// lease then lapses by itself: advisory lock with its connection,
		/// lease row at expires_at).

	bool held() const;
		/// Returns whether this object holds the lease.

private:
	Database& _database;
	std::string _holder;
	Poco::Int64 _seconds;
	bool _held = false;
	std::unique_ptr<Poco::Data::Session> _pLockSession;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_RetentionLease_INCLUDED
