//
// main.cpp
//


#include "AuthServerApplication.h"
#include <iostream>


POCO_SERVER_MAIN(AuthServer::AuthServerApplication)
