//
// DjangoImporter.h
//
// `authserver --import-django`: users of a dumpdata file into the database.
//


#ifndef AuthServer_DjangoImport_DjangoImporter_INCLUDED
#define AuthServer_DjangoImport_DjangoImporter_INCLUDED


#include "AuthServer/DjangoImport/DjangoUser.h"
#include "AuthServer/DjangoImport/DumpReader.h"
#include "AuthServer/DjangoImport/ImportStore.h"
#include "AuthServer/DjangoImport/ImportSummary.h"
#include "AuthServer/DjangoImport/UserMapper.h"
#include "AuthServer/Identity/PhoneNumbers.h"
#include "AuthServer/Persistence/Database.h"
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>


namespace AuthServer {
namespace DjangoImport {


class DjangoImporter
	/// Imports the users of a `manage.py dumpdata` file (Docs/DJANGO_IMPORT.md).
	/// The file is streamed twice: pass 1 checks its shape and keeps one
	/// 64-bit digest of the lower-cased email per user (10^6 users: 16 MB)
	/// to find users whose emails coincide; pass 2 maps each user and
	/// writes it with its pk as id, in transactions of batchSize users:
	/// the batch's pks, emails, phones and usernames are looked up in a few
	/// statements, its new users inserted 100 per statement (a user's checks
	/// see the users before it in the file, written or not yet, as one by
	/// one would). Only the objects of one batch are held.
	/// A pk imported before is updated when its mapped fields changed, its
	/// password only when the dump's hash string changed since the last
	/// import (a rehash or a password set here is kept). With dryRun every
	/// write is rolled back.
{
public:
	struct Options
	{
		std::string userModel = "auth.user";
		std::string profileModel;
		DumpReader::Format format = DumpReader::Format::Json;
		bool dryRun = false;
		bool importUnverified = false;
		std::size_t batchSize = 2000;
	};

	DjangoImporter(Persistence::Database& database, const Identity::PhoneNumbers& phones, const Options& options);

	ImportSummary run(const std::string& path);
		/// Imports the file at path. Throws MalformedDumpException ("byte N:
		/// ...") for a file that is not dumpdata output, including a user or
		/// profile object without an integer pk (nothing is written: pass 1
		/// reads the whole file first); Poco::FileException when it cannot be
		/// read; Poco::Data::DataException on database failure (the batch in
		/// progress is rolled back, earlier batches stay).

private:
	bool isUserModel(const std::string& model) const;
	bool isProfileModel(const std::string& model) const;
	void scan(const std::string& path);
	void import(const std::string& path, ImportSummary& summary);
	void applyProfiles(const std::string& path, ImportSummary& summary);
	void importBatch(Poco::Data::Session& db, std::vector<DjangoUser>& batch, ImportSummary& summary);
	static std::uint64_t emailDigest(const std::string& email);
	static std::string fieldsDigest(const DjangoUser& user);
	static Poco::Int64 pkOf(const Poco::JSON::Object& object, std::uint64_t offset);

	Persistence::Database& _database;
	ImportStore _store;
	UserMapper _mapper;
	Options _options;
	std::unordered_map<std::uint64_t, std::vector<Poco::Int64>> _duplicateEmails;
};


} } // namespace AuthServer::DjangoImport


#endif // AuthServer_DjangoImport_DjangoImporter_INCLUDED
