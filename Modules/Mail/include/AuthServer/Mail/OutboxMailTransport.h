//
// OutboxMailTransport.h
//
// The embedded mail transport: one .eml file per message in a folder.
//


#ifndef AuthServer_Mail_OutboxMailTransport_INCLUDED
#define AuthServer_Mail_OutboxMailTransport_INCLUDED


#include "AuthServer/Mail/MailTransport.h"


namespace AuthServer {
namespace Mail {


class OutboxMailTransport: public MailTransport
	/// Writes each message as an RFC 5322 file
	/// `<epoch-µs, 16 digits>-<sequence, 8 digits>-<random>.eml` (names sort
	/// in writing order) in
	/// a folder (mail.outbox.directory). The file is written under a
	/// `.tmp` name and renamed, so a reader never sees half a message.
{
public:
	explicit OutboxMailTransport(const std::string& directory);
		/// Creates the folder if needed; throws Poco::FileException if it
		/// cannot.

	void send(const Poco::Net::MailMessage& message) override;
		/// Writes the file; throws Poco::FileException on I/O failure.

	std::string name() const override;

	const std::string& directory() const;
		/// Returns the folder.

private:
	std::string _directory;
};


} } // namespace AuthServer::Mail


#endif // AuthServer_Mail_OutboxMailTransport_INCLUDED
