//
// PgRowReader.h
//
// Typed reads of one PgConnection result row by column name (internal to
// every module's stores).
//


#ifndef AuthServer_Persistence_PgRowReader_INCLUDED
#define AuthServer_Persistence_PgRowReader_INCLUDED


#include "AuthServer/Persistence/PgConnection.h"
#include "Poco/NumberParser.h"
#include "Poco/StringTokenizer.h"
#include "Poco/Types.h"
#include <map>
#include <optional>
#include <string>


namespace AuthServer {
namespace Persistence {


class PgRowReader
	/// Reads the columns of a PgConnection::Row (text values, nullopt for
	/// NULL) by name, as RowReader and SqliteConnection::Query do, so the
	/// stores' row mappers serve all three. The names come from the
	/// statement's select list, given once as "a, b, c" (the stores'
	/// COLUMNS strings). Integers are parsed from PostgreSQL's text form;
	/// boolean() is an integer column's value != 0. Throws
	/// Poco::NotFoundException for a name not in the list and
	/// Poco::SyntaxException for a malformed integer.
{
public:
	class Columns
		/// Column name -> position, built once per select list.
	{
	public:
		explicit Columns(const std::string& list)
		{
			Poco::StringTokenizer names(list, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
			std::size_t i = 0;
			for (const std::string& name: names) _positions[name] = i++;
		}

		std::size_t at(const std::string& name) const
		{
			auto it = _positions.find(name);
			if (it == _positions.end()) throw Poco::NotFoundException("column " + name);
			return it->second;
		}

	private:
		std::map<std::string, std::size_t> _positions;
	};

	PgRowReader(const PgConnection::Row& row, const Columns& columns): _row(row), _columns(columns) {}

	std::optional<std::string> optStr(const std::string& col) const
	{
		std::size_t i = _columns.at(col);
		return i < _row.size() ? _row[i] : std::nullopt;
	}

	std::string str(const std::string& col) const
	{
		return optStr(col).value_or(std::string());
	}

	std::optional<Poco::Int64> optInt64(const std::string& col) const
	{
		std::optional<std::string> value = optStr(col);
		if (!value) return std::nullopt;
		return Poco::NumberParser::parse64(*value);
	}

	Poco::Int64 int64(const std::string& col) const
	{
		return optInt64(col).value_or(0);
	}

	bool boolean(const std::string& col) const
	{
		return int64(col) != 0;
	}

private:
	const PgConnection::Row& _row;
	const Columns& _columns;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_PgRowReader_INCLUDED
