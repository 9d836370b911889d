//
// BreachedPasswordList.cpp
//


#include "AuthServer/Identity/BreachedPasswordList.h"
#include "Poco/Exception.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/String.h"
#include "Poco/UTF8String.h"
#include <functional>
#include <string_view>


namespace AuthServer {
namespace Identity {


namespace
{
	bool isAscii(const std::string& s)
	{
		for (unsigned char c: s)
			if (c >= 0x80) return false;
		return true;
	}
}


BreachedPasswordList::BreachedPasswordList():
	_slots(16, 0),
	_size(0)
{
}


BreachedPasswordList::BreachedPasswordList(const std::string& path):
	_size(0)
{
	if (!Poco::File(path).exists()) throw Poco::FileNotFoundException("breached-password list", path);
	std::vector<std::uint64_t> fingerprints;
	{
		Poco::FileInputStream in(path);
		std::string line;
		while (std::getline(in, line))
		{
			if (!line.empty() && line.back() == '\r') line.pop_back();
			if (line.empty()) continue;
			fingerprints.push_back(fingerprint(fold(line)));
		}
	}
	// A power of two at least twice the entries: probes stay short.
	std::size_t capacity = 16;
	while (capacity < 2 * fingerprints.size()) capacity *= 2;
	_slots.assign(capacity, 0);
	for (std::uint64_t f: fingerprints) insert(f);
}


std::uint64_t BreachedPasswordList::fingerprint(const std::string& folded)
{
	static_assert(sizeof(std::size_t) == 8, "64-bit std::hash expected");
	std::uint64_t h = std::hash<std::string_view>()(std::string_view(folded));
	return h == 0 ? 1 : h; // 0 marks an empty slot
}


void BreachedPasswordList::insert(std::uint64_t f)
{
	std::size_t mask = _slots.size() - 1;
	for (std::size_t i = f & mask;; i = (i + 1) & mask)
	{
		if (_slots[i] == f) return;
		if (_slots[i] == 0)
		{
			_slots[i] = f;
			++_size;
			return;
		}
	}
}


bool BreachedPasswordList::contains(const std::string& password) const
{
	std::uint64_t f = fingerprint(fold(password));
	std::size_t mask = _slots.size() - 1;
	for (std::size_t i = f & mask;; i = (i + 1) & mask)
	{
		if (_slots[i] == f) return true;
		if (_slots[i] == 0) return false;
	}
}


std::size_t BreachedPasswordList::size() const
{
	return _size;
}


std::size_t BreachedPasswordList::memoryBytes() const
{
	return _slots.size() * sizeof(std::uint64_t);
}


std::string BreachedPasswordList::fold(const std::string& utf8)
{
	if (isAscii(utf8)) return Poco::toLower(utf8);
	try
	{
		return Poco::UTF8::toLower(utf8);
	}
	catch (Poco::Exception&)
	{
		return Poco::toLower(utf8);
	}
}


} } // namespace AuthServer::Identity
