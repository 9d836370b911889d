//
// AdminService.h
//
// Administration of accounts and the audit log.
//


#ifndef AuthServer_Identity_AdminService_INCLUDED
#define AuthServer_Identity_AdminService_INCLUDED


#include "AuthServer/Core/ExpiringMap.h"
#include "AuthServer/Identity/Account.h"
#include "AuthServer/Identity/AuditLog.h"
#include "AuthServer/Identity/PasswordService.h"
#include "AuthServer/Identity/Principal.h"
#include "AuthServer/Identity/RequestContext.h"
#include "AuthServer/Identity/RevocationList.h"
#include "AuthServer/Identity/UserDirectory.h"
#include "AuthServer/Persistence/AuditStore.h"
#include "AuthServer/Persistence/OneTimeTokenStore.h"
#include "AuthServer/Persistence/UserStore.h"
#include <optional>
#include <string>
#include <utility>
#include <vector>


namespace AuthServer {
namespace Identity {


class AdminService
	/// What GET/PATCH /api/admin/users and GET /api/admin/audit do, and the
	/// --create-admin command. The caller's admin role is checked by the
	/// HTTP layer (Auth::Admin) before any of these runs. Throws
	/// Core::AuthException / ValidationException for client errors,
	/// Poco::Data::DataException when the database fails.
{
public:
	static constexpr int DEFAULT_PAGE_SIZE = 20;
	static constexpr int MAX_PAGE_SIZE = 100;
	static constexpr Poco::Int64 TOTAL_CAP = 10000;
		/// The most rows a list's total counts: past it the answer says
		/// total = TOTAL_CAP and totalCapped, so a total never reads a
		/// whole table of a million users or audit events.
	static constexpr int CAPPED_TOTAL_SECONDS = 60;
		/// A user search q whose count reached TOTAL_CAP is answered
		/// capped without a count for this long. Finding TOTAL_CAP + 1
		/// matches checks that many rows (about 4 ms at 10^6 users,
		/// SQLite), and an admin paging through a broad q asked for it on
		/// every page (bench/scale.sh: its one broad name search cost a
		/// tenth of the name searches' throughput). For that minute the
		/// answer stays "more than 10,000" even if enough matches were
		/// deleted or changed to make it false (new users only add
		/// matches); totals under the cap are always counted.
	static constexpr std::size_t CAPPED_TOTAL_QUERIES = 1024;
		/// Capped search texts remembered per instance at most.

	struct UserPage
	{
		std::vector<Account> items;
			/// The matching accounts (no password hash: the HTTP layer
			/// never holds one).
		std::optional<int> page = 1;
			/// None when the page was asked for by cursor.
		int pageSize = DEFAULT_PAGE_SIZE;
		Poco::Int64 total = 0;
			/// Matches counted, at most TOTAL_CAP.
		bool totalCapped = false;
			/// More than TOTAL_CAP match: total is a lower bound.
		std::optional<std::string> next;
			/// The cursor of the page after this one; none on the last.
	};

	struct AuditPage
	{
		std::vector<Persistence::AuditEvent> items;
		std::optional<int> page = 1;
		int pageSize = DEFAULT_PAGE_SIZE;
		Poco::Int64 total = 0;
		bool totalCapped = false;
		std::optional<std::string> next;
			/// As in UserPage.
	};

	AdminService(Persistence::UserStore& users, Persistence::AuditStore& auditStore, UserDirectory& directory,
		RevocationList& revocations, PasswordService& passwords, AuditLog& audit, Persistence::OneTimeTokenStore& oneTimeTokens);

	UserPage listUsers(const std::string& query, int page, int pageSize, const std::string& cursor = std::string());
		/// Returns page (from 1) of pageSize (1..100) users, by id, whose
		/// email, full_name or phone_number contains query
		/// case-insensitively, and the total that match, counted up to
		/// TOTAL_CAP (API.md; a query that reached the cap is not counted
		/// again for CAPPED_TOTAL_SECONDS). cursor, when not empty, is the next of an
		/// earlier answer (opaque to clients: the last id it showed) and
		/// replaces page: the users after it, read through the index
		/// instead of skipping page * pageSize rows. Throws
		/// validation_error (errors.page / errors.page_size) out of range,
		/// (errors.cursor) for a cursor that is not one or comes with a
		/// page other than 1, and (errors.q) for a query holding a control
		/// character (C0, DEL, C1), which no stored field contains.

	Account getUser(Poco::Int64 id);
		/// Returns the account; not_found if none.

	Account updateUser(const Principal& admin, Poco::Int64 id, std::optional<bool> isActive,
		const std::optional<std::string>& role, const RequestContext& context);
		/// Sets is_active and/or role ("user", "supplier", "admin", else
		/// validation_error on errors.role). Deactivation revokes every
		/// session of the user at once (API.md; ASVS 3.3.1) and records
		/// user_deactivated; activation user_activated; a role change
		/// role_changed ("old -> new"). An admin may not deactivate or
		/// demote themselves (validation_error), so the server keeps an
		/// administrator. Throws not_found for an unknown id.

	AuditPage audit(std::optional<Poco::Int64> userId, const std::string& event, int page, int pageSize, const std::string& cursor = std::string());
		/// Returns the page of audit events, newest first, filtered by user
		/// and event name when given; total, cursor and next as in
		/// listUsers (the cursor walks to older events). Throws
		/// validation_error like listUsers.

	Account createAdmin(const std::string& email, const std::string& password, const RequestContext& context);
		/// For `authserver --create-admin`: creates a verified, active admin
		/// with that email and password (policy checked: weak_password), or
		/// promotes the existing account of that email to admin, activates
		/// it, marks the email verified and replaces its password, ending
		/// its outstanding reset links (issue 17 finding 8). Records
		/// register or role_changed. Throws validation_error for a bad email.

private:
	static void checkPaging(int page, int pageSize, const std::string& cursor);
		/// Throws validation_error for a page, page size or cursor out of range.

	static Poco::Int64 parseCursor(const std::string& cursor);
		/// Returns the id a cursor names (0 for an empty cursor).

	static std::pair<Poco::Int64, bool> capTotal(Poco::Int64 counted);
		/// Returns (total, capped) from a count taken up to TOTAL_CAP + 1.

	Persistence::UserStore& _users;
	Persistence::AuditStore& _auditStore;
	UserDirectory& _directory;
	RevocationList& _revocations;
	PasswordService& _passwords;
	AuditLog& _audit;
	Persistence::OneTimeTokenStore& _oneTimeTokens;
	Core::ExpiringMap<std::string, bool> _cappedTotals{CAPPED_TOTAL_QUERIES, std::chrono::seconds(CAPPED_TOTAL_SECONDS)};
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_AdminService_INCLUDED
