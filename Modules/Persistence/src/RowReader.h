//
// RowReader.h
//
// Typed reads of one RecordSet row (internal to Persistence).
//


#ifndef AuthServer_Persistence_RowReader_INCLUDED
#define AuthServer_Persistence_RowReader_INCLUDED


#include "Poco/Data/RecordSet.h"
#include <optional>
#include <string>


namespace AuthServer {
namespace Persistence {


class RowReader
	/// Reads columns of the current row of a RecordSet by name, mapping SQL
	/// NULL to std::nullopt and integer 0/1 to bool.
{
public:
	RowReader(Poco::Data::RecordSet& rs, std::size_t row): _rs(rs), _row(row) {}

	bool isNull(const std::string& col) const
	{
		return _rs.value(col, _row).isEmpty();
	}

	std::string str(const std::string& col) const
	{
		return isNull(col) ? std::string() : _rs.value(col, _row).convert<std::string>();
	}

	std::optional<std::string> optStr(const std::string& col) const
	{
		if (isNull(col)) return std::nullopt;
		return _rs.value(col, _row).convert<std::string>();
	}

	Poco::Int64 int64(const std::string& col) const
	{
		return isNull(col) ? 0 : _rs.value(col, _row).convert<Poco::Int64>();
	}

	std::optional<Poco::Int64> optInt64(const std::string& col) const
	{
		if (isNull(col)) return std::nullopt;
		return _rs.value(col, _row).convert<Poco::Int64>();
	}

	bool boolean(const std::string& col) const
	{
		return int64(col) != 0;
	}

private:
	Poco::Data::RecordSet& _rs;
	std::size_t _row;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_RowReader_INCLUDED
