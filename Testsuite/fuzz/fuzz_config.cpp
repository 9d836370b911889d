//
// fuzz_config.cpp
//
// libFuzzer target: the configuration loader. The input is a --config file
// (the first byte picks .properties or .xml) read by POCO's
// PropertyFileConfiguration / XMLConfiguration, layered as
// AuthServerApplication layers it (over a map holding the computed keys,
// under a fuzzed AUTHSERVER_* environment layer), then validated by the
// project's own readers: Core::ConfigReader typed reads of every known key
// (Keys::all()) and Identity::IdentitySettings::fromConfig (with the
// rateLimit.* keys).
//
// Contract checked (CONFIG.md): a bad file or value ends in an exception
// the application reports before it listens (Poco::Exception, of which
// Core::ConfigurationException names the key); never another exception, a
// crash, a hang, a leak or undefined behaviour.
//


#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/ConfigKeys.h"
#include "AuthServer/Core/ConfigReader.h"
#include "AuthServer/Http/EnvironmentConfiguration.h"
#include "AuthServer/Identity/IdentitySettings.h"
#include "Poco/AutoPtr.h"
#include "Poco/Exception.h"
#include "Poco/Util/LayeredConfiguration.h"
#include "Poco/Util/MapConfiguration.h"
#include "Poco/Util/PropertyFileConfiguration.h"
#include "Poco/Util/XMLConfiguration.h"
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>


namespace Keys = AuthServer::Core::Keys;


namespace
{
	void readEveryKey(const Poco::Util::AbstractConfiguration& config)
	{
		AuthServer::Core::ConfigReader reader(config);
		for (const std::string& key: Keys::all())
		{
			// Each typed read the key table allows; the others throw, caught too.
			try { reader.getString(key); } catch (Poco::Exception&) {}
			try { reader.getInt(key, 1); } catch (Poco::Exception&) {}
			try { reader.getNumber(key); } catch (Poco::Exception&) {}
			try { reader.getBool(key, false); } catch (Poco::Exception&) {}
			try { reader.getList(key); } catch (Poco::Exception&) {}
			try { reader.getChoice(key); } catch (Poco::Exception&) {}
		}
		// Enumerating keys is what --help-style dumps and the XML/properties
		// writers do.
		Poco::Util::AbstractConfiguration::Keys top;
		config.keys(top);
		for (const std::string& k: top)
		{
			Poco::Util::AbstractConfiguration::Keys sub;
			config.keys(k, sub);
		}
	}
}


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
	if (size < 1 || size > 16384) return 0;
	std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
	bool xml = data[0] & 1;
	// Lines of the form AUTHSERVER_...=... after a "\n--env--\n" marker are
	// the environment layer.
	std::vector<std::string> environment;
	std::size_t marker = text.find("\n--env--\n");
	if (marker != std::string::npos)
	{
		std::istringstream env(text.substr(marker + 9));
		std::string line;
		while (std::getline(env, line)) environment.push_back(line);
		text.resize(marker);
	}
	try
	{
		Poco::AutoPtr<Poco::Util::LayeredConfiguration> pConfig(new Poco::Util::LayeredConfiguration);
		Poco::AutoPtr<Poco::Util::MapConfiguration> pComputed(new Poco::Util::MapConfiguration);
		pComputed->setString(Keys::PATHS_COMMON_PASSWORDS, "/nonexistent/common-passwords.txt");
		pConfig->add(pComputed, 70);
		std::istringstream in(text);
		if (xml) pConfig->add(Poco::AutoPtr<Poco::Util::AbstractConfiguration>(new Poco::Util::XMLConfiguration(in)), 50);
		else pConfig->add(Poco::AutoPtr<Poco::Util::AbstractConfiguration>(new Poco::Util::PropertyFileConfiguration(in)), 50);
		std::vector<std::string> unknown;
		pConfig->add(AuthServer::Http::EnvironmentConfiguration::fromEnvironment(Keys::all(), environment, unknown), -50);
		readEveryKey(*pConfig);
		AuthServer::Identity::IdentitySettings::fromConfig(*pConfig);
	}
	catch (Poco::Exception&)
	{
		// Reported by the application ("configuration error: <key>: ...")
		// and it exits 78 before listening.
	}
	return 0;
}
