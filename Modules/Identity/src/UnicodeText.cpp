//
// UnicodeText.cpp
//


#include "AuthServer/Identity/UnicodeText.h"
#include "Poco/Exception.h"
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>
#include <memory>


namespace AuthServer {
namespace Identity {


namespace
{
	struct SpoofCloser
	{
		void operator()(USpoofChecker* checker) const
		{
			uspoof_close(checker);
		}
	};

	const USpoofChecker& spoofChecker()
	{
		// Opened once; uspoof_getSkeleton on a const checker is thread-safe.
		static const std::unique_ptr<USpoofChecker, SpoofCloser> checker([]
		{
			UErrorCode status = U_ZERO_ERROR;
			USpoofChecker* c = uspoof_open(&status);
			if (U_FAILURE(status)) throw Poco::RuntimeException("ICU uspoof_open failed", u_errorName(status));
			return c;
		}());
		return *checker;
	}

	const icu::Normalizer2& nfkc()
	{
		UErrorCode status = U_ZERO_ERROR;
		const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
		if (U_FAILURE(status) || !n) throw Poco::RuntimeException("ICU NFKC normaliser not available", u_errorName(status));
		return *n;
	}

	bool isAscii(UChar32 c)
	{
		return c >= 0 && c < 0x80;
	}

	icu::UnicodeString asciiLookalike(UChar32 c)
	{
		// The TS #39 skeleton of the single code point: when it is all ASCII,
		// the code point is a lookalike of that ASCII text.
		icu::UnicodeString one(c);
		UChar out[16];
		UErrorCode status = U_ZERO_ERROR;
		int32_t n = uspoof_getSkeleton(&spoofChecker(), 0, one.getBuffer(), one.length(), out, 16, &status);
		if (U_FAILURE(status) || n <= 0) return one;
		icu::UnicodeString skeleton(out, n);
		for (int32_t i = 0; i < skeleton.length(); ++i)
			if (!isAscii(skeleton.charAt(i))) return one;
		return skeleton.toLower();
	}
}


bool UnicodeText::hasControlOrBidi(const std::string& utf8)
{
	icu::UnicodeString text = icu::UnicodeString::fromUTF8(utf8);
	for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1))
	{
		UChar32 c = text.char32At(i);
		if (u_charType(c) == U_CONTROL_CHAR || u_hasBinaryProperty(c, UCHAR_BIDI_CONTROL)) return true;
	}
	return false;
}


std::string UnicodeText::passwordComparisonForm(const std::string& utf8)
{
	UErrorCode status = U_ZERO_ERROR;
	icu::UnicodeString normal = nfkc().normalize(icu::UnicodeString::fromUTF8(utf8), status);
	if (U_FAILURE(status)) normal = icu::UnicodeString::fromUTF8(utf8);
	icu::UnicodeString visible;
	for (int32_t i = 0; i < normal.length(); i = normal.moveIndex32(i, 1))
	{
		UChar32 c = normal.char32At(i);
		if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) continue;
		visible.append(isAscii(c) ? icu::UnicodeString(c) : asciiLookalike(c));
	}
	int32_t begin = 0, end = visible.length();
	while (begin < end && u_isUWhiteSpace(visible.char32At(begin))) begin = visible.moveIndex32(begin, 1);
	while (end > begin && u_isUWhiteSpace(visible.char32At(visible.moveIndex32(end, -1)))) end = visible.moveIndex32(end, -1);
	std::string out;
	visible.tempSubStringBetween(begin, end).toUTF8String(out);
	return out;
}


std::size_t UnicodeText::length(const std::string& utf8)
{
	return static_cast<std::size_t>(icu::UnicodeString::fromUTF8(utf8).countChar32());
}


} } // namespace AuthServer::Identity
