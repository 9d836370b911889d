//
// Driver.cpp
//
// The main() of every module's CppUnit suite: runs all suites registered
// with CPPUNIT_TEST_SUITE_REGISTRATION and exits non-zero on any failure.
//


#include <cppunit/BriefTestProgressListener.h>
#include <cppunit/CompilerOutputter.h>
#include <cppunit/TestResult.h>
#include <cppunit/TestResultCollector.h>
#include <cppunit/TestRunner.h>
#include <cppunit/extensions/TestFactoryRegistry.h>
#include "Poco/Crypto/Crypto.h"
#include <iostream>


int main(int, char**)
{
	Poco::Crypto::initializeCrypto(); // once per process, as POCO requires
	CppUnit::TestResult controller;
	CppUnit::TestResultCollector result;
	controller.addListener(&result);
	CppUnit::BriefTestProgressListener progress;
	controller.addListener(&progress);

	CppUnit::TestRunner runner;
	runner.addTest(CppUnit::TestFactoryRegistry::getRegistry().makeTest());
	runner.run(controller);

	CppUnit::CompilerOutputter outputter(&result, std::cerr);
	outputter.write();
	std::cout << result.runTests() << " tests, " << result.testFailuresTotal() << " failures" << std::endl;
	return result.wasSuccessful() ? 0 : 1;
}
