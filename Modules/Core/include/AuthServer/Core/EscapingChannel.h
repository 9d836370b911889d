//
// EscapingChannel.h
//
// The one place where every log line is neutralised against log injection.
//


#ifndef AuthServer_Core_EscapingChannel_INCLUDED
#define AuthServer_Core_EscapingChannel_INCLUDED


#include "Poco/AutoPtr.h"
#include "Poco/Channel.h"
#include <cstddef>
#include <string>


namespace AuthServer {
namespace Core {


class EscapingChannel: public Poco::Channel
	/// A Poco::Channel that forwards every message to another channel with
	/// its text escaped by escape(): CR, LF, every other C0 control
	/// character, DEL, the C1 controls (U+0080..U+009F), the Unicode line
	/// and paragraph separators (U+2028, U+2029) and every byte that is not
	/// part of well-formed UTF-8 (RFC 3629) are written as \xNN (or \u2028),
	/// so a value from a request (path, User-Agent, email, exception text)
	/// can neither start a new log line nor forge one, nor corrupt a
	/// UTF-8 log file (OWASP ASVS 4.0.3 7.3.1, CWE-117, OWASP Logging Cheat
	/// Sheet "Event data sources"). A message that needs no escaping is
	/// forwarded as it is (no copy).
	///
	/// installEverywhere() puts one in front of the channel of every
	/// logger, after POCO's LoggingConfigurator has built them from the
	/// logging.* keys, so no logger of the process can bypass it; loggers
	/// created later inherit the wrapped channel of their parent.
{
public:
	using Ptr = Poco::AutoPtr<EscapingChannel>;

	explicit EscapingChannel(Poco::Channel::Ptr pTarget);
		/// Forwards to pTarget, which must not be null.

	void log(const Poco::Message& msg) override;
		/// Forwards msg, its text escaped, to the target channel.

	void open() override;
	void close() override;
	void setProperty(const std::string& name, const std::string& value) override;
	std::string getProperty(const std::string& name) const override;
		/// Passed on to the target channel.

	Poco::Channel::Ptr target() const;
		/// Returns the wrapped channel.

	static std::string escape(const std::string& text, bool escapeBackslash = false, std::size_t maxBytes = 0);
		/// Returns text with the characters listed above written as \xNN
		/// (two lower-case hex digits per byte) or \u2028 / \u2029. With
		/// escapeBackslash, '\' becomes \x5c too (for a single value, so an
		/// escaped value decodes unambiguously). With maxBytes > 0 the
		/// input is cut after maxBytes bytes (never inside an escape) and
		/// "..." appended. Tab is escaped too (it is a control character).

	static bool needsEscape(const std::string& text);
		/// Returns whether escape(text) differs from text.

	static void installEverywhere();
		/// Wraps the channel of every existing logger (Poco::Logger::names()
		/// and the root logger) in an EscapingChannel, sharing one wrapper
		/// per distinct channel; a channel that is already an
		/// EscapingChannel is left alone. Idempotent. Call it after logging
		/// is configured (EscapingSubsystem does).

protected:
	~EscapingChannel() override;

private:
	Poco::Channel::Ptr _pTarget;
};


} } // namespace AuthServer::Core


#endif // AuthServer_Core_EscapingChannel_INCLUDED
