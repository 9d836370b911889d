//
// ConnectionStats.cpp
//


#include "AuthServer/Http/ConnectionStats.h"


namespace AuthServer {
namespace Http {


const char* ConnectionStats::reasonLabel(Reason reason)
{
	switch (reason)
	{
	case MAX_CONNECTIONS: return "max_connections";
	case MAX_CONNECTIONS_PER_IP: return "max_connections_per_ip";
	case QUEUE_FULL: return "queue_full";
	case HEADER_TIMEOUT: return "header_timeout";
	case BODY_TIMEOUT: return "body_timeout";
	default: return "other";
	}
}


} } // namespace AuthServer::Http
