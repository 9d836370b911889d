//
// ProblemAssert.h
//
// Asserts that a call throws an AuthException with a given problem.
//


#ifndef AuthServer_Identity_ProblemAssert_INCLUDED
#define AuthServer_Identity_ProblemAssert_INCLUDED


#include "AuthServer/Core/AuthException.h"
#include <cppunit/extensions/HelperMacros.h>


#define ASSERT_PROBLEM(expression, expectedProblem) \
	do { \
		bool thrown_ = false; \
		try { expression; } \
		catch (AuthServer::Core::AuthException& exc_) \
		{ \
			thrown_ = true; \
			CPPUNIT_ASSERT_EQUAL_MESSAGE(#expression, AuthServer::Core::ProblemCatalog::code(expectedProblem), AuthServer::Core::ProblemCatalog::code(exc_.problem())); \
		} \
		CPPUNIT_ASSERT_MESSAGE("no AuthException from " #expression, thrown_); \
	} while (0)


#endif // AuthServer_Identity_ProblemAssert_INCLUDED
