//
// ImportSummary.cpp
//


#include "AuthServer/DjangoImport/ImportSummary.h"


namespace AuthServer {
namespace DjangoImport {


std::string ImportSummary::countsLine() const
{
	return "imported " + std::to_string(imported) + ", updated " + std::to_string(updated) + ", unchanged " + std::to_string(unchanged)
		+ ", skipped " + std::to_string(skipped) + ", dropped " + std::to_string(dropped);
}


} } // namespace AuthServer::DjangoImport
