//
// EmbeddedSecret.cpp
//


#include "AuthServer/Core/EmbeddedSecret.h"
#include "AuthServer/Core/SecureRandom.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/Path.h"
#include "Poco/String.h"
#include <sys/stat.h>


namespace AuthServer {
namespace Core {


std::optional<std::string> EmbeddedSecret::read(const std::string& dataDirectory, const std::string& fileName)
{
	Poco::Path path(Poco::Path::forDirectory(dataDirectory), fileName);
	if (!Poco::File(path).exists()) return std::nullopt;
	Poco::FileInputStream in(path.toString());
	std::string secret;
	std::getline(in, secret);
	return Poco::trim(secret);
}


std::string EmbeddedSecret::readOrCreate(const std::string& dataDirectory, const std::string& fileName)
{
	Poco::File(dataDirectory).createDirectories();
	if (std::optional<std::string> stored = read(dataDirectory, fileName)) return *stored;
	Poco::Path path(Poco::Path::forDirectory(dataDirectory), fileName);
	std::string secret = SecureRandom::token(32);
	std::string tmp = path.toString() + ".tmp";
	{
		mode_t old = ::umask(077);
		Poco::FileOutputStream out(tmp);
		out << secret << "\n";
		out.close();
		::umask(old);
	}
	::chmod(tmp.c_str(), 0600);
	Poco::File(tmp).renameTo(path.toString());
	return secret;
}


} } // namespace AuthServer::Core
