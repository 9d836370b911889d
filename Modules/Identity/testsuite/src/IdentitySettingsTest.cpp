//
// IdentitySettingsTest.cpp
//
// The plain IdentitySettings the unit fixtures use carry the key table's
// defaults (issue 16.7: a default is written down once; the struct's
// initialisers must not drift from Core::ConfigKeyTable).
//


#include "AuthServer/Identity/IdentitySettings.h"
#include "Poco/AutoPtr.h"
#include "Poco/Util/MapConfiguration.h"
#include <cppunit/extensions/HelperMacros.h>


using AuthServer::Identity::IdentitySettings;


class IdentitySettingsTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(IdentitySettingsTest);
	CPPUNIT_TEST(testStructDefaultsAreTheKeyTablesDefaults);
	CPPUNIT_TEST_SUITE_END();

public:
	void testStructDefaultsAreTheKeyTablesDefaults()
	{
		Poco::AutoPtr<Poco::Util::MapConfiguration> cfg(new Poco::Util::MapConfiguration);
		cfg->setString("paths.commonPasswords", "common-passwords.txt"); // no default: found next to the executable
		IdentitySettings table = IdentitySettings::fromConfig(*cfg);
		IdentitySettings plain;
		CPPUNIT_ASSERT_EQUAL(table.requireEmailVerification, plain.requireEmailVerification);
		CPPUNIT_ASSERT_EQUAL(table.preventEnumeration, plain.preventEnumeration);
		CPPUNIT_ASSERT_EQUAL(table.adminRequireOtp, plain.adminRequireOtp); // embedded profile
		CPPUNIT_ASSERT_EQUAL(table.verificationLifetime, plain.verificationLifetime);
		CPPUNIT_ASSERT_EQUAL(table.refreshReuseInterval, plain.refreshReuseInterval);
		CPPUNIT_ASSERT_EQUAL(table.sessionAbsoluteLifetime, plain.sessionAbsoluteLifetime);
		CPPUNIT_ASSERT_EQUAL(table.sessionIdleTimeout, plain.sessionIdleTimeout);
		CPPUNIT_ASSERT_EQUAL(table.passwordMinLength, plain.passwordMinLength);
		CPPUNIT_ASSERT_EQUAL(table.passwordMaxLength, plain.passwordMaxLength);
		CPPUNIT_ASSERT_EQUAL(table.argon2MemoryKiB, plain.argon2MemoryKiB);
		CPPUNIT_ASSERT_EQUAL(table.argon2Iterations, plain.argon2Iterations);
		CPPUNIT_ASSERT_EQUAL(table.argon2Parallelism, plain.argon2Parallelism);
		CPPUNIT_ASSERT_EQUAL(table.hashQueue, plain.hashQueue);
		CPPUNIT_ASSERT_EQUAL(table.otpLength, plain.otpLength);
		CPPUNIT_ASSERT_EQUAL(table.otpLifetime, plain.otpLifetime);
		CPPUNIT_ASSERT_EQUAL(table.otpMaxAttempts, plain.otpMaxAttempts);
		CPPUNIT_ASSERT_EQUAL(table.otpResendInterval, plain.otpResendInterval);
		CPPUNIT_ASSERT_EQUAL(table.otpMaxSendsPerHour, plain.otpMaxSendsPerHour);
		CPPUNIT_ASSERT_EQUAL(table.passwordResetLifetime, plain.passwordResetLifetime);
		CPPUNIT_ASSERT_EQUAL(table.appName, plain.appName);
		CPPUNIT_ASSERT_EQUAL(table.frontendUrl, plain.frontendUrl);
		CPPUNIT_ASSERT_EQUAL(table.rateLimits.enabled, plain.rateLimits.enabled);
		CPPUNIT_ASSERT_EQUAL(table.rateLimits.lockoutThreshold, plain.rateLimits.lockoutThreshold);
		CPPUNIT_ASSERT_EQUAL(std::size_t(10), table.rateLimits.buckets.size());
		CPPUNIT_ASSERT_EQUAL(20, table.rateLimits.buckets.at("login").perIp);
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(IdentitySettingsTest);
