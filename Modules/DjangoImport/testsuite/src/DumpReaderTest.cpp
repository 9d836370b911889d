//
// DumpReaderTest.cpp
//
// Streaming dumpdata files object by object; malformed files named by byte.
//


#include "AuthServer/DjangoImport/DumpReader.h"
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <sstream>
#include <vector>


using namespace AuthServer::DjangoImport;


namespace
{
	struct Read
	{
		std::vector<std::string> models;
		std::vector<std::uint64_t> offsets;
	};

	Read readAll(const std::string& text, DumpReader::Format format = DumpReader::Format::Json)
	{
		std::istringstream in(text);
		Read result;
		DumpReader(in, format).read([&](const Poco::JSON::Object::Ptr& pObject, std::uint64_t offset)
		{
			result.models.push_back(pObject->optValue<std::string>("model", ""));
			result.offsets.push_back(offset);
		});
		return result;
	}

	std::string failure(const std::string& text, DumpReader::Format format = DumpReader::Format::Json)
	{
		try
		{
			readAll(text, format);
		}
		catch (MalformedDumpException& exc)
		{
			return exc.message();
		}
		return "no exception";
	}
}


class DumpReaderTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(DumpReaderTest);
	CPPUNIT_TEST(testArrayObjectsInOrderWithOffsets);
	CPPUNIT_TEST(testBracesAndQuotesInsideStrings);
	CPPUNIT_TEST(testEmptyArray);
	CPPUNIT_TEST(testJsonLines);
	CPPUNIT_TEST(testMalformedNamesByteOffset);
	CPPUNIT_TEST_SUITE_END();

public:
	void testArrayObjectsInOrderWithOffsets()
	{
		Read r = readAll("[{\"model\": \"auth.user\", \"pk\": 1, \"fields\": {\"groups\": []}},\n {\"model\": \"x.y\", \"pk\": 2}]\n");
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), r.models.size());
		CPPUNIT_ASSERT_EQUAL(std::string("auth.user"), r.models[0]);
		CPPUNIT_ASSERT_EQUAL(std::string("x.y"), r.models[1]);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), r.offsets[0]);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(61), r.offsets[1]);
	}

	void testBracesAndQuotesInsideStrings()
	{
		Read r = readAll("[{\"model\": \"a}\\\"]{b\", \"pk\": 1}]");
		CPPUNIT_ASSERT_EQUAL(std::string("a}\"]{b"), r.models.at(0));
	}

	void testEmptyArray()
	{
		CPPUNIT_ASSERT(readAll(" [ ] ").models.empty());
	}

	void testJsonLines()
	{
		Read r = readAll("{\"model\": \"auth.user\", \"pk\": 1}\n\n{\"model\": \"auth.user\", \"pk\": 2}\n", DumpReader::Format::JsonLines);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), r.models.size());
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(33), r.offsets[1]);
	}

	void testMalformedNamesByteOffset()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("byte 0: expected '[' (dumpdata writes a JSON array; --format=jsonl for one object a line)"), failure("{}"));
		CPPUNIT_ASSERT_EQUAL(std::string("byte 10: expected ',' or ']'"), failure("[{\"a\": 1} {\"b\": 2}]"));
		CPPUNIT_ASSERT_EQUAL(std::string("byte 10: file ends inside an object"), failure("[{\"a\": [1,"));
		CPPUNIT_ASSERT(failure("[{\"a\": tru}]").compare(0, 34, "byte 1: object is not valid JSON (") == 0);
		CPPUNIT_ASSERT_EQUAL(std::string("byte 11: data after the array"), failure("[{\"a\": 1}] x"));
		CPPUNIT_ASSERT_EQUAL(std::string("byte 1: expected an object"), failure("[1, 2]"));
		CPPUNIT_ASSERT(failure("{\"a\": 1}\n{oops}\n", DumpReader::Format::JsonLines).compare(0, 9, "byte 9: o") == 0);
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(DumpReaderTest);
