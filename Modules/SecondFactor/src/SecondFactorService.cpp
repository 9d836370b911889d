//
// SecondFactorService.cpp
//


#include "AuthServer/SecondFactor/SecondFactorService.h"
#include "AuthServer/SecondFactor/QrCode.h"
#include "AuthServer/SecondFactor/Totp.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/Clock.h"
#include "AuthServer/Core/Digests.h"
#include "AuthServer/Core/SecureRandom.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Logger.h"
#include "Poco/String.h"
#include "Poco/URI.h"
#include <sstream>


using AuthServer::Core::AuthException;
using AuthServer::Core::Clock;
using AuthServer::Core::Problem;
using AuthServer::Core::ValidationException;
using AuthServer::Persistence::User;


namespace AuthServer {
namespace SecondFactor {


namespace
{
	constexpr std::size_t SECRET_BYTES = 20;
	const char* const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i

	AuthException invalidOtp()
	{
		return AuthException(Problem::InvalidOtp, "The code is invalid.");
	}

	AuthException challengeExpired()
	{
		return AuthException(Problem::OtpExpired, "The sign-in challenge has expired or ended; log in again.");
	}

	std::string uriComponent(const std::string& text)
	{
		std::string out;
		Poco::URI::encode(text, ":/?#[]@!$&'()*+,;= ", out);
		return out;
	}

	std::string accountName(const Identity::Account& user)
	{
		if (user.email) return *user.email;
		if (user.phoneNumber) return *user.phoneNumber;
		return "user " + std::to_string(user.id);
	}

	void requireCode(const std::string& code)
	{
		if (code.empty()) throw ValidationException("code", "This field is required.");
	}
}


SecondFactorService::SecondFactorService(TotpStore& totp, RecoveryCodeStore& recoveryCodes, const Delivery::PayloadCipher* pCipher,
	Persistence::UserStore& users, Identity::PasswordService& passwords, Identity::AuthenticationService& authentication,
	Identity::RateLimiter& limiter, Cache::Cache& cache, Identity::AuditLog& audit, Mail::Mailer& mailer, const std::string& issuer):
	_totp(totp),
	_recoveryCodes(recoveryCodes),
	_pCipher(pCipher),
	_users(users),
	_passwords(passwords),
	_authentication(authentication),
	_limiter(limiter),
	_cache(cache),
	_audit(audit),
	_mailer(mailer),
	_issuer(issuer)
{
}


const Delivery::PayloadCipher& SecondFactorService::cipher() const
{
	if (!_pCipher) throw AuthException(Problem::ServiceUnavailable, "Authenticator apps are not configured on this server (mfa.encryptionKey).");
	return *_pCipher;
}


std::string SecondFactorService::secretOf(const TotpFactor& factor) const
{
	return Totp::decodeSecret(cipher().open(factor.sealedSecret));
}


bool SecondFactorService::checkCode(const TotpFactor& factor, const std::string& code, const Identity::RequestContext& context)
{
	std::string trimmed = Poco::trim(code);
	std::string secret = secretOf(factor);
	Poco::Int64 now = Clock::now();
	std::optional<Poco::Int64> step = Totp::match(secret, trimmed, now, factor.lastStep);
	// The conditional UPDATE decides between concurrent uses of one code.
	if (step && _totp.acceptStep(factor.userId, *step)) return true;
	// A right code of a step already accepted: someone has seen it.
	std::optional<Poco::Int64> used = step ? step : Totp::match(secret, trimmed, now, -1);
	if (used) noticeReuse(factor.userId, *used, context);
	return false;
}


void SecondFactorService::noticeReuse(Poco::Int64 userId, Poco::Int64 step, const Identity::RequestContext& context)
{
	_audit.record("totp_reuse_detected", userId, context, "step " + std::to_string(step));
	// One mail per step, however often the code is replayed (cache: all
	// instances; the step is over after 90 s of drift).
	if (!_cache.add("mfa:reuse-notice:" + std::to_string(userId) + ":" + std::to_string(step), "1", 120)) return;
	std::optional<User> user = _users.findById(userId);
	if (!user || !user->email) return;
	try
	{
		_mailer.send(*user->email, "totp_reused", {{"full_name", user->fullName}, {"seen_at", Clock::toRfc3339(Clock::now())},
			{"ip", context.ip}});
	}
	catch (Poco::Exception& exc)
	{
		Poco::Logger::get("AuthServer.Mail").error("code-reuse notice for user %s not sent: %s", std::to_string(userId), exc.displayText());
	}
}


TotpFactor SecondFactorService::confirmedFactor(Poco::Int64 userId)
{
	std::optional<TotpFactor> factor = _totp.find(userId);
	if (!factor || !factor->confirmedAt) throw AuthException(Problem::NotFound, "No authenticator app is set up for this account.");
	return *factor;
}


bool SecondFactorService::isTotpEnabled(Poco::Int64 userId)
{
	std::optional<TotpFactor> factor = _totp.find(userId);
	return factor && factor->confirmedAt;
}


SecondFactorService::Setup SecondFactorService::setupTotp(const Identity::Principal& principal, const Identity::RequestContext& context)
{
	const Delivery::PayloadCipher& c = cipher();
	if (isTotpEnabled(principal.userId))
		throw AuthException(Problem::Conflict, "An authenticator app is already on; turn it off first.");
	Setup setup;
	setup.secret = Totp::encodeSecret(Core::SecureRandom::bytes(SECRET_BYTES));
	if (!_totp.replacePending(principal.userId, c.seal(setup.secret), Clock::now()))
		throw AuthException(Problem::Conflict, "An authenticator app is already on; turn it off first.");
	// Key URI format of Google Authenticator, which every app reads.
	setup.otpauthUrl = "otpauth://totp/" + uriComponent(_issuer) + ":" + uriComponent(accountName(principal.user))
		+ "?secret=" + setup.secret + "&issuer=" + uriComponent(_issuer) + "&algorithm=SHA1&digits=6&period=30";
	setup.qrSvg = QrCode::svg(setup.otpauthUrl);
	(void) context;
	return setup;
}


std::vector<std::string> SecondFactorService::confirmTotp(const Identity::Principal& principal, const std::string& code, const Identity::RequestContext& context)
{
	requireCode(code);
	cipher();
	std::optional<TotpFactor> factor = _totp.find(principal.userId);
	if (!factor) throw AuthException(Problem::NotFound, "Start the set-up of an authenticator app first.");
	if (factor->confirmedAt) throw AuthException(Problem::Conflict, "The authenticator app is already on.");
	std::optional<Poco::Int64> step = Totp::match(secretOf(*factor), Poco::trim(code), Clock::now(), factor->lastStep);
	if (!step) throw invalidOtp();
	if (!_totp.confirm(principal.userId, *step, Clock::now())) throw invalidOtp();
	std::vector<std::string> codes = newRecoveryCodes(principal.userId);
	_audit.record("mfa_enabled", principal.userId, context, "totp");
	return codes;
}


void SecondFactorService::disableTotp(const Identity::Principal& principal, const std::string& password, const std::string& code, const Identity::RequestContext& context)
{
	if (password.empty() && code.empty())
	{
		ValidationException::FieldErrors errors;
		errors["password"].push_back("Give the password or a code.");
		errors["code"].push_back("Give the password or a code.");
		throw ValidationException(errors);
	}
	TotpFactor factor = confirmedFactor(principal.userId);
	std::optional<User> user = _users.findById(principal.userId);
	if (!user) throw AuthException(Problem::InvalidToken, "The account no longer exists.");
	if (!code.empty())
	{
		if (!checkCode(factor, code, context)) throw invalidOtp();
	}
	else if (!user->passwordHash || !_passwords.verify(*user->passwordHash, password))
	{
		_audit.record("mfa_disable_failed", principal.userId, context, "bad_password");
		throw ValidationException("password", "The password is incorrect.");
	}
	_totp.remove(principal.userId);
	_recoveryCodes.removeAll(principal.userId);
	_audit.record("mfa_disabled", principal.userId, context, code.empty() ? "password" : "totp");
	if (user->email)
	{
		try
		{
			_mailer.send(*user->email, "mfa_disabled", {{"full_name", user->fullName}, {"changed_at", Clock::toRfc3339(Clock::now())}});
		}
		catch (Poco::Exception& exc)
		{
			Poco::Logger::get("AuthServer.Mail").error("second-factor-off notice for user %s not sent: %s", std::to_string(user->id), exc.displayText());
		}
	}
}


std::vector<std::string> SecondFactorService::regenerateRecoveryCodes(const Identity::Principal& principal, const std::string& code, const Identity::RequestContext& context)
{
	requireCode(code);
	TotpFactor factor = confirmedFactor(principal.userId);
	if (!checkCode(factor, code, context)) throw invalidOtp();
	std::vector<std::string> codes = newRecoveryCodes(principal.userId);
	_audit.record("recovery_codes_regenerated", principal.userId, context);
	return codes;
}


void SecondFactorService::setWebAuthn(WebAuthnService* pWebAuthn)
{
	_pWebAuthn = pWebAuthn;
}


WebAuthnService& SecondFactorService::webAuthn()
{
	if (!_pWebAuthn) throw AuthException(Problem::ServiceUnavailable, "Passkeys are not available on this server.");
	return *_pWebAuthn;
}


void SecondFactorService::resetByAdmin(Poco::Int64 userId, const Identity::Principal& admin, const Identity::RequestContext& context)
{
	if (!_users.findById(userId)) throw AuthException(Problem::NotFound, "No such user.");
	_totp.remove(userId);
	_recoveryCodes.removeAll(userId);
	if (_pWebAuthn) _pWebAuthn->removeAll(userId);
	_audit.record("mfa_reset_by_admin", userId, context, "by admin " + std::to_string(admin.userId));
}


std::vector<std::string> SecondFactorService::newRecoveryCodes(Poco::Int64 userId)
{
	const std::string alphabet(RECOVERY_ALPHABET);
	std::vector<std::string> codes;
	std::vector<RecoveryCodeStore::StoredCode> stored;
	for (int i = 0; i < RECOVERY_CODE_COUNT; ++i)
	{
		// 16 symbols of a 30-symbol alphabet: 78 bits; ASVS 2.6.2 asks for
		// 112 bits, or a unique random salt (32 bits at least) and an
		// approved hash: each code gets a 128-bit salt.
		std::string raw = Core::SecureRandom::bytes(16);
		std::string code;
		for (std::size_t j = 0; j < raw.size(); ++j)
		{
			if (j > 0 && j % 4 == 0) code += '-';
			// Bytes at or above 240 (= 8 * 30) are drawn again, so every
			// symbol is equally likely.
			unsigned char b = static_cast<unsigned char>(raw[j]);
			while (b >= 240) b = static_cast<unsigned char>(Core::SecureRandom::bytes(1)[0]);
			code += alphabet[b % alphabet.size()];
		}
		codes.push_back(code);
		RecoveryCodeStore::StoredCode entry;
		entry.salt = Core::SecureRandom::token(16);
		entry.codeHash = recoveryCodeDigest(entry.salt, code);
		stored.push_back(entry);
	}
	_recoveryCodes.replace(userId, stored, Clock::now());
	return codes;
}


bool SecondFactorService::spendRecoveryCode(Poco::Int64 userId, const std::string& code)
{
	// At most 10 digests to compute; every one is compared, so the time
	// does not tell which matched.
	std::optional<Poco::Int64> match;
	for (const RecoveryCodeStore::StoredCode& stored: _recoveryCodes.unused(userId))
	{
		if (Core::Digests::constantTimeEquals(recoveryCodeDigest(stored.salt, code), stored.codeHash) && !match) match = stored.id;
	}
	// The conditional UPDATE decides between concurrent uses of one code.
	return match && _recoveryCodes.spend(*match, Clock::now());
}


std::string SecondFactorService::recoveryCodeDigest(const std::string& salt, const std::string& code)
{
	std::string normalized;
	for (char c: code)
	{
		if (c == '-' || c == ' ') continue;
		normalized += static_cast<char>(Poco::Ascii::toLower(c));
	}
	return Core::Digests::sha256Hex(salt + "\n" + normalized);
}


std::string SecondFactorService::challengeKey(const std::string& challenge)
{
	return "mfa:challenge:" + Core::Digests::sha256Hex(challenge);
}


std::optional<Identity::SecondFactorGate::Challenge> SecondFactorService::challenge(const User& user, const Identity::RequestContext& context)
{
	// One statement answers all three (issue 14: one round trip on
	// PostgreSQL for a login without a second factor).
	TotpStore::Enrollment enrollment = _totp.enrollment(user.id);
	bool totp = enrollment.totp;
	bool passkeys = _pWebAuthn && enrollment.passkeys > 0;
	if (!totp && !passkeys) return std::nullopt;
	Challenge result;
	result.token = Core::SecureRandom::token(32);
	Poco::JSON::Object entry;
	if (totp)
	{
		result.methods.push_back("totp");
		if (enrollment.recoveryCodes > 0) result.methods.push_back("recovery_code");
	}
	if (passkeys)
	{
		// The assertion's challenge is bound to this login challenge: it
		// is kept in the same entry and dies with it.
		std::string assertionChallenge;
		Poco::JSON::Object::Ptr publicKey = _pWebAuthn->secondFactorOptions(user.id, assertionChallenge);
		Poco::JSON::Object options;
		options.set("publicKey", publicKey);
		std::ostringstream json;
		options.stringify(json);
		result.methods.push_back("webauthn");
		result.webauthnOptions = json.str();
		entry.set("wch", assertionChallenge);
	}
	entry.set("uid", user.id);
	entry.set("exp", Clock::now() + CHALLENGE_LIFETIME);
	std::ostringstream out;
	entry.stringify(out);
	_cache.set(challengeKey(result.token), out.str(), CHALLENGE_LIFETIME);
	(void) context;
	return result;
}


Identity::TokenPair SecondFactorService::completeLogin(const std::string& challenge, const std::string& method, const std::string& code,
	const Identity::RequestContext& context, const Poco::JSON::Object::Ptr& credential)
{
	ValidationException::FieldErrors errors;
	if (challenge.empty()) errors["mfa_challenge"].push_back("This field is required.");
	if (method.empty()) errors["method"].push_back("This field is required.");
	else if (method != "totp" && method != "recovery_code" && method != "webauthn") errors["method"].push_back("Must be \"totp\", \"recovery_code\" or \"webauthn\".");
	if (method == "webauthn" && !credential) errors["credential"].push_back("This field is required.");
	else if (method != "webauthn" && code.empty()) errors["code"].push_back("This field is required.");
	if (!errors.empty()) throw ValidationException(errors);
	if (challenge.size() > 128) throw challengeExpired();

	std::string key = challengeKey(challenge);
	std::optional<std::string> raw = _cache.get(key);
	if (!raw) throw challengeExpired();
	Poco::JSON::Parser parser;
	Poco::JSON::Object::Ptr entry = parser.parse(*raw).extract<Poco::JSON::Object::Ptr>();
	Poco::Int64 userId = entry->getValue<Poco::Int64>("uid");
	if (entry->getValue<Poco::Int64>("exp") <= Clock::now()) throw challengeExpired();
	std::optional<User> user = _users.findById(userId);
	if (!user) throw challengeExpired();
	// The lockout of the password login holds here too (by email; an
	// account without one is bounded by the per-challenge limit and the
	// per-address bucket).
	if (user->email) _limiter.checkLockout(*user->email, context.ip);
	// Count the answer before checking it, so parallel guesses cannot
	// exceed the limit.
	Poco::Int64 answers = _cache.increment("mfa:answers:" + Core::Digests::sha256Hex(challenge), CHALLENGE_LIFETIME);
	if (answers > CHALLENGE_MAX_ANSWERS)
	{
		_cache.remove(key);
		throw challengeExpired();
	}

	bool ok = false;
	if (method == "totp")
	{
		std::optional<TotpFactor> factor = _totp.find(userId);
		ok = factor && factor->confirmedAt && checkCode(*factor, code, context);
	}
	else if (method == "webauthn")
	{
		std::string assertionChallenge = entry->optValue<std::string>("wch", "");
		ok = _pWebAuthn && !assertionChallenge.empty() && _pWebAuthn->verifySecondFactor(userId, credential, assertionChallenge, context);
	}
	else
	{
		ok = spendRecoveryCode(userId, code);
		if (ok) _audit.record("recovery_code_used", userId, context, std::to_string(_recoveryCodes.remaining(userId)) + " left");
	}
	if (!ok)
	{
		if (user->email) _limiter.recordFailure(*user->email, context.ip);
		_audit.record("login_failed", userId, context, "bad_second_factor " + method + " (answer " + std::to_string(answers) + ")");
		if (answers >= CHALLENGE_MAX_ANSWERS) _cache.remove(key);
		if (method == "webauthn") throw AuthException(Problem::InvalidCredential, "The passkey response could not be verified.");
		throw invalidOtp();
	}
	if (!_cache.remove(key)) throw challengeExpired(); // a concurrent answer used it first
	if (!user->isActive) throw AuthException(Problem::AccountInactive, "This account is deactivated.");
	if (user->email) _limiter.recordSuccess(*user->email, context.ip);
	return _authentication.finishLogin(*user, context, true);
}


} } // namespace AuthServer::SecondFactor
