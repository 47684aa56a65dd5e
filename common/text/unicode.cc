#include "common/text/unicode.h"

#include <algorithm>

#include <memory>
#include <mutex>

#include <unicode/normalizer2.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/utf16.h>
#include <unicode/unistr.h>

#include "absl/container/flat_hash_map.h"

namespace dragoman::text {
namespace {

// NFD, nonspacing marks dropped, NFC, lowercase: what the ICU
// transliterator "NFD; [:Nonspacing Mark:] Remove; NFC; Any-Lower" does, in
// linear time. The transliterator removes marks one by one from a
// UnicodeString, shifting the rest each time: quadratic, and minutes on a
// megabyte-long word.
icu::UnicodeString FoldMarksAndCase(const icu::UnicodeString& in) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return in;
  const icu::UnicodeString decomposed = nfd->normalize(in, status);
  if (U_FAILURE(status)) return in;
  icu::UnicodeString kept;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    if (u_charType(c) != U_NON_SPACING_MARK) kept.append(c);
    i += U16_LENGTH(c);
  }
  icu::UnicodeString out = nfc->normalize(kept, status);
  if (U_FAILURE(status)) return in;
  out.toLower(icu::Locale::getRoot());
  return out;
}

}  // namespace

std::string ToNfc(absl::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(utf8);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  if (nfc->isNormalized(in, status) && U_SUCCESS(status)) return std::string(utf8);
  status = U_ZERO_ERROR;
  icu::UnicodeString out = nfc->normalize(in, status);
  if (U_FAILURE(status)) return std::string(utf8);
  std::string result;
  out.toUTF8String(result);
  return result;
}

std::string internal::FoldWithIcu(absl::string_view utf8) {
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  s = FoldMarksAndCase(s);
  std::string folded;
  s.toUTF8String(folded);
  // Unify apostrophes, dashes and spaces that vary between outlets.
  std::string out;
  out.reserve(folded.size());
  bool space = false;
  for (size_t i = 0; i < folded.size();) {
    auto starts = [&](absl::string_view p) { return absl::string_view(folded).substr(i, p.size()) == p; };
    if (starts("\u2019") || starts("\u2018")) {
      out += '\''; i += 3; space = false; continue;
    }
    if (starts("\u02BC")) {  // two bytes, unlike its neighbours
      out += '\''; i += 2; space = false; continue;
    }
    if (starts("\u2010") || starts("\u2011") || starts("\u2012") || starts("\u2013") ||
        starts("\u2014")) {
      out += '-'; i += 3; space = false; continue;
    }
    if (starts("\u00A0") || starts("\u202F")) {
      i += 2 + (folded[i] != '\xC2');
      if (!space && !out.empty()) out += ' ';
      space = true;
      continue;
    }
    const char c = folded[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!space && !out.empty()) out += ' ';
      space = true;
      ++i;
      continue;
    }
    out += c;
    space = false;
    ++i;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

namespace {

// The whitespace Fold collapses; every other byte belongs to a word.
bool IsFoldSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Distinct non-ASCII words remembered per thread: a few press releases'
// vocabulary (about 1.5 MB per thread at most). Past it the memory starts
// over rather than grow.
constexpr size_t kMaxRememberedWords = 1 << 14;

// FoldWithIcu of one word without ASCII whitespace. Fold trims what folds
// to spaces (no-break spaces), so the result may be empty.
const std::string& FoldNonAsciiWord(absl::string_view word) {
  thread_local absl::flat_hash_map<std::string, std::string> folded;
  auto it = folded.find(word);
  if (it != folded.end()) return it->second;
  if (folded.size() >= kMaxRememberedWords) folded.clear();
  return folded.emplace(std::string(word), internal::FoldWithIcu(word)).first->second;
}

}  // namespace

// Word by word, because ICU per code point is the cost of whole documents
// (boilerplate classification, near-duplicate signatures, header lines).
// It is exact: ASCII whitespace is a starter that composes with nothing,
// so NFD and NFC of "a b" are those of "a" and "b" around it; it is neither
// cased nor case-ignorable, so no case-mapping context (the Greek final
// sigma) reaches across it; and FoldWithIcu's last step turns any run of
// spaces (no-break ones included) into one ' ' between non-empty text,
// which joining the folded words with one ' ' does too.
std::string Fold(absl::string_view s) { return FoldPrefix(s, absl::string_view::npos); }

// Fold's words are folded one by one and joined, so stopping after a word
// leaves the start of the whole fold.
std::string FoldPrefix(absl::string_view s, size_t size) {
  std::string out;
  out.reserve(std::min(s.size(), size));
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsFoldSpace(s[i])) ++i;
    const size_t begin = i;
    bool ascii = true;
    while (i < s.size() && !IsFoldSpace(s[i])) {
      ascii &= static_cast<unsigned char>(s[i]) < 0x80;
      ++i;
    }
    if (begin == i) break;
    const absl::string_view word = s.substr(begin, i - begin);
    if (ascii) {
      if (!out.empty()) out += ' ';
      for (char c : word) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
    } else {
      const std::string& folded = FoldNonAsciiWord(word);
      if (folded.empty()) continue;
      if (!out.empty()) out += ' ';
      out += folded;
    }
    if (out.size() >= size) break;
  }
  return out;
}

std::string Slug(absl::string_view utf8) {
  const std::string f = Fold(utf8);
  std::string out;
  for (unsigned char c : f) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
    if (keep) {
      out += static_cast<char>(c);
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

bool IsWordCodePoint(int32_t c) {
  if (c < 0) return false;
  if (u_isalnum(c)) return true;
  const int8_t type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
}

}  // namespace dragoman::text
