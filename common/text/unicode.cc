#include "common/text/unicode.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>

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

namespace {

// What Fold does with each byte outside non-ASCII words.
enum : uint8_t { kWordByte = 0, kFoldSpace = 1, kNonAscii = 2 };

constexpr std::array<uint8_t, 256> kByteClass = [] {
  std::array<uint8_t, 256> cls{};
  for (unsigned char c : {' ', '\t', '\n', '\r'}) cls[c] = kFoldSpace;
  for (int c = 0x80; c < 0x100; ++c) cls[c] = kNonAscii;
  return cls;
}();

constexpr std::array<char, 128> kAsciiLower = [] {
  std::array<char, 128> lower{};
  for (int c = 0; c < 128; ++c) lower[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return lower;
}();

constexpr uint64_t kEachByte = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// Eight bytes of printable ASCII and single spaces (no byte >= 0x80 or
// below ' ', no two spaces in a row, not ending in a space), lower-cased,
// or nullopt. Such a block, met inside a word, folds to itself lower-cased:
// each space joins two non-empty ASCII words, as Fold's ' ' does.
std::optional<uint64_t> LowerPlainBlock(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  // A byte >= 0x80, or a byte below 0x20 (bytes are < 0x80 for the subtraction).
  if ((v & kHighBits) != 0 || (((v - kEachByte * 0x20) & ~v & kHighBits) != 0)) return std::nullopt;
  const uint64_t spaces_zero = v ^ (kEachByte * 0x20);  // zero bytes where v has ' '
  const uint64_t spaces = (spaces_zero - kEachByte) & ~spaces_zero & kHighBits;
  // The borrow of the subtraction can only mark a byte after a real zero
  // byte, so the exact test of two adjacent spaces and a last space below
  // only errs towards refusing the block.
  if ((spaces & (spaces << 8)) != 0 || (spaces >> 63) != 0) return std::nullopt;
  const uint64_t ge_a = v + kEachByte * (0x80 - 'A');
  const uint64_t gt_z = v + kEachByte * (0x7F - 'Z');
  const uint64_t upper = ge_a & ~gt_z & kHighBits;
  return v | (upper >> 2);  // 0x80 >> 2 == 0x20, 'A' - 'a'
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
//
// ASCII words are lower-cased straight into the output, eight bytes at a
// time where the text is plain words and single spaces; a non-ASCII word
// found on the way is taken back and folded as a whole. The output is sized
// for the input up front: ASCII words keep their length and each ' '
// written between words stands for at least one space byte read, so only
// a non-ASCII word that folds longer than it is can need more room.
std::string Fold(absl::string_view s) {
  const size_t n = s.size();
  std::string out(n, '\0');
  char* o = out.data();
  size_t w = 0;  // bytes of output
  size_t i = 0;
  while (i < n) {
    while (i < n && kByteClass[static_cast<unsigned char>(s[i])] == kFoldSpace) ++i;
    if (i == n) break;
    if (w > 0) o[w++] = ' ';
    size_t word_begin = i;   // start of the current word in s
    size_t word_out = w;     // and in the output
    while (i + 8 <= n) {
      const std::optional<uint64_t> block = LowerPlainBlock(s.data() + i);
      if (!block.has_value()) break;
      std::memcpy(o + w, &*block, sizeof *block);
      const uint64_t spaces_zero = *block ^ (kEachByte * 0x20);
      const uint64_t spaces = (spaces_zero - kEachByte) & ~spaces_zero & kHighBits;
      if (spaces != 0) {
        // The word in progress starts after the block's last space.
        const size_t last = static_cast<size_t>(63 - __builtin_clzll(spaces)) / 8;
        word_begin = i + last + 1;
        word_out = w + last + 1;
      }
      i += 8;
      w += 8;
    }
    uint8_t cls = kWordByte;
    while (i < n && (cls = kByteClass[static_cast<unsigned char>(s[i])]) == kWordByte) {
      o[w++] = kAsciiLower[static_cast<unsigned char>(s[i])];
      ++i;
    }
    if (i == n || cls == kFoldSpace) continue;
    // A non-ASCII word: drop what was written of it, and its ' ' if any.
    while (i < n && kByteClass[static_cast<unsigned char>(s[i])] != kFoldSpace) ++i;
    w = word_out > 0 ? word_out - 1 : 0;
    const std::string& folded = FoldNonAsciiWord(s.substr(word_begin, i - word_begin));
    if (folded.empty()) continue;
    const size_t needed = w + 1 + folded.size() + (n - i);
    if (needed > out.size()) {
      out.resize(std::max(needed, 2 * out.size()));
      o = out.data();
    }
    if (w > 0) o[w++] = ' ';
    std::memcpy(o + w, folded.data(), folded.size());
    w += folded.size();
  }
  out.resize(w);
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
