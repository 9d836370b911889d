//
// JsonWriter.h
//
// Appends the text of one JSON object member by member.
//


#ifndef AuthServer_Core_JsonWriter_INCLUDED
#define AuthServer_Core_JsonWriter_INCLUDED


#include "Poco/Types.h"
#include <cstddef>
#include <optional>
#include <string>
#include <vector>


namespace AuthServer {
namespace Core {


class JsonWriter
	/// Writes a JSON object (RFC 8259 §4) into one string, in the bytes
	/// Poco::JSON::Object::stringify writes with escapeUnicode set, without
	/// building the object: for the few answers on the hot path (the token
	/// answer, the HS256 payload, the refresh grace entry), where POCO
	/// 1.11's object and its stringify cost 45,000-130,000 instructions
	/// (issue 14). Escaping stays POCO's: every string value goes through
	/// Poco::toJSON (JSON_WRAP_STRINGS | JSON_ESCAPE_UNICODE), except text
	/// that Base64Url::isCompactText accepts (base64url and '.', RFC 4648
	/// §5), which JSON never escapes (RFC 8259 §7) and is copied as it is.
	/// Keys are the caller's literals, which must need no escaping (ASCII
	/// letters, digits, '_'); members come out in the order written (POCO
	/// writes an object's keys in byte order: write them so to get its
	/// bytes). Anything else (arrays, parsing) is Poco::JSON's.
{
public:
	explicit JsonWriter(std::size_t reserve = 256);
		/// Starts the outermost object; reserve: bytes to reserve.

	void string(const char* key, const std::string& value);
		/// Writes "key": value as a JSON string.

	void nullableString(const char* key, const std::optional<std::string>& value);
		/// Writes "key": value as a JSON string, or null when absent.

	void number(const char* key, Poco::Int64 value);
		/// Writes "key": value as a JSON integer.

	void boolean(const char* key, bool value);
		/// Writes "key": true or false.

	void beginObject(const char* key);
		/// Writes "key": { and makes the members that follow that object's.

	void endObject();
		/// Closes the object beginObject() opened. Throws
		/// Poco::IllegalStateException when none is open.

	std::string str();
		/// Closes the outermost object (and any left open) and returns the
		/// text. Call it once: the writer is spent afterwards.

private:
	void key(const char* key);

	std::string _text;
	std::vector<bool> _first;
};


} } // namespace AuthServer::Core


#endif // AuthServer_Core_JsonWriter_INCLUDED
