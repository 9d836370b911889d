//
// main.cpp
//


#include "AuthServerApplication.h"
#include <iostream>


#if defined(AUTHSERVER_JEMALLOC)
extern "C"
{
	/// jemalloc's options for this process (jemalloc(3), "malloc_conf"; the
	/// MALLOC_CONF environment variable still overrides them):
	/// - dirty_decay_ms:-1 keeps freed pages for reuse instead of handing
	///   them back to the system on a 10 s decay. An Argon2id hash takes
	///   19 MiB (m=19456 KiB); with the decay each hash faulted its pages in
	///   again and logins fell from 89 to 66-69 a second (bench/scale.sh,
	///   bench/README.md "fourth session"). The pages go back when the server
	///   is quiet: http.idleMemoryTrim purges every arena
	///   (Core::IdleMemoryTrim::mallocTrim), as malloc_trim did under glibc.
	/// - oversize_threshold:0 serves large blocks (the Argon2id memory) from
	///   the hashing thread's own arena, not from one shared "huge" arena.
	const char* malloc_conf = "dirty_decay_ms:-1,oversize_threshold:0";
}
#endif


POCO_SERVER_MAIN(AuthServer::AuthServerApplication)
