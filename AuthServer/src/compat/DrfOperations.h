//
// DrfOperations.h
//
// The operations the DRF-style profiles share: each maps the aliased body
// to one native service call and writes the DRF answer.
//


#ifndef AuthServer_Http_DrfOperations_INCLUDED
#define AuthServer_Http_DrfOperations_INCLUDED


#include "CompatCall.h"


namespace AuthServer {
namespace Http {


class DrfOperations
	/// One static function per native call (API.md's route in brackets).
{
public:
	static void registerUser(CompatCall& call);
		/// (register) 201 DRF user; role user or supplier.

	static void registerSupplier(CompatCall& call);
		/// (register/supplier) 201 DRF user; company_name optional.

	static void login(CompatCall& call);
		/// (login) 200 login answer.

	static void refresh(CompatCall& call);
		/// (token/refresh) 200 {"access", "refresh"}; a refresh token that
		/// is not ours goes to the legacy exchange when it is on.

	static void blacklistLogout(CompatCall& call);
		/// (logout) 200 {}: revokes the session of the Bearer access token
		/// and of the body's refresh token, each when valid; 401 when
		/// neither is (simplejwt's TokenBlacklistView).

	static void profile(CompatCall& call);
		/// (profile) 200 DRF user.

	static void updateProfile(CompatCall& call);
		/// (profile PATCH) 200 DRF user; another email is 400.

	static void verifyEmail(CompatCall& call);
		/// (verify-email) 200 {"message", "user"}.

	static void resendVerification(CompatCall& call);
		/// (resend-verification) 200 {"message"} always.

	static void otpRequest(CompatCall& call);
		/// (otp/request) 200 {"message": "OTP sent."} always.

	static void otpVerify(CompatCall& call);
		/// (otp/verify) login answer, or {"message": "Verified.", "user"}.

	static void passwordForgot(CompatCall& call);
		/// (password/forgot) 200 {"message"} always.

	static void passwordReset(CompatCall& call);
		/// (password/reset) 200 {"message": "Password has been reset."}.

	static void passwordChange(CompatCall& call);
		/// (password/change) 200 {"message": "Password changed successfully."}.

	static const Compat::CompatBody::Aliases REGISTER_ALIASES;
	static const Compat::CompatBody::Aliases NEW_PASSWORD_ALIASES;
	static const Compat::CompatBody::Aliases REFRESH_ALIASES;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_DrfOperations_INCLUDED
