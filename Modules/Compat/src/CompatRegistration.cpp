//
// CompatRegistration.cpp
//


#include "AuthServer/Compat/CompatRegistration.h"
#include "AuthServer/Core/Clock.h"
#include "AuthServer/Identity/EmailAddress.h"
#include "Poco/Data/DataException.h"
#include "Poco/Unicode.h"
#include "Poco/UTF8Encoding.h"
#include "Poco/TextIterator.h"


using AuthServer::Core::AuthException;
using AuthServer::Core::Problem;
using AuthServer::Core::ValidationException;


namespace AuthServer {
namespace Compat {


CompatRegistration::CompatRegistration(Identity::IdentityModule& identity, Persistence::Database& database):
	_identity(identity),
	_store(database)
{
}


void CompatRegistration::checkUsername(const std::string& username, const std::string& field, ValidationException::FieldErrors& errors)
{
	if (username.empty())
	{
		errors[field].push_back("This field may not be blank.");
		return;
	}
	Poco::UTF8Encoding utf8;
	std::size_t characters = 0;
	bool valid = true;
	Poco::TextIterator it(username, utf8);
	Poco::TextIterator end(username);
	for (; it != end; ++it)
	{
		int c = *it; // -1 for a malformed UTF-8 sequence
		++characters;
		// Django's \w (Unicode letters, digits, underscore) and @.+-.
		if (c < 0 || !(Poco::Unicode::isAlpha(c) || Poco::Unicode::isDigit(c) || c == '_' || c == '@' || c == '.' || c == '+' || c == '-'))
			valid = false;
	}
	if (characters > 150) errors[field].push_back("Ensure this field has no more than 150 characters.");
	else if (!valid) errors[field].push_back("Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.");
}


Identity::Account CompatRegistration::registerUser(const Identity::Registration& registration, const std::optional<std::string>& username,
	const std::string& usernameField, const Identity::RequestContext& context)
{
	ValidationException::FieldErrors usernameErrors;
	if (username)
	{
		checkUsername(*username, usernameField, usernameErrors);
		if (usernameErrors.empty() && _store.usernameTaken(*username)) usernameErrors[usernameField].push_back(USERNAME_TAKEN);
	}
	if (!usernameErrors.empty())
	{
		// Nothing is stored; the email is still checked, as Django
		// validates every field before answering. Only a proven email is
		// taken (the native rule), and it is not told under
		// auth.preventEnumeration.
		std::string email = Identity::EmailAddress::normalize(registration.email);
		if (!email.empty() && !_identity.settings().preventEnumeration && _identity.users().findByProvenEmail(email))
			usernameErrors["email"].push_back(EMAIL_TAKEN);
		throw ValidationException(usernameErrors);
	}
	// The user, its username and its pending activation are one write
	// unit: a crash in between leaves no account that no code can
	// activate, and a username taken meanwhile rolls the whole sign-up back.
	Identity::Account user = _identity.registration().registerUser(registration, context,
		[&](Poco::Data::Session& db, const Persistence::User& inserted)
		{
			if (registration.activationByCode) _store.markPending(db, inserted.id, inserted.createdAt);
			if (username)
			{
				bool set = false;
				try
				{
					set = _store.setUsername(db, inserted.id, *username);
				}
				catch (Poco::Data::DataException&)
				{
					// The unique index: a concurrent sign-up took it.
				}
				if (!set) throw ValidationException(usernameField, USERNAME_TAKEN);
			}
		});
	// Under auth.preventEnumeration a taken email answers a user that was
	// never stored (the hook did not run): it answers the username all the
	// same, as a new account would.
	user.username = username;
	return user;
}


Identity::Account CompatRegistration::activate(const std::string& email, const std::string& code, const Identity::RequestContext& context)
{
	Identity::Account user = _identity.otp().verifyDestination("email", email, code, context);
	if (_store.clearPending(user.id))
	{
		std::optional<Persistence::User> stored = _identity.users().findById(user.id);
		if (stored)
		{
			stored->isActive = true;
			stored->updatedAt = Core::Clock::now();
			_identity.directory().update(*stored);
			_identity.audit().record("user_activated", user.id, context, "by_code");
			user.isActive = true;
		}
	}
	return user;
}


Identity::LoginOutcome CompatRegistration::login(const std::string& email, const std::string& password, const Identity::RequestContext& context)
{
	try
	{
		return _identity.authentication().beginLogin(email, password, context);
	}
	catch (AuthException& exc)
	{
		// beginLogin checks the password before the account's state: an
		// inactive answer means the password was right.
		if (exc.problem() != Problem::AccountInactive) throw;
		std::string normalized = Identity::EmailAddress::normalize(email);
		std::optional<Persistence::User> user = _identity.users().findByEmail(normalized);
		if (!user || !_store.isPending(user->id)) throw;
		_identity.otp().send("email", normalized, "verify", user->id, true, context);
		throw AuthException(Problem::AccountInactive, NOT_ACTIVATED, 403);
	}
}


} } // namespace AuthServer::Compat
