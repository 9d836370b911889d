//
// MessageQueueStore.h
//
// The message_queue table.
//


#ifndef AuthServer_Persistence_MessageQueueStore_INCLUDED
#define AuthServer_Persistence_MessageQueueStore_INCLUDED


#include "AuthServer/Persistence/Database.h"
#include "AuthServer/Persistence/QueuedMessage.h"
#include <vector>


namespace AuthServer {
namespace Persistence {


class MessageQueueStore
	/// Reads and writes queued messages with bound parameters. Throws
	/// Poco::Data::DataException on database failure.
{
public:
	explicit MessageQueueStore(Database& database);

	Poco::Int64 insert(const std::string& channel, const std::string& payload, Poco::Int64 now);
		/// Queues a message due now; returns its id.

	std::vector<QueuedMessage> claim(const std::string& worker, Poco::Int64 now, int leaseSeconds, int limit);
		/// Claims up to limit due messages for leaseSeconds: each row is
		/// taken by a conditional UPDATE (unclaimed or lease lapsed), so of
		/// several workers or instances exactly one gets a given row.

	void remove(Poco::Int64 id);
		/// Deletes a sent or dropped message.

	void reschedule(Poco::Int64 id, int attempts, Poco::Int64 nextAttemptAt, const std::string& error);
		/// Records a failed attempt and releases the claim until
		/// nextAttemptAt.

	Poco::Int64 depth();
		/// Returns how many messages wait.

private:
	Database& _database;
	const std::string _insert;
	const std::string _due;
	const std::string _claim;
	const std::string _byId;
	const std::string _remove;
	const std::string _reschedule;
	const std::string _depth;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_MessageQueueStore_INCLUDED
