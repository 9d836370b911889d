//
// OutboxSmsTransport.h
//
// The embedded SMS transport: one JSON line per message in a file.
//


#ifndef AuthServer_Sms_OutboxSmsTransport_INCLUDED
#define AuthServer_Sms_OutboxSmsTransport_INCLUDED


#include "AuthServer/Sms/SmsTransport.h"
#include <mutex>


namespace AuthServer {
namespace Sms {


class OutboxSmsTransport: public SmsTransport
	/// Appends each message as one JSON object per line (JSON Lines)
	/// `{"to": "+4420...", "body": "...", "sent_at": "2026-11-22T10:15:23Z"}`
	/// to a file (sms.outbox.file, CONFIG.md). A mutex serialises the
	/// writers of this process and each line is written with one append,
	/// so a reader never sees two messages interleaved.
{
public:
	explicit OutboxSmsTransport(const std::string& file);
		/// Creates the file's folder if needed; throws Poco::FileException
		/// if it cannot.

	void send(const std::string& to, const std::string& body) override;
		/// Appends the line; throws Poco::FileException on I/O failure.

	std::string name() const override;

	const std::string& file() const;
		/// Returns the file's path.

private:
	std::string _file;
	std::mutex _mutex;
};


} } // namespace AuthServer::Sms


#endif // AuthServer_Sms_OutboxSmsTransport_INCLUDED
