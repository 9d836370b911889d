//
// BreachedPasswordList.h
//
// The breached-password list of NIST SP 800-63B §5.1.1.2, held as a hash set.
//


#ifndef AuthServer_Identity_BreachedPasswordList_INCLUDED
#define AuthServer_Identity_BreachedPasswordList_INCLUDED


#include <cstdint>
#include <string>
#include <vector>


namespace AuthServer {
namespace Identity {


class BreachedPasswordList
	/// A set of known breached or common passwords (OWASP ASVS 2.1.7, NIST
	/// SP 800-63B §5.1.1.2 "passwords obtained from previous breach
	/// corpuses"), compared case-folded (Unicode lower case, fold()).
	///
	/// Only 64-bit fingerprints of the folded entries are kept, in one
	/// open-addressing table (linear probing, at most half full): 8 bytes per
	/// slot, e.g. 8 MiB for the 474,743 entries shipped, instead of ~60 MiB
	/// for a std::unordered_set of strings; a lookup is O(1) (one hash and a
	/// few adjacent slots). A fingerprint collision can only refuse a
	/// password that is not on the list, with probability about
	/// size() / 2^64 per check.
{
public:
	BreachedPasswordList();
		/// Creates an empty list.

	explicit BreachedPasswordList(const std::string& path);
		/// Loads path: UTF-8 text, one password per line (CR LF or LF), empty
		/// lines ignored; entries are folded on load. Throws
		/// Poco::FileNotFoundException when path does not exist and
		/// Poco::OpenFileException when it cannot be read.

	bool contains(const std::string& password) const;
		/// Returns whether fold(password) is on the list.

	std::size_t size() const;
		/// Returns the number of distinct folded entries.

	std::size_t memoryBytes() const;
		/// Returns the bytes the table occupies (slots times 8).

	static std::string fold(const std::string& utf8);
		/// Returns utf8 in Unicode lower case (Poco::UTF8::toLower; ASCII
		/// fast path). Malformed UTF-8 is returned byte-lowered.

private:
	void insert(std::uint64_t fingerprint);
	static std::uint64_t fingerprint(const std::string& folded);

	std::vector<std::uint64_t> _slots;
	std::size_t _size;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_BreachedPasswordList_INCLUDED
