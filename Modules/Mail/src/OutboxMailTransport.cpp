//
// OutboxMailTransport.cpp
//


#include "AuthServer/Mail/OutboxMailTransport.h"
#include "AuthServer/Core/SecureRandom.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/Path.h"
#include "Poco/Timestamp.h"


namespace AuthServer {
namespace Mail {


OutboxMailTransport::OutboxMailTransport(const std::string& directory):
	_directory(directory)
{
	Poco::File(_directory).createDirectories();
}


void OutboxMailTransport::send(const Poco::Net::MailMessage& message)
{
	std::string base = std::to_string(Poco::Timestamp().epochMicroseconds() / 1000) + "-" + Core::SecureRandom::token(6);
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
