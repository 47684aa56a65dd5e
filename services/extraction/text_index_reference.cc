#include "services/extraction/text_index_reference.h"

#include <set>

#include "common/text/unicode.h"
#include "services/extraction/text_index.h"
#include "unicode/uchar.h"
#include "unicode/utf8.h"

namespace dragoman::extraction::reference {
namespace {

bool IsWordPoint(UChar32 c) {
  if (c >= 0 && c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
  return text::IsWordCodePoint(c);
}
bool IsUpper(UChar32 c) { return c < 0x80 ? c >= 'A' && c <= 'Z' : u_isupper(c); }
bool IsTitle(UChar32 c) { return c < 0x80 ? false : u_istitle(c); }
bool IsAlpha(UChar32 c) {
  return c < 0x80 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') : u_isalpha(c);
}

bool IsJoiner(UChar32 c) {
  return c == ' ' || c == 0xA0 || c == 0x202F || c == '-' || c == 0x2010 ||
         c == 0x2011 || c == '\'' || c == 0x2019 || c == 0x02BC;
}

bool IsAbbreviation(absl::string_view word) {
  static const std::set<std::string> kWords = {
      "M", "Mme", "Mmes", "MM", "Mr", "Mrs", "Ms", "Dr", "St", "Ste", "Me", "Mgr",
      "Pr", "Jr", "Sr", "No", "Gen", "Col", "Sen", "Rep", "U", "S", "p", "av", "env"};
  if (word.size() == 1) return true;
  return kWords.count(std::string(word)) > 0;
}

bool JoiningGap(const ReferenceToken& before, absl::string_view gap) {
  if (gap.empty() || gap.size() > 6) return false;
  if (before.end - before.start == 1 && before.all_caps &&
      (gap == ". " || gap == "." || gap == ".\u00a0")) {
    return true;
  }
  const auto* s = reinterpret_cast<const uint8_t*>(gap.data());
  int32_t i = 0, n = static_cast<int32_t>(gap.size());
  int non_space = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (!IsJoiner(c)) return false;
    if (c != ' ' && c != 0xA0 && c != 0x202F) ++non_space;
  }
  return non_space <= 1;
}

uint16_t GapBitsOf(absl::string_view gap) {
  uint16_t bits = 0;
  for (char c : gap) {
    switch (c) {
      case '\n': bits |= kGapNewline; break;
      case ',': bits |= kGapComma; break;
      case '.': bits |= kGapPeriod; break;
      case ';': bits |= kGapSemicolon; break;
      case ':': bits |= kGapColon; break;
      case '(': bits |= kGapOpenParen; break;
      case ')': bits |= kGapCloseParen; break;
      case '/': bits |= kGapSlash; break;
      case '!': bits |= kGapExclamation; break;
      case '?': bits |= kGapQuestion; break;
      default: break;
    }
  }
  if (gap == ".") bits |= kGapIsPeriod;
  return bits;
}

}  // namespace

// The gap and sentence pass of cc6ac1c's TextIndex::Reset, one token at a
// time, without its shortcuts (the one-byte gap, the byte table).
ReferenceGaps GapsOneByOne(absl::string_view text, const std::vector<ReferenceToken>& tokens) {
  ReferenceGaps out;
  const size_t n = tokens.size();
  size_t begin = 0;
  for (size_t i = 0; i < n; ++i) {
    const size_t gap_end = i + 1 < n ? tokens[i + 1].start : text.size();
    const absl::string_view gap = text.substr(tokens[i].end, gap_end - tokens[i].end);
    const uint16_t bits = GapBitsOf(gap);
    out.joined.push_back(i + 1 < n && JoiningGap(tokens[i], gap));
    out.bits.push_back(bits);
    out.sentence_of.push_back(out.sentences.size());
    bool ends = i + 1 == n;
    if (!ends) {
      if (bits & (kGapNewline | kGapExclamation | kGapQuestion | kGapSemicolon)) {
        ends = true;
      } else if (bits & kGapPeriod) {
        const size_t dot = gap.find('.');
        const bool space_after = dot + 1 < gap.size();
        const absl::string_view surface = text.substr(tokens[i].start, tokens[i].end - tokens[i].start);
        ends = space_after && !IsAbbreviation(surface) &&
               !(tokens[i].digits && tokens[i + 1].digits);
        if (ends && !tokens[i + 1].capitalized && !tokens[i + 1].digits) ends = false;
      }
    }
    if (ends) {
      out.sentences.push_back({begin, i + 1});
      begin = i + 1;
    }
  }
  return out;
}

// The tokenizer of cc6ac1c without its shortcuts (SSE2 runs, the ASCII
// class table, the fold buffer): every code point decoded and tested.
std::vector<ReferenceToken> SplitOneByOne(absl::string_view text) {
  std::vector<ReferenceToken> tokens;
  const int32_t length = static_cast<int32_t>(text.size());
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = 0;
  uint32_t code_points = 0;  // before i
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    ++code_points;
    if (!IsWordPoint(c)) continue;
    ReferenceToken t;
    t.start = start;
    t.code_point_start = code_points - 1;
    t.capitalized = IsUpper(c) || IsTitle(c);
    bool all_upper = t.capitalized, has_letter = IsAlpha(c);
    bool digits = c >= '0' && c <= '9';
    while (i < length) {
      const int32_t before = i;
      U8_NEXT(s, i, length, c);
      if (!IsWordPoint(c)) {
        i = before;
        break;
      }
      ++code_points;
      if (IsAlpha(c)) {
        has_letter = true;
        if (!IsUpper(c)) all_upper = false;
      }
      if (!(c >= '0' && c <= '9')) digits = false;
    }
    t.end = i;
    t.code_point_end = code_points;
    t.all_caps = has_letter && all_upper;
    t.digits = digits;
    t.folded = text::Fold(text.substr(t.start, t.end - t.start));
    tokens.push_back(std::move(t));
  }
  return tokens;
}

}  // namespace dragoman::extraction::reference
