//
// StartupConfiguration.cpp
//


#include "StartupConfiguration.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/ConfigKeyTable.h"
#include "AuthServer/Core/ConfigKeys.h"
#include "AuthServer/Core/ConfigReader.h"
#include "AuthServer/Tokens/TokensSubsystem.h"
#include "Poco/File.h"
#include "Poco/Platform.h"
#include "Poco/Path.h"
#include "Poco/String.h"
#include "Poco/StringTokenizer.h"
#include <cstdlib>
#include <set>


using AuthServer::Core::ConfigurationException;
namespace Keys = AuthServer::Core::Keys;


namespace AuthServer {


namespace
{
	std::string absolute(const std::string& value, const std::string& baseDirectory)
	{
		std::string trimmed = Poco::trim(value);
		if (trimmed.empty()) return value;
		Poco::Path path(trimmed);
		if (path.isAbsolute()) return trimmed;
		return Poco::Path(Poco::Path::forDirectory(baseDirectory)).resolve(path).toString();
	}

	std::string channelClass(const Poco::Util::AbstractConfiguration& config, const std::string& channel)
	{
		return Poco::trim(config.getString("logging.channels." + channel + ".class", ""));
	}

	bool writesToConsole(const Poco::Util::AbstractConfiguration& config, const std::string& channel, int depth = 0)
	{
		if (depth > 8) return false;
		std::string cls = channelClass(config, channel);
		if (cls == "ConsoleChannel" || cls == "ColorConsoleChannel") return true;
		if (cls == "AsyncChannel" || cls == "FormattingChannel")
			return writesToConsole(config, Poco::trim(config.getString("logging.channels." + channel + ".channel", "")), depth + 1);
		return false;
	}

	void collectFilePaths(const Poco::Util::AbstractConfiguration& config, const std::string& channel, std::set<std::string>& paths, int depth = 0)
	{
		if (depth > 8 || channel.empty()) return;
		std::string cls = channelClass(config, channel);
		if (cls == "FileChannel" || cls == "SimpleFileChannel")
		{
			std::string path = Poco::trim(config.getString("logging.channels." + channel + ".path", ""));
			if (!path.empty()) paths.insert(path);
		}
		else if (cls == "AsyncChannel" || cls == "FormattingChannel")
		{
			collectFilePaths(config, Poco::trim(config.getString("logging.channels." + channel + ".channel", "")), paths, depth + 1);
		}
		else if (cls == "SplitterChannel")
		{
			Poco::StringTokenizer channels(config.getString("logging.channels." + channel + ".channels", ""), ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
			for (const std::string& c: channels) collectFilePaths(config, c, paths, depth + 1);
		}
	}
}


std::vector<std::string> StartupConfiguration::pathKeys()
{
	// The keys the table marks as a file or folder.
	std::vector<std::string> keys;
	for (const Core::ConfigKey& key: Core::ConfigKeyTable::keys())
		if (key.path) keys.push_back(key.name);
	return keys;
}


std::string StartupConfiguration::realDirectory(const std::string& file)
{
#if defined(POCO_OS_FAMILY_UNIX)
	if (file.empty()) return std::string();
	char* resolved = ::realpath(file.c_str(), nullptr);
	if (!resolved) return std::string();
	Poco::Path path(resolved);
	std::free(resolved);
	return path.parent().toString();
#else
	(void) file;
	return std::string();
#endif
}


Poco::AutoPtr<Poco::Util::MapConfiguration> StartupConfiguration::resolvePaths(const Poco::Util::AbstractConfiguration& config, const std::string& baseDirectory)
{
	Poco::AutoPtr<Poco::Util::MapConfiguration> resolved(new Poco::Util::MapConfiguration);
	auto resolve = [&](const std::string& key)
	{
		if (!config.has(key)) return;
		std::string value = config.getString(key);
		std::string result = absolute(value, baseDirectory);
		if (result != value) resolved->setString(key, result);
	};
	for (const std::string& key: pathKeys()) resolve(key);

	Core::ConfigReader reader(config);
	std::string connector = Poco::trim(reader.getString(Keys::DATABASE_CONNECTOR));
	std::string url = Poco::trim(reader.getString(Keys::DATABASE_URL));
	if (connector == "sqlite" && !url.empty() && url != ":memory:" && url.compare(0, 5, "file:") != 0)
		resolve(Keys::DATABASE_URL);

	if (config.has(Keys::JWT_PREVIOUS_PUBLIC_KEY_FILES))
	{
		// [kid=]file entries: only the file part is a path.
		std::string value = config.getString(Keys::JWT_PREVIOUS_PUBLIC_KEY_FILES);
		Poco::StringTokenizer entries(value, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
		std::string result;
		for (const std::string& entry: entries)
		{
			Tokens::TokensSubsystem::KeyFileEntry parsed = Tokens::TokensSubsystem::parseKeyFileEntry(entry);
			if (!result.empty()) result += ",";
			result += (parsed.kid.empty() ? "" : parsed.kid + "=") + absolute(parsed.file, baseDirectory);
		}
		if (result != value && entries.count() > 0) resolved->setString(Keys::JWT_PREVIOUS_PUBLIC_KEY_FILES, result);
	}

	Poco::Util::AbstractConfiguration::Keys channels;
	config.keys("logging.channels", channels);
	for (const std::string& channel: channels) resolve("logging.channels." + channel + ".path");
	return resolved;
}


void StartupConfiguration::routeLogging(const Poco::Util::AbstractConfiguration& config, bool daemon, Poco::Util::MapConfiguration& overrides)
{
	Poco::Util::AbstractConfiguration::Keys loggers;
	config.keys("logging.loggers", loggers);
	std::set<std::string> used;
	for (const std::string& logger: loggers)
	{
		std::string key = "logging.loggers." + logger + ".channel";
		std::string channel = Poco::trim(overrides.getString(key, config.getString(key, "")));
		if (daemon && !channel.empty() && writesToConsole(config, channel))
		{
			std::string target = Poco::trim(Core::ConfigReader(config).getString(Keys::LOGGING_DAEMON_CHANNEL));
			if (target.empty() || channelClass(config, target).empty())
				throw ConfigurationException(Keys::LOGGING_DAEMON_CHANNEL, "'" + target + "' names no channel of logging.channels (needed with --daemon, whose console is /dev/null)");
			overrides.setString(key, target);
			channel = target;
		}
		if (!channel.empty()) used.insert(channel);
	}
	std::set<std::string> paths;
	for (const std::string& channel: used) collectFilePaths(config, channel, paths);
	for (const std::string& path: paths)
	{
		Poco::Path file(path);
		try
		{
			Poco::File(file.parent()).createDirectories();
		}
		catch (Poco::Exception& exc)
		{
			throw ConfigurationException("logging.channels (path " + path + ")", exc.displayText());
		}
	}
}


} // namespace AuthServer
