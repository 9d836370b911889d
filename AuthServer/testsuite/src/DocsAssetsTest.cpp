//
// DocsAssetsTest.cpp
//
// DocsAssets: the allowlist, content types, and start-up refusals of a
// missing file or a broken OpenAPI document.
//


#include "AuthServer/Http/DocsAssets.h"
#include "Poco/Exception.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/Path.h"
#include "Poco/TemporaryFile.h"
#include <cppunit/extensions/HelperMacros.h>
#include <memory>


using AuthServer::Http::DocsAssets;


class DocsAssetsTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(DocsAssetsTest);
	CPPUNIT_TEST(testLoadServesEveryAllowedNameWithItsType);
	CPPUNIT_TEST(testOnlyAllowlistedNamesAreServed);
	CPPUNIT_TEST(testMissingFileIsNamed);
	CPPUNIT_TEST(testBrokenDocumentIsRefused);
	CPPUNIT_TEST(testEmptySetFindsNothing);
	CPPUNIT_TEST_SUITE_END();

public:
	void setUp() override
	{
		_pDir.reset(new Poco::TemporaryFile);
		_pDir->createDirectories();
		for (const std::string& name: DocsAssets::NAMES) write(name, "content of " + name);
		write(DocsAssets::DOCUMENT, "{\"openapi\": \"3.0.3\", \"info\": {}, \"paths\": {}}");
		write("secret.txt", "not to be served");
	}

	void tearDown() override
	{
		_pDir.reset();
	}

	void testLoadServesEveryAllowedNameWithItsType()
	{
		DocsAssets docs = DocsAssets::load(_pDir->path());
		for (const std::string& name: DocsAssets::NAMES) CPPUNIT_ASSERT(docs.find(name) != nullptr);
		CPPUNIT_ASSERT_EQUAL(std::string("content of swagger-ui-bundle.js"), docs.find("swagger-ui-bundle.js")->body);
		CPPUNIT_ASSERT_EQUAL(std::string("text/javascript; charset=utf-8"), docs.find("swagger-ui-bundle.js")->contentType);
		CPPUNIT_ASSERT_EQUAL(std::string("text/css; charset=utf-8"), docs.find("swagger-ui.css")->contentType);
		CPPUNIT_ASSERT_EQUAL(std::string("text/html; charset=utf-8"), docs.find(DocsAssets::PAGE)->contentType);
		CPPUNIT_ASSERT_EQUAL(std::string("image/png"), docs.find("favicon-32x32.png")->contentType);
		CPPUNIT_ASSERT_EQUAL(std::string("application/json; charset=utf-8"), docs.find(DocsAssets::DOCUMENT)->contentType);
		CPPUNIT_ASSERT(docs.find(DocsAssets::DOCUMENT)->body.find("\"openapi\"") != std::string::npos);
	}

	void testOnlyAllowlistedNamesAreServed()
	{
		DocsAssets docs = DocsAssets::load(_pDir->path());
		CPPUNIT_ASSERT(docs.find("secret.txt") == nullptr);
		CPPUNIT_ASSERT(docs.find("../secret.txt") == nullptr);
		CPPUNIT_ASSERT(docs.find("./swagger-ui.css") == nullptr);
		CPPUNIT_ASSERT(docs.find("swagger-ui.css.map") == nullptr);
		CPPUNIT_ASSERT(docs.find("") == nullptr);
	}

	void testMissingFileIsNamed()
	{
		Poco::File(Poco::Path(Poco::Path::forDirectory(_pDir->path()), "swagger-ui-bundle.js")).remove();
		try
		{
			DocsAssets::load(_pDir->path());
			CPPUNIT_FAIL("a missing file must stop the load");
		}
		catch (Poco::FileNotFoundException& exc)
		{
			CPPUNIT_ASSERT(exc.message().find("swagger-ui-bundle.js") != std::string::npos);
		}
	}

	void testBrokenDocumentIsRefused()
	{
		for (const std::string& broken: {std::string("{\"openapi\": "), std::string("[1, 2]"), std::string("{\"info\": {}}")})
		{
			write(DocsAssets::DOCUMENT, broken);
			CPPUNIT_ASSERT_THROW(DocsAssets::load(_pDir->path()), Poco::DataFormatException);
		}
	}

	void testEmptySetFindsNothing()
	{
		DocsAssets docs;
		CPPUNIT_ASSERT(docs.find(DocsAssets::DOCUMENT) == nullptr);
		CPPUNIT_ASSERT(docs.find(DocsAssets::PAGE) == nullptr);
	}

private:
	void write(const std::string& name, const std::string& content)
	{
		Poco::FileOutputStream out(Poco::Path(Poco::Path::forDirectory(_pDir->path()), name).toString());
		out << content;
	}

	std::unique_ptr<Poco::TemporaryFile> _pDir;
};


CPPUNIT_TEST_SUITE_REGISTRATION(DocsAssetsTest);
