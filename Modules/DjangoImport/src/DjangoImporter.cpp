//
// DjangoImporter.cpp
//


#include "AuthServer/DjangoImport/DjangoImporter.h"
#include "AuthServer/Core/Digests.h"
#include "AuthServer/Core/Clock.h"
#include "AuthServer/Identity/EmailAddress.h"
#include "Poco/FileStream.h"
#include "Poco/NumberParser.h"
#include "Poco/String.h"
#include "Poco/UTF8String.h"
#include <algorithm>
#include <map>
#include <memory>
#include <set>


namespace AuthServer {
namespace DjangoImport {


namespace
{
	std::string modelOf(const Poco::JSON::Object& object)
	{
		if (!object.has("model") || !object.get("model").isString()) return std::string();
		return Poco::toLower(object.get("model").toString());
	}

	const char SEPARATOR = '\x1f';
}


DjangoImporter::DjangoImporter(Persistence::Database& database, const Identity::PhoneNumbers& phones, const Options& options):
	_database(database),
	_store(database),
	_mapper(phones, options.importUnverified),
	_options(options)
{
	_options.userModel = Poco::toLower(_options.userModel);
	_options.profileModel = Poco::toLower(_options.profileModel);
	if (_options.batchSize == 0) _options.batchSize = 1;
}


bool DjangoImporter::isUserModel(const std::string& model) const
{
	return model == _options.userModel;
}


bool DjangoImporter::isProfileModel(const std::string& model) const
{
	return !_options.profileModel.empty() && model == _options.profileModel;
}


Poco::Int64 DjangoImporter::pkOf(const Poco::JSON::Object& object, std::uint64_t offset)
{
	if (object.has("pk"))
	{
		Poco::Dynamic::Var pk = object.get("pk");
		if (pk.isInteger()) return pk.convert<Poco::Int64>();
		Poco::Int64 parsed = 0;
		if (pk.isString() && Poco::NumberParser::tryParse64(pk.toString(), parsed)) return parsed;
	}
	throw MalformedDumpException("byte " + std::to_string(offset) + ": a user object without an integer pk (dump without --natural-primary)");
}


std::uint64_t DjangoImporter::emailDigest(const std::string& email)
{
	std::string hex = Core::Digests::sha256Hex(email);
	return std::stoull(hex.substr(0, 16), nullptr, 16);
}


std::string DjangoImporter::fieldsDigest(const DjangoUser& u)
{
	std::string s;
	auto add = [&s](const std::string& value) { s += value; s += SEPARATOR; };
	auto addOpt = [&add](const std::optional<std::string>& value) { add(value ? "1" + *value : "0"); };
	addOpt(u.email);
	addOpt(u.phoneNumber);
	addOpt(u.username);
	add(u.fullName);
	add(u.role);
	add(u.isActive ? "1" : "0");
	add(u.emailVerified ? "1" : "0");
	add(u.phoneVerified ? "1" : "0");
	add(u.bio);
	add(u.location);
	addOpt(u.birthDate);
	add(u.avatarUrl);
	addOpt(u.companyName);
	add(u.createdAt ? std::to_string(*u.createdAt) : "");
	add(u.lastLoginAt ? std::to_string(*u.lastLoginAt) : "");
	return Core::Digests::sha256Hex(s);
}


ImportSummary DjangoImporter::run(const std::string& path)
{
	ImportSummary summary;
	_duplicateEmails.clear();
	scan(path);
	import(path, summary);
	return summary;
}


void DjangoImporter::scan(const std::string& path)
{
	std::vector<std::pair<std::uint64_t, Poco::Int64>> emails;
	Poco::FileInputStream in(path);
	DumpReader reader(in, _options.format);
	reader.read([&](const Poco::JSON::Object::Ptr& pObject, std::uint64_t offset)
	{
		std::string model = modelOf(*pObject);
		if (isProfileModel(model)) pkOf(*pObject, offset);
		if (!isUserModel(model)) return;
		Poco::Int64 pk = pkOf(*pObject, offset);
		Poco::JSON::Object::Ptr pFields = pObject->getObject("fields");
		if (!pFields) throw MalformedDumpException("byte " + std::to_string(offset) + ": a user object without fields");
		if (!pFields->has("email") || !pFields->get("email").isString()) return;
		std::string email = Identity::EmailAddress::normalize(pFields->get("email").toString());
		if (!email.empty()) emails.emplace_back(emailDigest(email), pk);
	});
	std::sort(emails.begin(), emails.end());
	for (std::size_t i = 0; i < emails.size();)
	{
		std::size_t j = i + 1;
		while (j < emails.size() && emails[j].first == emails[i].first) ++j;
		if (j - i > 1)
		{
			std::vector<Poco::Int64>& pks = _duplicateEmails[emails[i].first];
			for (std::size_t k = i; k < j; ++k) pks.push_back(emails[k].second);
		}
		i = j;
	}
}


void DjangoImporter::import(const std::string& path, ImportSummary& summary)
{
	Poco::FileInputStream in(path);
	DumpReader reader(in, _options.format);
	Poco::Data::Session db = _database.session();
	std::unique_ptr<Persistence::Transaction> pTransaction(new Persistence::Transaction(_database, db));
	std::vector<DjangoUser> batch;
	std::set<Poco::Int64> batchPks;
	bool anyUser = false;
	auto flush = [&]()
	{
		importBatch(db, batch, summary);
		batch.clear();
		batchPks.clear();
		// A dry run keeps one transaction and rolls it back at the end, so
		// its checks see the users it would have written.
		if (!_options.dryRun)
		{
			pTransaction->commit();
			pTransaction.reset(new Persistence::Transaction(_database, db));
		}
	};
	reader.read([&](const Poco::JSON::Object::Ptr& pObject, std::uint64_t offset)
	{
		std::string model = modelOf(*pObject);
		if (isProfileModel(model)) return;
		if (!isUserModel(model))
		{
			++summary.ignored;
			return;
		}
		Poco::JSON::Object::Ptr pFields = pObject->getObject("fields");
		Poco::Int64 pk = pkOf(*pObject, offset);
		// A pk twice in one batch: the first must be written before the
		// second is looked up (it then updates it, as one by one).
		if (batchPks.count(pk)) flush();
		batch.push_back(_mapper.map(pk, *pFields));
		batchPks.insert(pk);
		anyUser = true;
		if (batch.size() >= _options.batchSize) flush();
	});
	if (!batch.empty()) importBatch(db, batch, summary);
	if (anyUser) _store.moveIdSequence(db);
	if (!_options.dryRun) pTransaction->commit();
	pTransaction.reset();
	if (!_options.profileModel.empty()) applyProfiles(path, summary);
}


void DjangoImporter::importBatch(Poco::Data::Session& db, std::vector<DjangoUser>& batch, ImportSummary& summary)
{
	ImportStore::Holders holders;
	_store.lookUp(db, batch, holders);
	// What the users of this batch before the current one hold once written:
	// their rows in holders show the values before the batch.
	std::set<Poco::Int64> written;
	std::map<std::string, Poco::Int64> emails;
	std::map<std::string, Poco::Int64> phones;
	std::map<std::string, Poco::Int64> usernames;
	auto holder = [&written](const std::multimap<std::string, Poco::Int64>& stored, const std::map<std::string, Poco::Int64>& inBatch,
		const std::string& value, Poco::Int64 pk) -> std::optional<Poco::Int64>
	{
		auto mine = inBatch.find(value);
		if (mine != inBatch.end() && mine->second != pk) return mine->second;
		auto range = stored.equal_range(value);
		for (auto it = range.first; it != range.second; ++it)
			if (it->second != pk && !written.count(it->second)) return it->second;
		return std::nullopt;
	};
	std::vector<const DjangoUser*> inserts;
	std::vector<std::pair<Poco::Int64, ImportStore::Imported>> records;
	Poco::Int64 now = Core::Clock::now();
	for (DjangoUser& user: batch)
	{
		std::string pk = "pk=" + std::to_string(user.pk) + ": ";
		auto skip = [&](const std::string& reason)
		{
			++summary.skipped;
			summary.lines.push_back(pk + reason);
		};
		if (user.skipReason)
		{
			skip(*user.skipReason);
			continue;
		}
		if (user.email)
		{
			auto duplicates = _duplicateEmails.find(emailDigest(*user.email));
			if (duplicates != _duplicateEmails.end())
			{
				std::string others;
				for (Poco::Int64 other: duplicates->second)
					if (other != user.pk) others += (others.empty() ? "" : ", ") + std::to_string(other);
				skip("email equals pk " + others + " lower-cased");
				continue;
			}
		}
		auto imported = holders.imports.find(user.pk);
		std::optional<ImportStore::Imported> previous;
		if (imported != holders.imports.end()) previous = imported->second;
		if (!previous && holders.ids.count(user.pk))
		{
			skip("pk held by an account not imported");
			continue;
		}
		if (user.email)
		{
			if (std::optional<Poco::Int64> other = holder(holders.emails, emails, *user.email, user.pk))
			{
				skip("email held by account " + std::to_string(*other));
				continue;
			}
		}
		if (user.phoneNumber)
		{
			if (std::optional<Poco::Int64> other = holder(holders.phones, phones, *user.phoneNumber, user.pk))
			{
				skip("phone number held by account " + std::to_string(*other));
				continue;
			}
		}
		if (user.username)
		{
			std::string key = Poco::UTF8::toLower(*user.username);
			bool taken = holder(holders.usernames, usernames, key, user.pk).has_value();
			if (!taken && !ImportStore::isAscii(*user.username))
			{
				std::optional<Poco::Int64> other = _store.usernameHolder(db, *user.username, user.pk);
				taken = other && !written.count(*other);
			}
			if (taken)
			{
				user.username.reset();
				user.drops.push_back("username equals another account's (case-insensitive), dropped");
			}
		}
		for (const std::string& drop: user.drops)
		{
			++summary.dropped;
			summary.lines.push_back(pk + drop);
		}
		ImportStore::Imported digests{Core::Digests::sha256Hex(user.passwordSource), fieldsDigest(user)};
		if (!previous)
		{
			inserts.push_back(&user);
			++summary.imported;
		}
		else if (previous->fieldsDigest == digests.fieldsDigest && previous->passwordDigest == digests.passwordDigest)
		{
			++summary.unchanged;
			continue;
		}
		else
		{
			_store.update(db, user, previous->passwordDigest != digests.passwordDigest, now);
			++summary.updated;
		}
		written.insert(user.pk);
		if (user.email) emails[*user.email] = user.pk;
		if (user.phoneNumber) phones[*user.phoneNumber] = user.pk;
		if (user.username) usernames[Poco::UTF8::toLower(*user.username)] = user.pk;
		records.emplace_back(user.pk, digests);
	}
	_store.insert(db, inserts, now);
	_store.recordImports(db, records, now);
}


void DjangoImporter::applyProfiles(const std::string& path, ImportSummary& summary)
{
	Poco::FileInputStream in(path);
	DumpReader reader(in, _options.format);
	Poco::Data::Session db = _database.session();
	std::unique_ptr<Persistence::Transaction> pTransaction(new Persistence::Transaction(_database, db));
	std::size_t inBatch = 0;
	reader.read([&](const Poco::JSON::Object::Ptr& pObject, std::uint64_t)
	{
		if (!isProfileModel(modelOf(*pObject))) return;
		Poco::JSON::Object::Ptr pFields = pObject->getObject("fields");
		if (!pFields || !pFields->has("user")) return;
		Poco::Int64 userPk = 0;
		Poco::Dynamic::Var owner = pFields->get("user");
		if (owner.isInteger()) userPk = owner.convert<Poco::Int64>();
		else return;
		if (!_store.findImport(db, userPk)) return;
		DjangoUser profile;
		profile.pk = userPk;
		_mapper.fillFromProfile(profile, *pFields);
		if (profile.phoneNumber && _store.phoneHolder(db, *profile.phoneNumber, userPk))
		{
			profile.phoneNumber.reset();
			profile.drops.push_back("profile phone number held by another account, dropped");
		}
		for (const std::string& drop: profile.drops)
		{
			++summary.dropped;
			summary.lines.push_back("pk=" + std::to_string(userPk) + ": " + drop);
		}
		_store.fillEmpty(db, profile, Core::Clock::now());
		if (!_options.dryRun && ++inBatch >= _options.batchSize)
		{
			pTransaction->commit();
			pTransaction.reset(new Persistence::Transaction(_database, db));
			inBatch = 0;
		}
	});
	if (!_options.dryRun) pTransaction->commit();
}


} } // namespace AuthServer::DjangoImport
