#include "common/normalize/charset.h"

#include <unicode/ucnv.h>
#include <unicode/utf16.h>

#include <memory>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/text/utf8.h"
#include "re2/re2.h"

namespace dragoman::normalize {
namespace {

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};


}  // namespace

std::string DeclaredCharset(absl::string_view content_type, absl::string_view bytes, bool html) {
  static const RE2 kParameter(R"(;\s*charset\s*=\s*["']?([A-Za-z0-9_\-:.]+))");
  std::string charset;
  const std::string type(content_type);
  if (RE2::PartialMatch(type, kParameter, &charset)) return absl::AsciiStrToLower(charset);
  if (html) {
    static const RE2 kMeta(R"((?i)<meta[^>]*charset\s*=\s*["']?([a-z0-9_\-:.]+))");
    const std::string head(bytes.substr(0, 4096));
    if (RE2::PartialMatch(head, kMeta, &charset)) return absl::AsciiStrToLower(charset);
  }
  if (absl::StartsWith(bytes, "\xFF\xFE")) return "utf-16le";
  if (absl::StartsWith(bytes, "\xFE\xFF")) return "utf-16be";
  return "";
}

bool IsUtf8(absl::string_view charset) {
  const std::string c = absl::AsciiStrToLower(charset);
  return c == "utf-8" || c == "utf8";
}

absl::StatusOr<AlignedText> DecodeToUtf8(absl::string_view bytes, absl::string_view charset) {
  UErrorCode status = U_ZERO_ERROR;
  const std::string name(charset);
  std::unique_ptr<UConverter, ConverterCloser> converter(ucnv_open(name.c_str(), &status));
  if (U_FAILURE(status)) {
    return absl::InvalidArgumentError(absl::StrCat("unknown charset \"", charset, "\""));
  }
  // At most one UTF-16 unit per byte, plus room for a flush.
  std::vector<UChar> units(bytes.size() + 16);
  std::vector<int32_t> offsets(units.size());
  UChar* target = units.data();
  const char* source = bytes.data();
  ucnv_toUnicode(converter.get(), &target, units.data() + units.size(), &source,
                 bytes.data() + bytes.size(), offsets.data(), /*flush=*/true, &status);
  if (U_FAILURE(status)) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot decode as ", charset, ": ", u_errorName(status)));
  }
  const size_t count = static_cast<size_t>(target - units.data());
  AlignedText out;
  std::string utf8;
  size_t i = 0;
  // A leading byte order mark is not text.
  if (count > 0 && units[0] == 0xFEFF) i = 1;
  while (i < count) {
    UChar32 c;
    const size_t begin = i;
    U16_NEXT(units.data(), i, count, c);
    // Units the converter made up (flush, substitutions) have offset -1.
    size_t src_begin = offsets[begin] < 0 ? 0 : static_cast<size_t>(offsets[begin]);
    size_t src_end = bytes.size();
    for (size_t k = i; k < count; ++k) {
      if (offsets[k] >= 0 && static_cast<size_t>(offsets[k]) > src_begin) {
        src_end = static_cast<size_t>(offsets[k]);
        break;
      }
    }
    utf8.clear();
    text::AppendUtf8(c, &utf8);
    if (utf8.size() == src_end - src_begin && bytes.substr(src_begin, utf8.size()) == utf8) {
      out.AppendLinear(utf8, src_begin);
    } else {
      out.AppendReplacement(utf8, src_begin, src_end);
    }
  }
  return out;
}

}  // namespace dragoman::normalize
