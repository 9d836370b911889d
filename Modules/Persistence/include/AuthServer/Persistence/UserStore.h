//
// UserStore.h
//
// The users table.
//


#ifndef AuthServer_Persistence_UserStore_INCLUDED
#define AuthServer_Persistence_UserStore_INCLUDED


#include "AuthServer/Persistence/Database.h"
#include "AuthServer/Persistence/User.h"
#include <optional>
#include <string>


namespace AuthServer {
namespace Persistence {


class UserStore
	/// Reads and writes users with bound parameters. Throws
	/// Poco::Data::DataException on database failure.
{
public:
	explicit UserStore(Database& database);

	Poco::Int64 insert(User& user);
		/// Inserts user (id ignored), sets and returns user.id. Throws
		/// Poco::Data::DataException on a unique violation (email, phone).

	std::optional<User> findById(Poco::Int64 id);
	std::optional<User> findByEmail(const std::string& lowerCaseEmail);
	std::optional<User> findByPhone(const std::string& e164);

	void update(const User& user);
		/// Writes every column but id, created_at and the last-login pair.

	void recordLogin(Poco::Int64 id, Poco::Int64 at, const std::string& ip);
		/// Sets last_login_at and last_login_ip.

	void setPasswordHash(Poco::Int64 id, const std::string& phc, Poco::Int64 at);
		/// Replaces the password hash.

	void markEmailVerified(Poco::Int64 id, Poco::Int64 at);
		/// Sets email_verified.

private:
	std::optional<User> findOne(const std::string& sql, const std::string& value);

	Database& _database;
	const std::string _insert;
	const std::string _byId;
	const std::string _byEmail;
	const std::string _byPhone;
	const std::string _update;
	const std::string _recordLogin;
	const std::string _setPassword;
	const std::string _markEmailVerified;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_UserStore_INCLUDED
