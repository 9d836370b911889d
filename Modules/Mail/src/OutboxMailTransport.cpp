//
// OutboxMailTransport.cpp
//


#include "AuthServer/Mail/OutboxMailTransport.h"
#include "AuthServer/Core/SecureRandom.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/Path.h"
#include "Poco/Timestamp.h"
#include <atomic>
#include <cstdio>


namespace AuthServer {
namespace Mail {


OutboxMailTransport::OutboxMailTransport(const std::string& directory):
	_directory(directory)
{
	Poco::File(_directory).createDirectories();
}


void OutboxMailTransport::send(const Poco::Net::MailMessage& message)
{
	// Names sort in writing order within a process: epoch microseconds, then
	// a sequence number (file times are too coarse to order two mails).
	static std::atomic<unsigned> sequence{0};
	char prefix[48];
	std::snprintf(prefix, sizeof(prefix), "%016lld-%08u-", static_cast<long long>(Poco::Timestamp().epochMicroseconds()), ++sequence);
	std::string base = prefix + Core::SecureRandom::token(6);
	std::string tmp = Poco::Path(_directory, "." + base + ".tmp").toString();
	std::string final = Poco::Path(_directory, base + ".eml").toString();
	try
	{
		Poco::FileOutputStream out(tmp);
		message.write(out);
		out.close();
		if (!out.good()) throw Poco::WriteFileException(tmp);
		Poco::File(tmp).renameTo(final);
	}
	catch (...)
	{
		Poco::File f(tmp);
		if (f.exists()) f.remove();
		throw;
	}
}


std::string OutboxMailTransport::name() const
{
	return "outbox";
}


const std::string& OutboxMailTransport::directory() const
{
	return _directory;
}


} } // namespace AuthServer::Mail
