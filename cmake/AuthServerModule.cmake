# authserver_module(NAME <Name> SOURCES ... DEPENDS ... [TESTS ...] [TEST_DEPENDS ...])
# Builds Modules/<Name> as the static library AuthServer<Name> with
# include/ public, and, when tests are on, its CppUnit suite
# <Name>Testsuite (testsuite/src/*.cpp + Driver) registered with CTest.
function(authserver_module)
	cmake_parse_arguments(M "" "NAME" "SOURCES;DEPENDS;TESTS;TEST_DEPENDS" ${ARGN})
	set(lib AuthServer${M_NAME})
	add_library(${lib} STATIC ${M_SOURCES})
	target_include_directories(${lib} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
	target_link_libraries(${lib} PUBLIC ${M_DEPENDS})
	target_compile_options(${lib} PRIVATE ${AUTHSERVER_WARNING_FLAGS})
	if(AUTHSERVER_BUILD_TESTS AND M_TESTS)
		set(exe ${M_NAME}Testsuite)
		add_executable(${exe} ${M_TESTS} ${PROJECT_SOURCE_DIR}/Testsuite/cppunit/Driver.cpp)
		target_link_libraries(${exe} PRIVATE ${lib} ${M_TEST_DEPENDS} Poco::Crypto PkgConfig::CPPUNIT)
		add_test(NAME ${exe} COMMAND ${exe} WORKING_DIRECTORY ${CMAKE_BINARY_DIR})
		set_tests_properties(${exe} PROPERTIES ENVIRONMENT "AUTHSERVER_SOURCE_DIR=${PROJECT_SOURCE_DIR};AUTHSERVER_BINARY_DIR=${CMAKE_BINARY_DIR}")
	endif()
endfunction()
