//
// QueryParams.h
//
// Typed reads of the query string.
//


#ifndef AuthServer_Http_QueryParams_INCLUDED
#define AuthServer_Http_QueryParams_INCLUDED


#include "AuthServer/Core/AuthException.h"
#include "Poco/Types.h"
#include <optional>
#include <string>
#include <utility>
#include <vector>


namespace AuthServer {
namespace Http {


class QueryParams
	/// Reads ?name=value pairs of a request URI (percent-decoded by
	/// Poco::URI), collecting an error per bad field like JsonBody, so a
	/// bad page=abc is 400 validation_error, never a 500.
{
public:
	struct Paging
		/// ?page=&page_size= of a listing (API.md admin routes).
	{
		int page = 1;       /// from 1
		int pageSize = 20;  /// items per page
	};

	explicit QueryParams(const std::string& uri);
		/// Throws validation_error for a URI Poco::URI cannot parse; records
		/// an error (thrown by check()) for a name given more than once
		/// (OWASP ASVS 5.1.1, HTTP parameter pollution).

	std::string string(const std::string& name) const;
		/// Returns the last value of name, or "".

	int integer(const std::string& name, int defaultValue);
		/// Returns the decimal integer value of name, or defaultValue when
		/// absent or empty; records an error when it is not an integer.

	std::optional<Poco::Int64> optionalId(const std::string& name);
		/// Returns the decimal id of name, none when absent or empty;
		/// records an error when it is not an integer.

	Paging paging(int defaultPageSize);
		/// Returns page (default 1) and page_size (default defaultPageSize)
		/// as integer() reads them: a value that is not a decimal int
		/// (page=abc, or one past the int range) records "A valid integer
		/// is required." under its name. The allowed range (page from 1,
		/// page_size 1..100) is the service's rule
		/// (Identity::AdminService::checkPaging).

	void check() const;
		/// Throws Core::ValidationException with every recorded error.

private:
	std::vector<std::pair<std::string, std::string>> _params;
	Core::ValidationException::FieldErrors _errors;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_QueryParams_INCLUDED
