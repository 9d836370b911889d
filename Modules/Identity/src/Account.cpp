//
// Account.cpp
//


#include "AuthServer/Identity/Account.h"


namespace AuthServer {
namespace Identity {


Account::Account(const Persistence::User& user):
	Persistence::UserFields(user)
{
}


} } // namespace AuthServer::Identity
