//
// HttpsContext.cpp
//


#include "HttpsContext.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/ConfigKeys.h"
#include "Poco/File.h"
#include "Poco/String.h"
#include <openssl/ssl.h>


using AuthServer::Core::ConfigurationException;
namespace Keys = AuthServer::Core::Keys;


namespace AuthServer {


const std::string HttpsContext::DEFAULT_CIPHER_LIST =
	"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
	"ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
	"ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";


namespace
{
	std::string readableFile(const Core::ConfigReader& reader, const char* key)
	{
		std::string path = reader.getRequiredString(key);
		Poco::File file(path);
		if (!file.exists()) throw ConfigurationException(key, path + " does not exist");
		if (!file.isFile() || !file.canRead()) throw ConfigurationException(key, path + " is not a readable file");
		return path;
	}
}


Poco::Net::Context::Ptr HttpsContext::create(const Core::ConfigReader& reader)
{
	Poco::Net::Context::Params params;
	params.certificateFile = readableFile(reader, Keys::HTTPS_CERTIFICATE_FILE);
	params.privateKeyFile = readableFile(reader, Keys::HTTPS_PRIVATE_KEY_FILE);
	params.verificationMode = Poco::Net::Context::VERIFY_NONE;
	params.loadDefaultCAs = false;
	std::string ciphers = Poco::trim(reader.getString(Keys::HTTPS_CIPHER_LIST));
	params.cipherList = ciphers.empty() ? DEFAULT_CIPHER_LIST : ciphers;
	Poco::Net::Context::Ptr pContext;
	try
	{
		pContext = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
	}
	catch (Poco::Exception& exc)
	{
		// POCO loads the certificate, then the key, then the cipher list;
		// its messages say which one failed.
		std::string message = Poco::toLower(exc.displayText());
		const char* key = Keys::HTTPS_CERTIFICATE_FILE;
		if (message.find("private key") != std::string::npos || message.find("privatekey") != std::string::npos)
			key = Keys::HTTPS_PRIVATE_KEY_FILE;
		else if (message.find("cipher") != std::string::npos)
			key = Keys::HTTPS_CIPHER_LIST;
		throw ConfigurationException(key, exc.displayText());
	}
	if (SSL_CTX_check_private_key(pContext->sslContext()) != 1)
		throw ConfigurationException(Keys::HTTPS_PRIVATE_KEY_FILE, params.privateKeyFile + " does not belong to the certificate in " + params.certificateFile);
	pContext->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
	pContext->preferServerCiphers();
	return pContext;
}


} // namespace AuthServer
