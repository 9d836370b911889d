// A warning our code once had (RouteTable.cpp, -Wmissing-field-initializers):
// the WarningsAreErrors CTest compiles this file with the build's warning
// flags and expects it to fail when AUTHSERVER_WERROR is on (CI).

struct Route
{
	const char* method;
	const char* pattern;
	const char* rateBucket;
};

const Route ROUTE = {"GET", "/health"};
