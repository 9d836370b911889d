//
// DumpReader.h
//
// Streams the objects of a `manage.py dumpdata` file one at a time.
//


#ifndef AuthServer_DjangoImport_DumpReader_INCLUDED
#define AuthServer_DjangoImport_DumpReader_INCLUDED


#include "Poco/Exception.h"
#include "Poco/JSON/Object.h"
#include <cstdint>
#include <functional>
#include <istream>
#include <string>


namespace AuthServer {
namespace DjangoImport {


POCO_DECLARE_EXCEPTION(, MalformedDumpException, Poco::DataFormatException)
	/// A dump that is not dumpdata output; message() starts "byte <offset>: ".


class DumpReader
	/// Reads dumpdata output: a JSON array of objects (`--format=json`,
	/// the default) or one object per line (`--format=jsonl`). Only the
	/// bytes of one object are held at a time: the array's structure is
	/// scanned here (strings and escapes skipped, nesting counted) and each
	/// object is parsed by Poco::JSON::Parser, so a dump of 10^6 users needs
	/// the memory of one. The array is read 64 KiB at a time (a byte at a
	/// time through the istream cost a tenth of the import). Offsets are
	/// in bytes from the start of the file.
{
public:
	enum class Format
	{
		Json,
		JsonLines
	};

	using Handler = std::function<void(const Poco::JSON::Object::Ptr& pObject, std::uint64_t offset)>;
		/// Called per object in file order with the byte offset of its '{'.

	DumpReader(std::istream& in, Format format);

	void read(const Handler& handler);
		/// Calls handler for every object. Throws MalformedDumpException
		/// ("byte N: ...") when the file is not a JSON array of objects (or
		/// not one object per line), including an object Poco's parser
		/// refuses (N is then that object's start).

private:
	void readArray(const Handler& handler);
	void readLines(const Handler& handler);
	bool fill();
	int peek();
	int next();
	int peekSkippingSpace();
	[[noreturn]] void fail(std::uint64_t offset, const std::string& what) const;
	void deliver(const std::string& text, std::uint64_t offset, const Handler& handler) const;

	std::istream& _in;
	Format _format;
	std::uint64_t _offset = 0;
	char _buffer[65536];
	std::size_t _position = 0;
	std::size_t _end = 0;
};


} } // namespace AuthServer::DjangoImport


#endif // AuthServer_DjangoImport_DumpReader_INCLUDED
