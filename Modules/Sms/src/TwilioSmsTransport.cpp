//
// TwilioSmsTransport.cpp
//


#include "AuthServer/Sms/TwilioSmsTransport.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Net/HTMLForm.h"
#include "Poco/Net/HTTPBasicCredentials.h"
#include "Poco/Net/HTTPClientSession.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include "Poco/Net/HTTPSClientSession.h"
#include "Poco/Net/IPAddress.h"
#include "Poco/Net/NetException.h"
#include "Poco/Net/RejectCertificateHandler.h"
#include "Poco/Net/SSLManager.h"
#include "Poco/StreamCopier.h"
#include <memory>
#include <mutex>


namespace AuthServer {
namespace Sms {


namespace
{
	bool isLoopback(const std::string& host)
	{
		if (host == "localhost") return true;
		Poco::Net::IPAddress address;
		return Poco::Net::IPAddress::tryParse(host, address) && address.isLoopback();
	}

	bool isAlnum(const std::string& s)
	{
		if (s.empty()) return false;
		for (char c: s) if (!std::isalnum(static_cast<unsigned char>(c))) return false;
		return true;
	}
}


TwilioSmsTransport::TwilioSmsTransport(const Settings& settings):
	_settings(settings)
{
	try
	{
		_base = Poco::URI(_settings.baseUrl);
	}
	catch (Poco::SyntaxException&)
	{
		throw Poco::InvalidArgumentException("twilio.baseUrl", "is not a URL");
	}
	if (_base.getScheme() != "https" && _base.getScheme() != "http") throw Poco::InvalidArgumentException("twilio.baseUrl", "must be an https URL");
	if (_base.getScheme() == "http" && !isLoopback(_base.getHost()))
		throw Poco::InvalidArgumentException("twilio.baseUrl", "plain http is allowed only for a loopback host; use https");
	if (!isAlnum(_settings.accountSid)) throw Poco::InvalidArgumentException("twilio.accountSid", "must be the account SID (letters and digits, AC...)");
	if (_settings.authToken.empty()) throw Poco::InvalidArgumentException("twilio.authToken", "is empty");
	if (_settings.from.empty()) throw Poco::InvalidArgumentException("twilio.from", "is empty (a Twilio phone number of the account, E.164)");
	if (_base.getScheme() == "https")
	{
		static std::once_flag once;
		std::call_once(once, []()
		{
			Poco::Net::SSLManager::instance().initializeClient(nullptr, new Poco::Net::RejectCertificateHandler(false), nullptr);
		});
		Poco::Net::Context::Params params;
		params.caLocation = _settings.caFile;
		params.loadDefaultCAs = _settings.caFile.empty();
		params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
		params.cipherList = "HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES";
		_pContext = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
		_pContext->disableProtocols(Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 | Poco::Net::Context::PROTO_TLSV1 | Poco::Net::Context::PROTO_TLSV1_1);
	}
}


void TwilioSmsTransport::send(const std::string& to, const std::string& body)
{
	std::unique_ptr<Poco::Net::HTTPClientSession> pSession;
	if (_pContext)
		pSession.reset(new Poco::Net::HTTPSClientSession(_base.getHost(), _base.getPort(), _pContext));
	else
		pSession.reset(new Poco::Net::HTTPClientSession(_base.getHost(), _base.getPort()));
	pSession->setTimeout(Poco::Timespan(_settings.timeout, 0));

	std::string basePath = _base.getPath();
	while (!basePath.empty() && basePath.back() == '/') basePath.pop_back();
	Poco::URI path(basePath + "/2010-04-01/Accounts/" + _settings.accountSid + "/Messages.json");
	Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, path.getPathEtc(), Poco::Net::HTTPMessage::HTTP_1_1);
	request.set("Accept", "application/json");
	Poco::Net::HTTPBasicCredentials(_settings.accountSid, _settings.authToken).authenticate(request);
	Poco::Net::HTMLForm form(Poco::Net::HTMLForm::ENCODING_URL);
	form.set("To", to);
	form.set("From", _settings.from);
	form.set("Body", body);
	form.prepareSubmit(request);
	form.write(pSession->sendRequest(request));

	Poco::Net::HTTPResponse response;
	std::istream& in = pSession->receiveResponse(response);
	std::string answer;
	Poco::StreamCopier::copyToString(in, answer);
	int status = response.getStatus();
	if (status == 200 || status == 201) return;
	std::string detail;
	try
	{
		Poco::JSON::Parser parser;
		Poco::JSON::Object::Ptr error = parser.parse(answer).extract<Poco::JSON::Object::Ptr>();
		detail = "code " + error->optValue<std::string>("code", "?") + ": " + error->optValue<std::string>("message", "");
	}
	catch (Poco::Exception&)
	{
		detail = answer.substr(0, 200);
	}
	throw Poco::Net::HTTPException("Twilio answered " + std::to_string(status) + " " + response.getReason(), detail);
}


std::string TwilioSmsTransport::name() const
{
	return "twilio";
}


} } // namespace AuthServer::Sms
