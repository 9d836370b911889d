//
// IdentityFixture.cpp
//


#include "IdentityFixture.h"
#include "AuthServer/Identity/Registration.h"
#include "AuthServer/Mail/OutboxMailTransport.h"
#include "AuthServer/Persistence/MigrationRunner.h"
#include "Poco/DirectoryIterator.h"
#include "Poco/Environment.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/Net/MailMessage.h"
#include "Poco/Net/MailRecipient.h"
#include "Poco/Net/PartHandler.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Path.h"
#include "Poco/RegularExpression.h"
#include "Poco/StreamCopier.h"
#include "Poco/TemporaryFile.h"
#include <algorithm>
#include <sstream>
#include <vector>


using namespace AuthServer;


namespace
{
	class TextCollector: public Poco::Net::PartHandler
		/// Collects the decoded body parts of a message.
	{
	public:
		void handlePart(const Poco::Net::MessageHeader&, std::istream& stream) override
		{
			std::string part;
			Poco::StreamCopier::copyToString(stream, part);
			text += part;
			text += "\n";
		}

		std::string text;
	};
}


IdentityFixture::IdentityFixture(std::function<void(Identity::IdentitySettings&)> tweak):
	_root(Poco::TemporaryFile::tempName())
{
	Poco::File(_root).createDirectories();
	std::string source = Poco::Environment::get("AUTHSERVER_SOURCE_DIR", ".");
	std::string binary = Poco::Environment::get("AUTHSERVER_BINARY_DIR", ".");
	_pDatabase.reset(new Persistence::Database("sqlite", Poco::Path(_root, "auth.db").toString(), 4));
	Persistence::MigrationRunner(*_pDatabase, Poco::Path(source).append("Migrations/sqlite").toString()).migrate();
	Tokens::TokenService::Settings ts;
	ts.secret = "identity-fixture-secret-identity-fixture";
	_pTokens.reset(new Tokens::TokenService(ts));
	auto renderer = std::make_shared<Mail::TemplateRenderer>(Poco::Path(source).append("Templates").toString());
	_pMailer.reset(new Mail::Mailer(new Mail::OutboxMailTransport(Poco::Path(_root, "mail").toString()), renderer, "AuthServer <no-reply@localhost>", {{"app_name", "AuthServer"}}));
	Identity::IdentitySettings settings;
	settings.argon2MemoryKiB = 1024;
	settings.argon2Iterations = 1;
	settings.hashThreads = 2;
	settings.hashQueue = 64;
	settings.frontendUrl = "http://frontend.test";
	settings.rateLimits.enabled = false; // throttling has its own e2e tests (test_rate_limits.py)
	settings.deferAccountWork = false;   // mails are read right after the call
	settings.commonPasswordsFile = Poco::Path(binary).append("share/common-passwords.txt").toString();
	if (tweak) tweak(settings);
	_pSms.reset(new Sms::OutboxSmsTransport(Poco::Path(_root, "sms.jsonl").toString()));
	_pModule.reset(new Identity::IdentityModule(*_pDatabase, _cache, *_pTokens, *_pMailer, *_pSms, settings));
	context.ip = "127.0.0.1";
	context.userAgent = "CppUnit";
	context.requestId = "test";
}


IdentityFixture::~IdentityFixture()
{
	_pModule.reset();
	_pDatabase.reset();
	try
	{
		Poco::File(_root).remove(true);
	}
	catch (...)
	{
	}
}


Identity::IdentityModule& IdentityFixture::module()
{
	return *_pModule;
}


Tokens::TokenService& IdentityFixture::tokens()
{
	return *_pTokens;
}


Cache::MemoryCache& IdentityFixture::cache()
{
	return _cache;
}


Mail::Mailer& IdentityFixture::mailer()
{
	return *_pMailer;
}


Persistence::Database& IdentityFixture::database()
{
	return *_pDatabase;
}


Persistence::User IdentityFixture::registerUser(const std::string& email, const std::string& password, const std::string& role)
{
	Identity::Registration r;
	r.email = email;
	r.password = password;
	r.passwordConfirm = password;
	r.fullName = "Test User";
	r.role = role;
	if (role == "supplier") r.companyName = "ACME";
	return stored(_pModule->registration().registerUser(r, context));
}


Persistence::User IdentityFixture::registerVerified(const std::string& email, const std::string& password)
{
	Persistence::User user = registerUser(email, password);
	return stored(_pModule->registration().verifyByToken(mailedToken(*user.email), context));
}


Persistence::User IdentityFixture::stored(const Identity::Account& account)
{
	std::optional<Persistence::User> user = _pModule->users().findById(account.id);
	if (!user)
	{
		// An answer that stored nothing (auth.preventEnumeration).
		user = Persistence::User();
		user->id = account.id;
		user->email = account.email;
		user->phoneNumber = account.phoneNumber;
		user->fullName = account.fullName;
		user->role = account.role;
		user->createdAt = account.createdAt;
		user->updatedAt = account.updatedAt;
	}
	user->passwordHash.reset();
	return *user;
}


std::string IdentityFixture::lastMail(const std::string& to)
{
	return lastMailContaining(to, "");
}


std::string IdentityFixture::lastMailContaining(const std::string& to, const std::string& needle)
{
	Poco::File dir(Poco::Path(_root, "mail"));
	if (!dir.exists()) return "";
	// Outbox names sort in writing order (epoch µs, then a sequence).
	std::vector<std::pair<std::string, std::string>> files;
	for (Poco::DirectoryIterator it(dir); it != Poco::DirectoryIterator(); ++it)
		if (it.name().size() > 4 && it.name().substr(it.name().size() - 4) == ".eml") files.emplace_back(it.name(), it.path().toString());
	std::sort(files.begin(), files.end());
	for (auto it = files.rbegin(); it != files.rend(); ++it)
	{
		Poco::FileInputStream in(it->second);
		Poco::Net::MailMessage message;
		TextCollector collector;
		message.read(in, collector);
		// read() does not fill recipients(): match the To header.
		std::string header = message.get("To", "");
		if ((header == to || header == "<" + to + ">" || header.find("<" + to + ">") != std::string::npos) && collector.text.find(needle) != std::string::npos)
			return collector.text;
	}
	return "";
}


std::string IdentityFixture::mailedToken(const std::string& to)
{
	static const Poco::RegularExpression TOKEN("token=([A-Za-z0-9_-]+)");
	std::vector<std::string> groups;
	TOKEN.split(lastMail(to), groups);
	return groups.size() > 1 ? groups[1] : std::string();
}


std::string IdentityFixture::mailedCode(const std::string& to)
{
	static const Poco::RegularExpression CODE("code in the app: ([0-9]{6})");
	std::vector<std::string> groups;
	CODE.split(lastMail(to), groups);
	return groups.size() > 1 ? groups[1] : std::string();
}


int IdentityFixture::mailCount()
{
	Poco::File dir(Poco::Path(_root, "mail"));
	if (!dir.exists()) return 0;
	int n = 0;
	for (Poco::DirectoryIterator it(dir); it != Poco::DirectoryIterator(); ++it)
		if (it.name().size() > 4 && it.name().substr(it.name().size() - 4) == ".eml") ++n;
	return n;
}


std::string IdentityFixture::mailedOtp(const std::string& to)
{
	static const Poco::RegularExpression CODE("on [A-Za-z]+:\\s+([0-9]{6})");
	std::vector<std::string> groups;
	CODE.split(lastMailContaining(to, "Use this code"), groups);
	return groups.size() > 1 ? groups[1] : std::string();
}


std::string IdentityFixture::mailedResetToken(const std::string& to)
{
	static const Poco::RegularExpression TOKEN("reset-password\\?token=([A-Za-z0-9_-]+)");
	std::vector<std::string> groups;
	TOKEN.split(lastMailContaining(to, "reset-password?token="), groups);
	return groups.size() > 1 ? groups[1] : std::string();
}


std::string IdentityFixture::lastSms(const std::string& to)
{
	Poco::File file(Poco::Path(_root, "sms.jsonl"));
	if (!file.exists()) return "";
	Poco::FileInputStream in(file.path());
	std::string line, body;
	while (std::getline(in, line))
	{
		if (line.empty()) continue;
		Poco::JSON::Parser parser;
		Poco::JSON::Object::Ptr o = parser.parse(line).extract<Poco::JSON::Object::Ptr>();
		if (o->getValue<std::string>("to") == to) body = o->getValue<std::string>("body");
	}
	return body;
}


int IdentityFixture::smsCount()
{
	Poco::File file(Poco::Path(_root, "sms.jsonl"));
	if (!file.exists()) return 0;
	Poco::FileInputStream in(file.path());
	std::string line;
	int n = 0;
	while (std::getline(in, line)) if (!line.empty()) ++n;
	return n;
}
