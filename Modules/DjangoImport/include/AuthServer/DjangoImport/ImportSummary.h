//
// ImportSummary.h
//
// The counts and report lines of one Django import.
//


#ifndef AuthServer_DjangoImport_ImportSummary_INCLUDED
#define AuthServer_DjangoImport_ImportSummary_INCLUDED


#include <cstdint>
#include <string>
#include <vector>


namespace AuthServer {
namespace DjangoImport {


struct ImportSummary
	/// Users imported (new), updated (imported before, dump changed),
	/// unchanged, skipped (not imported) and dropped fields (the user is
	/// imported without them); lines holds one "pk=N: reason" per skip or
	/// drop in file order (never an address); ignored counts objects of
	/// other models.
{
	std::uint64_t imported = 0;
	std::uint64_t updated = 0;
	std::uint64_t unchanged = 0;
	std::uint64_t skipped = 0;
	std::uint64_t dropped = 0;
	std::uint64_t ignored = 0;
	std::vector<std::string> lines;

	std::string countsLine() const;
		/// Returns "imported N, updated N, unchanged N, skipped N, dropped N".
};


} } // namespace AuthServer::DjangoImport


#endif // AuthServer_DjangoImport_ImportSummary_INCLUDED
