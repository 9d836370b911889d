//
// UserMapper.h
//
// The field mapping of a Django user object onto AuthServer's users.
//


#ifndef AuthServer_DjangoImport_UserMapper_INCLUDED
#define AuthServer_DjangoImport_UserMapper_INCLUDED


#include "AuthServer/DjangoImport/DjangoUser.h"
#include "AuthServer/Identity/PhoneNumbers.h"
#include "Poco/JSON/Object.h"


namespace AuthServer {
namespace DjangoImport {


class UserMapper
	/// Maps the `fields` of a dumpdata user object (auth.user or a custom
	/// user model) by Docs/DJANGO_IMPORT.md's table: email lower-cased and
	/// checked as at registration; full_name, else name, else first_name +
	/// " " + last_name; phone_number / phone / contact / mobile, else a
	/// username that is E.164, to E.164 in phone.defaultRegion; username
	/// (1-150 letters, digits, @.+-_); is_active; date_joined (created_at);
	/// last_login; is_superuser or is_staff -> admin, role "supplier" ->
	/// supplier, else user; the *_verified flags (none: verified when
	/// active, unless importUnverified); bio, location, birth_date,
	/// company_name, avatar (http(s) URLs only). No email and no phone, or
	/// an invalid email, sets skipReason; an invalid phone or username and
	/// an unsupported password hasher are dropped and listed in drops.
{
public:
	UserMapper(const Identity::PhoneNumbers& phones, bool importUnverified);

	DjangoUser map(Poco::Int64 pk, const Poco::JSON::Object& fields) const;
		/// Returns the mapped user (never throws for field values; a value of
		/// the wrong JSON type counts as absent).

	void fillFromProfile(DjangoUser& user, const Poco::JSON::Object& fields) const;
		/// Fills the empty fields of user (full name, phone, bio, location,
		/// birth date, company, avatar) from a profile model's fields.

	static bool isValidUsername(const std::string& username);
		/// Django's UnicodeUsernameValidator: 1-150 characters, each a
		/// letter, digit or one of @.+-_ (ASCII checked; other UTF-8 bytes
		/// accepted as letters).

	static std::optional<Poco::Int64> parseTime(const std::string& iso);
		/// Returns the epoch seconds of an ISO 8601 time as dumpdata writes
		/// it ("2024-05-01T10:00:00.123Z", "+02:00" offsets, or a date).

private:
	void fillExtras(DjangoUser& user, const Poco::JSON::Object& fields) const;
	std::optional<std::string> phoneFrom(const Poco::JSON::Object& fields, DjangoUser& user) const;

	const Identity::PhoneNumbers& _phones;
	bool _importUnverified;
};


} } // namespace AuthServer::DjangoImport


#endif // AuthServer_DjangoImport_UserMapper_INCLUDED
