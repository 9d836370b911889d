//
// AdminService.cpp
//


#include "AuthServer/Identity/AdminService.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/Clock.h"
#include "AuthServer/Identity/EmailAddress.h"
#include "AuthServer/Identity/PasswordResetService.h"
#include <tuple>


using AuthServer::Core::AuthException;
using AuthServer::Core::Clock;
using AuthServer::Core::Problem;
using AuthServer::Core::ValidationException;
using AuthServer::Persistence::User;


namespace AuthServer {
namespace Identity {


AdminService::AdminService(Persistence::UserStore& users, Persistence::AuditStore& auditStore, UserDirectory& directory,
	RevocationList& revocations, PasswordService& passwords, AuditLog& audit, Persistence::OneTimeTokenStore& oneTimeTokens):
	_users(users),
	_auditStore(auditStore),
	_directory(directory),
	_revocations(revocations),
	_passwords(passwords),
	_audit(audit),
	_oneTimeTokens(oneTimeTokens)
{
}


void AdminService::checkPaging(int page, int pageSize, const std::string& cursor)
{
	ValidationException::FieldErrors errors;
	if (page < 1) errors["page"].push_back("Must be an integer from 1.");
	if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) errors["page_size"].push_back("Must be an integer from 1 to 100.");
	if (!cursor.empty())
	{
		if (parseCursor(cursor) <= 0) errors["cursor"].push_back("Must be the \"next\" of an earlier answer.");
		else if (page != 1) errors["cursor"].push_back("Give either cursor or page.");
	}
	if (!errors.empty()) throw ValidationException(errors);
}


Poco::Int64 AdminService::parseCursor(const std::string& cursor)
{
	// A cursor is the last id a page showed, in decimal: up to 18 digits,
	// so it never overflows and never carries a sign, space or exponent.
	if (cursor.empty() || cursor.size() > 18) return 0;
	Poco::Int64 id = 0;
	for (char c: cursor)
	{
		if (c < '0' || c > '9') return 0;
		id = id * 10 + (c - '0');
	}
	return id;
}


std::pair<Poco::Int64, bool> AdminService::capTotal(Poco::Int64 counted)
{
	if (counted > TOTAL_CAP) return {TOTAL_CAP, true};
	return {counted, false};
}


AdminService::UserPage AdminService::listUsers(const std::string& query, int page, int pageSize, const std::string& cursor)
{
	checkPaging(page, pageSize, cursor);
	// Issue 17 finding 12: "q=%00" matched every user (SQLite's LIKE reads
	// the pattern as a C string, which ends at the NUL). No name, email or
	// number holds a control character, so one in q is an error, not data.
	for (std::size_t i = 0; i < query.size(); ++i)
	{
		unsigned char c = static_cast<unsigned char>(query[i]);
		bool c1 = c == 0xC2 && i + 1 < query.size() && static_cast<unsigned char>(query[i + 1]) >= 0x80 && static_cast<unsigned char>(query[i + 1]) <= 0x9F;
		if (c < 0x20 || c == 0x7F || c1)
			throw ValidationException("q", "Control characters are not allowed in the search text.");
	}
	UserPage result;
	Poco::Int64 after = parseCursor(cursor);
	if (after > 0) result.page.reset();
	else result.page = page;
	result.pageSize = pageSize;
	// One row more than the page tells whether a next page exists.
	std::size_t offset = after > 0 ? 0 : static_cast<std::size_t>(page - 1) * pageSize;
	std::vector<User> found = _users.search(query, after, offset, static_cast<std::size_t>(pageSize) + 1);
	if (found.size() > static_cast<std::size_t>(pageSize))
	{
		found.resize(pageSize);
		result.next = std::to_string(found.back().id);
	}
	result.items.reserve(found.size());
	for (const User& u: found) result.items.emplace_back(u);
	// The last page of a numbered listing already holds the total (a
	// selective q: the common case), so only a listing that goes on, a
	// page past the end or a cursor page (whose rows before it are not
	// seen) costs a count.
	if (after == 0 && !result.next && (offset == 0 || !result.items.empty()))
		std::tie(result.total, result.totalCapped) = capTotal(static_cast<Poco::Int64>(offset + result.items.size()));
	else if (_cappedTotals.find(query))
	{
		// Reached the cap less than CAPPED_TOTAL_SECONDS ago.
		result.total = TOTAL_CAP;
		result.totalCapped = true;
	}
	else
	{
		std::tie(result.total, result.totalCapped) = capTotal(_users.count(query, TOTAL_CAP + 1));
		if (result.totalCapped) _cappedTotals.put(query, true);
	}
	return result;
}


Account AdminService::getUser(Poco::Int64 id)
{
	std::optional<User> user = _users.findById(id);
	if (!user) throw AuthException(Problem::NotFound, "No such user.");
	return Account(*user);
}


Account AdminService::updateUser(const Principal& admin, Poco::Int64 id, std::optional<bool> isActive,
	const std::optional<std::string>& role, const RequestContext& context)
{
	ValidationException::FieldErrors errors;
	if (role && *role != "user" && *role != "supplier" && *role != "admin")
		errors["role"].push_back("Must be \"user\", \"supplier\" or \"admin\".");
	if (id == admin.userId)
	{
		if (isActive && !*isActive) errors["is_active"].push_back("You cannot deactivate your own account.");
		if (role && *role != "admin") errors["role"].push_back("You cannot remove your own admin role.");
	}
	if (!errors.empty()) throw ValidationException(errors);

	std::optional<User> current = _users.findById(id);
	if (!current) throw AuthException(Problem::NotFound, "No such user.");
	User user = *current;
	bool deactivated = isActive && !*isActive && user.isActive;
	bool activated = isActive && *isActive && !user.isActive;
	std::string oldRole = user.role;
	bool roleChanged = role && *role != user.role;
	if (isActive) user.isActive = *isActive;
	if (role) user.role = *role;
	if (deactivated || activated || roleChanged)
	{
		user.updatedAt = Clock::now();
		_directory.update(user);
	}
	if (deactivated)
	{
		std::vector<std::string> revoked = _revocations.revokeAllForUser(user.id, "user_deactivated");
		_audit.record("user_deactivated", user.id, context, "by admin " + std::to_string(admin.userId) + ", " + std::to_string(revoked.size()) + " sessions revoked");
	}
	if (activated) _audit.record("user_activated", user.id, context, "by admin " + std::to_string(admin.userId));
	if (roleChanged) _audit.record("role_changed", user.id, context, oldRole + " -> " + user.role + " by admin " + std::to_string(admin.userId));
	return Account(user);
}


AdminService::AuditPage AdminService::audit(std::optional<Poco::Int64> userId, const std::string& event, int page, int pageSize, const std::string& cursor)
{
	checkPaging(page, pageSize, cursor);
	AuditPage result;
	Poco::Int64 before = parseCursor(cursor);
	if (before > 0) result.page.reset();
	else result.page = page;
	result.pageSize = pageSize;
	std::size_t offset = before > 0 ? 0 : static_cast<std::size_t>(page - 1) * pageSize;
	result.items = _auditStore.query(userId, event, before, offset, static_cast<std::size_t>(pageSize) + 1);
	if (result.items.size() > static_cast<std::size_t>(pageSize))
	{
		result.items.resize(pageSize);
		result.next = std::to_string(result.items.back().id);
	}
	// As in listUsers: the last numbered page already holds the total.
	if (before == 0 && !result.next && (offset == 0 || !result.items.empty()))
		std::tie(result.total, result.totalCapped) = capTotal(static_cast<Poco::Int64>(offset + result.items.size()));
	else
		std::tie(result.total, result.totalCapped) = capTotal(_auditStore.count(userId, event, TOTAL_CAP + 1));
	return result;
}


Account AdminService::createAdmin(const std::string& rawEmail, const std::string& password, const RequestContext& context)
{
	std::string email = EmailAddress::require(rawEmail);
	_passwords.policy().check(password, "password", email);
	std::string phc = _passwords.hash(password);
	Poco::Int64 now = Clock::now();
	std::optional<User> existing = _users.findByEmail(email);
	if (existing)
	{
		User user = *existing;
		std::string oldRole = user.role;
		user.role = "admin";
		user.isActive = true;
		user.emailVerified = true;
		user.passwordHash = phc;
		user.updatedAt = now;
		_directory.update(user);
		_oneTimeTokens.invalidateAll(user.id, PasswordResetService::PURPOSE, now); // issue 17 finding 8
		if (oldRole != "admin") _audit.record("role_changed", user.id, context, oldRole + " -> admin by --create-admin");
		return Account(user);
	}
	User user;
	user.email = email;
	user.passwordHash = phc;
	user.role = "admin";
	user.isActive = true;
	user.emailVerified = true;
	user.createdAt = now;
	user.updatedAt = now;
	_users.insert(user);
	_audit.record("register", user.id, context, "admin by --create-admin");
	return Account(user);
}


} } // namespace AuthServer::Identity
