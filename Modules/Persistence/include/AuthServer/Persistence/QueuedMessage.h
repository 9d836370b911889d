//
// QueuedMessage.h
//
// One row of the message_queue table.
//


#ifndef AuthServer_Persistence_QueuedMessage_INCLUDED
#define AuthServer_Persistence_QueuedMessage_INCLUDED


#include "Poco/Types.h"
#include <string>


namespace AuthServer {
namespace Persistence {


struct QueuedMessage
	/// An outgoing message waiting for delivery: channel "email" or "sms",
	/// payload sealed by the delivery queue (opaque here), attempts made so
	/// far, and the epoch second of the next attempt.
{
	Poco::Int64 id = 0;
	std::string channel;
	std::string payload;
	int attempts = 0;
	Poco::Int64 nextAttemptAt = 0;
	Poco::Int64 createdAt = 0;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_QueuedMessage_INCLUDED
