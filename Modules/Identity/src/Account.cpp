//
// Account.cpp
//


#include "AuthServer/Identity/Account.h"


namespace AuthServer {
namespace Identity {


Account::Account(const Persistence::User& user):
	id(user.id),
	email(user.email),
	phoneNumber(user.phoneNumber),
	fullName(user.fullName),
	role(user.role),
	isActive(user.isActive),
	emailVerified(user.emailVerified),
	phoneVerified(user.phoneVerified),
	bio(user.bio),
	location(user.location),
	birthDate(user.birthDate),
	avatarUrl(user.avatarUrl),
	companyName(user.companyName),
	needsProfileCompletion(user.needsProfileCompletion),
	otpLoginEnabled(user.otpLoginEnabled),
	otpChannel(user.otpChannel),
	createdAt(user.createdAt),
	updatedAt(user.updatedAt),
	lastLoginAt(user.lastLoginAt),
	lastLoginIp(user.lastLoginIp),
	username(user.username)
{
}


} } // namespace AuthServer::Identity
