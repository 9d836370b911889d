//
// DumpReader.cpp
//


#include "AuthServer/DjangoImport/DumpReader.h"
#include "Poco/JSON/JSONException.h"
#include "Poco/JSON/Parser.h"
#include <typeinfo>


namespace AuthServer {
namespace DjangoImport {


POCO_IMPLEMENT_EXCEPTION(MalformedDumpException, Poco::DataFormatException, "Malformed dump")


DumpReader::DumpReader(std::istream& in, Format format):
	_in(in),
	_format(format)
{
}


void DumpReader::read(const Handler& handler)
{
	if (_format == Format::JsonLines) readLines(handler);
	else readArray(handler);
}


bool DumpReader::fill()
{
	if (_position < _end) return true;
	_in.read(_buffer, sizeof(_buffer));
	_position = 0;
	_end = static_cast<std::size_t>(_in.gcount());
	return _end > 0;
}


int DumpReader::peek()
{
	if (!fill()) return std::char_traits<char>::eof();
	return static_cast<unsigned char>(_buffer[_position]);
}


int DumpReader::next()
{
	if (!fill()) return std::char_traits<char>::eof();
	++_offset;
	return static_cast<unsigned char>(_buffer[_position++]);
}


int DumpReader::peekSkippingSpace()
{
	for (;;)
	{
		int c = peek();
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
		{
			next();
			continue;
		}
		return c;
	}
}


void DumpReader::fail(std::uint64_t offset, const std::string& what) const
{
	throw MalformedDumpException("byte " + std::to_string(offset) + ": " + what);
}


void DumpReader::deliver(const std::string& text, std::uint64_t offset, const Handler& handler) const
{
	Poco::Dynamic::Var parsed;
	try
	{
		Poco::JSON::Parser parser;
		parsed = parser.parse(text);
	}
	catch (Poco::Exception& exc)
	{
		fail(offset, "object is not valid JSON (" + exc.message() + ")");
	}
	if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) fail(offset, "expected an object");
	handler(parsed.extract<Poco::JSON::Object::Ptr>(), offset);
}


void DumpReader::readArray(const Handler& handler)
{
	const int eof = std::char_traits<char>::eof();
	// A UTF-8 byte order mark is allowed before the array.
	if (peek() == 0xEF)
	{
		next();
		if (next() != 0xBB || next() != 0xBF) fail(0, "expected '['");
	}
	if (peekSkippingSpace() != '[') fail(_offset, "expected '[' (dumpdata writes a JSON array; --format=jsonl for one object a line)");
	next();
	bool first = true;
	std::string text;
	for (;;)
	{
		int c = peekSkippingSpace();
		if (c == ']' && first)
		{
			next();
			break;
		}
		if (c != '{') fail(_offset, "expected an object");
		std::uint64_t start = _offset;
		text.clear();
		int depth = 0;
		bool inString = false;
		for (;;)
		{
			c = next();
			if (c == eof) fail(_offset, "file ends inside an object");
			text.push_back(static_cast<char>(c));
			if (inString)
			{
				if (c == '\\')
				{
					int escaped = next();
					if (escaped == eof) fail(_offset, "file ends inside a string");
					text.push_back(static_cast<char>(escaped));
				}
				else if (c == '"') inString = false;
			}
			else if (c == '"') inString = true;
			else if (c == '{' || c == '[') ++depth;
			else if (c == '}' || c == ']')
			{
				if (--depth == 0) break;
			}
		}
		deliver(text, start, handler);
		first = false;
		c = peekSkippingSpace();
		if (c == ',')
		{
			next();
			continue;
		}
		if (c == ']')
		{
			next();
			break;
		}
		fail(_offset, "expected ',' or ']'");
	}
	if (peekSkippingSpace() != eof) fail(_offset, "data after the array");
}


void DumpReader::readLines(const Handler& handler)
{
	std::string line;
	while (true)
	{
		std::uint64_t start = _offset;
		if (!std::getline(_in, line)) break;
		_offset += line.size() + (_in.eof() ? 0 : 1);
		std::size_t first = line.find_first_not_of(" \t\r");
		if (first == std::string::npos) continue;
		deliver(line, start + first, handler);
	}
}


} } // namespace AuthServer::DjangoImport
