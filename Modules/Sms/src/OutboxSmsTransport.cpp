//
// OutboxSmsTransport.cpp
//


#include "AuthServer/Sms/OutboxSmsTransport.h"
#include "AuthServer/Core/Clock.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/JSON/Object.h"
#include "Poco/Path.h"
#include <sstream>


namespace AuthServer {
namespace Sms {


OutboxSmsTransport::OutboxSmsTransport(const std::string& file):
	_file(file)
{
	Poco::Path path(file);
	if (path.depth() > 0) Poco::File(path.parent()).createDirectories();
}


void OutboxSmsTransport::send(const std::string& to, const std::string& body)
{
	Poco::JSON::Object line;
	line.set("to", to);
	line.set("body", body);
	line.set("sent_at", Core::Clock::toRfc3339(Core::Clock::now()));
	std::ostringstream text;
	line.stringify(text);
	text << '\n';
	std::lock_guard<std::mutex> lock(_mutex);
	Poco::FileOutputStream out(_file, std::ios::out | std::ios::app);
	out << text.str();
	out.close();
	if (!out.good()) throw Poco::WriteFileException(_file);
}


std::string OutboxSmsTransport::name() const
{
	return "outbox";
}


const std::string& OutboxSmsTransport::file() const
{
	return _file;
}


} } // namespace AuthServer::Sms
