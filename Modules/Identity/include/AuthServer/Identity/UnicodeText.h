//
// UnicodeText.h
//
// Unicode checks and normalisation of user input, with ICU.
//


#ifndef AuthServer_Identity_UnicodeText_INCLUDED
#define AuthServer_Identity_UnicodeText_INCLUDED


#include <cstddef>
#include <string>


namespace AuthServer {
namespace Identity {


class UnicodeText
	/// Unicode rules of input checks, by ICU (libicu; no own tables).
	/// Every function takes UTF-8; malformed UTF-8 is never thrown on:
	/// ICU turns it into U+FFFD (the callers refuse malformed UTF-8 first).
{
public:
	static bool hasControlOrBidi(const std::string& utf8);
		/// Returns whether utf8 holds a control character (general
		/// category Cc: NUL, CR, LF, TAB, DEL, C1) or a bidirectional
		/// control (Unicode property Bidi_Control: LRM, RLM, ALM, the
		/// embeddings, overrides and isolates U+202A..U+202E,
		/// U+2066..U+2069), which let a display name carry text lines into
		/// mails or reorder what is shown (issue 17 finding 10, OWASP ASVS
		/// 5.1.4).

	static std::string passwordComparisonForm(const std::string& utf8);
		/// Returns the form a password is compared in against the
		/// breached-password list (NIST SP 800-63B §5.1.1.2 allows
		/// normalisation): NFKC, default-ignorable code points (zero-width
		/// characters) removed, white space trimmed at both ends, and each
		/// non-ASCII letter that is confusable with an ASCII one (Unicode
		/// TS #39 skeleton of that code point alone, e.g. Cyrillic "а")
		/// replaced by it. ASCII is left as it is.

	static std::size_t length(const std::string& utf8);
		/// Returns the number of code points of utf8.
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_UnicodeText_INCLUDED
