#include "services/extraction/header.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <vector>

#include "absl/types/span.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "common/text/unicode.h"
#include "re2/re2.h"
#include "services/extraction/dates.h"
#include "services/extraction/text_index.h"
#include "unicode/uchar.h"
#include "unicode/utf8.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace dragoman::extraction {
namespace {

struct HeaderLine {
  absl::string_view text;  // stripped
  size_t start = 0;        // bytes into the document
};

constexpr absl::string_view kPrefixes[] = {
    "ministere", "ministry", "france diplomatie", "ambassade", "embassy",
    "republique populaire", "government of", "gouvernement", "accueil", "home",
    "rechercher", "partager", "share", "ce site", "this site", "photo", "source",
    "par ", "by ", "service de presse", "press service", "compte rendu",
    "publie", "mis a jour", "date de", "lire aussi", "a lire"};

constexpr size_t kLongerThanPrefixes = 24;
static_assert([] {
  for (absl::string_view p : kPrefixes) {
    if (p.size() >= kLongerThanPrefixes) return false;
  }
  return true;
}());

// Bit k of kPrefixesByInitial[c]: kPrefixes[k] starts with c (ASCII).
constexpr uint32_t kAllPrefixes = (1u << std::size(kPrefixes)) - 1;
constexpr std::array<uint32_t, 128> kPrefixesByInitial = [] {
  std::array<uint32_t, 128> table{};
  for (size_t k = 0; k < std::size(kPrefixes); ++k) {
    table[static_cast<unsigned char>(kPrefixes[k][0]) & 0x7F] |= 1u << k;
  }
  return table;
}();

// Whether text::Fold(line) starts with one of kPrefixes, told from the
// line's ASCII head alone when that is enough (nullopt when not): there
// Fold is lower case with collapsed spaces, and only the ASCII character
// right before the first other byte may still combine with what follows.
// Most header lines are decided here without ICU or a string.
std::optional<bool> StartsWithPrefixAscii(absl::string_view line) {
  constexpr size_t kEnough = kLongerThanPrefixes;
  char known[kEnough + 1];
  size_t length = 0;
  bool space = false;
  size_t i = 0;
  for (; i < line.size() && length < kEnough; ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if (c >= 0x80) break;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!space && length > 0) known[length++] = ' ';
      space = true;
      continue;
    }
    known[length++] = absl::ascii_tolower(c);
    space = false;
  }
  const bool whole = i == line.size();
  if (!whole && static_cast<unsigned char>(line[i]) >= 0x80 && i > 0 && length > 0 &&
      !space) {
    --length;  // a combining mark after it may change it
  }
  while (length > 0 && known[length - 1] == ' ') --length;
  const absl::string_view head(known, length);
  // The prefixes with the head's initial (all for an empty head), in
  // their order: most lines have one or two to compare.
  uint32_t candidates = head.empty() ? kAllPrefixes : kPrefixesByInitial[head[0] & 0x7F];
  for (; candidates != 0; candidates &= candidates - 1) {
    const absl::string_view p = kPrefixes[__builtin_ctz(candidates)];
    if (head.size() >= p.size()) {
      if (absl::StartsWith(head, p)) return true;
    } else if (!whole && absl::StartsWith(p, head)) {
      return std::nullopt;  // the rest of the line decides
    }
  }
  return false;
}

// Whether the line contains " | ", " > ", "·" or "©", in one pass: four
// substring searches cost more than the rest of the header (the first two
// stop at every space).
bool HasSeparator(absl::string_view line) {
  const size_t n = line.size();
  const char* s = line.data();
  auto at = [&](size_t k) {  // one of them around a candidate byte s[k]
    if (s[k] == '|' || s[k] == '>') return k > 0 && s[k - 1] == ' ' && k + 1 < n && s[k + 1] == ' ';
    return k + 1 < n && (s[k + 1] == '\xB7' || s[k + 1] == '\xA9');  // after 0xC2
  };
  size_t i = 0;
#ifdef __SSE2__
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    unsigned candidates = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('|')),
                                  _mm_cmpeq_epi8(v, _mm_set1_epi8('>'))),
                     _mm_cmpeq_epi8(v, _mm_set1_epi8('\xC2')))));
    for (; candidates != 0; candidates &= candidates - 1) {
      if (at(i + static_cast<size_t>(__builtin_ctz(candidates)))) return true;
    }
  }
#endif
  for (; i < n; ++i) {
    if ((s[i] == '|' || s[i] == '>' || s[i] == '\xC2') && at(i)) return true;
  }
  return false;
}

bool IsBoilerplate(absl::string_view line, absl::Span<const Token> tokens) {
  if (HasSeparator(line)) return true;
  if (std::optional<bool> known = StartsWithPrefixAscii(line); known.has_value()) {
    if (*known) return true;
  } else {
    const std::string folded = text::Fold(line);
    for (absl::string_view p : kPrefixes) {
      if (absl::StartsWith(folded, p)) return true;
    }
  }
  // Mastheads in capitals: "STEPPE PRESSE — ...", "DÉPÊCHES D'ASIE CENTRALE";
  // "UA-UE : les chefs..." is a headline.
  size_t words = 0, caps = 0;
  for (const Token& t : tokens) {
    if (t.end - t.start < 2 || t.digits) continue;
    ++words;
    if (t.all_caps) ++caps;
  }
  if (words >= 2 && caps >= 2 && (caps == words || (caps >= 2 && tokens.size() > 2 &&
                                                    tokens[0].all_caps && tokens[1].all_caps &&
                                                    tokens[2].all_caps))) {
    return true;
  }
  return false;
}

// Whether four ASCII digits follow each other somewhere in s. Without a
// reference day, FindDates reports a date only when the text prints its
// year (\d{4}): every other date takes its year from such a date or from
// the reference. So a line without four digits in a row has no dates, and
// most header lines are spared the scan.
bool HasFourDigits(absl::string_view s) {
  const size_t n = s.size();
  size_t i = 0;
  unsigned carry = 0;  // digit bits of the three bytes before i, highest last
#ifdef __SSE2__
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const unsigned digits = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                      _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)))));
    const unsigned bits = (digits << 3) | carry;  // bit k + 3: byte i + k
    if ((bits & (bits >> 1) & (bits >> 2) & (bits >> 3)) != 0) return true;
    carry = digits >> 13;
  }
#endif
  int run = (carry & 4) ? ((carry & 2) ? ((carry & 1) ? 3 : 2) : 1) : 0;
  for (; i < n; ++i) {
    run = s[i] >= '0' && s[i] <= '9' ? run + 1 : 0;
    if (run == 4) return true;
  }
  return false;
}

// FindDates(line, nullopt), with the check above first.
std::vector<DateMention> DatesWithoutReference(absl::string_view line) {
  if (!HasFourDigits(line)) return {};
  return FindDates(line, std::nullopt);
}

// Looks like a body paragraph rather than a headline.
bool IsParagraph(absl::string_view line, bool have_title) {
  return line.size() > 300 ||
         (absl::EndsWith(line, ".") && (line.size() > 120 || have_title));
}

bool IsSpace(char c) {  // RE2's \s
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

bool IsDigit(absl::string_view s, size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; }

size_t SkipSpaces(absl::string_view s, size_t i) {
  while (i < s.size() && IsSpace(s[i])) ++i;
  return i;
}

// "T08:15:00" for a time right after a date: what
// ^\s*(?:à|at|,|–|-|—|T)?\s*(\d{1,2})[:h](\d{2})(?::(\d{2}))? matched, by hand.
std::optional<std::string> TimeAfter(absl::string_view rest) {
  const size_t start = SkipSpaces(rest, 0);
  auto time_at = [&](size_t i, int* h, int* m, int* sec) {
    if (!IsDigit(rest, i)) return false;
    size_t j = IsDigit(rest, i + 1) ? i + 2 : i + 1;
    if (j >= rest.size() || (rest[j] != ':' && rest[j] != 'h')) return false;
    if (!IsDigit(rest, j + 1) || !IsDigit(rest, j + 2)) return false;
    *h = j - i == 2 ? (rest[i] - '0') * 10 + (rest[i + 1] - '0') : rest[i] - '0';
    *m = (rest[j + 1] - '0') * 10 + (rest[j + 2] - '0');
    *sec = 0;
    if (j + 3 < rest.size() && rest[j + 3] == ':' && IsDigit(rest, j + 4) && IsDigit(rest, j + 5)) {
      *sec = (rest[j + 4] - '0') * 10 + (rest[j + 5] - '0');
    }
    return true;
  };
  int h = 0, m = 0, sec = 0;
  bool found = false;
  for (absl::string_view word : {"\xC3\xA0", "at", ",", "\xE2\x80\x93", "-", "\xE2\x80\x94", "T"}) {
    if (absl::StartsWith(rest.substr(start), word)) {
      found = time_at(SkipSpaces(rest, start + word.size()), &h, &m, &sec);
      break;  // they start differently: one at most is there
    }
  }
  if (!found) found = time_at(start, &h, &m, &sec);
  if (!found || h >= 24 || m >= 60) return std::nullopt;
  char out[9] = {'T', static_cast<char>('0' + h / 10), static_cast<char>('0' + h % 10), ':',
                 static_cast<char>('0' + m / 10), static_cast<char>('0' + m % 10), ':',
                 static_cast<char>('0' + sec / 10), static_cast<char>('0' + sec % 10)};
  return std::string(out, 9);
}

// The dateline expressions below need Unicode letter classes (\p{L},
// \p{Lu}). They are matched by hand where ICU and RE2 surely agree (ASCII,
// the Latin blocks, general punctuation); a code point past those, or
// broken UTF-8, sends the line to the RE2 expression instead.
enum class Letter { kNone, kLower, kUpper, kUnknown };  // kLower: any letter not Lu

Letter LetterOf(UChar32 c) {
  if (c < 0) return Letter::kUnknown;
  if (c < 0x80) {
    if (c >= 'A' && c <= 'Z') return Letter::kUpper;
    if (c >= 'a' && c <= 'z') return Letter::kLower;
    return Letter::kNone;
  }
  if (c >= 0x2000 && c <= 0x206F) return Letter::kNone;  // general punctuation: no letters
  if (c >= 0x250) return Letter::kUnknown;
  switch (u_charType(c)) {
    case U_UPPERCASE_LETTER:
      return Letter::kUpper;
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
      return Letter::kLower;
    default:
      return Letter::kNone;
  }
}

// The code point at i (negative for broken UTF-8) and where the next starts.
UChar32 CodePointAt(absl::string_view s, size_t i, size_t* next) {
  int32_t k = static_cast<int32_t>(i);
  UChar32 c;
  U8_NEXT(s.data(), k, static_cast<int32_t>(s.size()), c);
  *next = static_cast<size_t>(k);
  return c;
}

// Outcome of a hand-written match: kUnknown when RE2 must decide.
enum class Match { kNo, kYes, kUnknown };

// \([^)]*\) at i: the end, npos when there is none; *unknown on broken UTF-8.
size_t Parenthesis(absl::string_view s, size_t i, bool* unknown) {
  if (i >= s.size() || s[i] != '(') return absl::string_view::npos;
  for (size_t k = i + 1; k < s.size();) {
    if (s[k] == ')') return k + 1;
    size_t next;
    if (CodePointAt(s, k, &next) < 0) {
      *unknown = true;
      return absl::string_view::npos;
    }
    k = next;
  }
  return absl::string_view::npos;
}

bool IsApostrophe(UChar32 c) { return c == '\'' || c == 0x2019; }

// \s*(?:\([^)]*\))?\s*,\s*(?:le\s+)?$ at i.
bool DatelineTail(absl::string_view s, size_t i, bool* unknown) {
  i = SkipSpaces(s, i);
  if (const size_t after = Parenthesis(s, i, unknown); after != absl::string_view::npos) {
    i = SkipSpaces(s, after);
  }
  if (*unknown || i >= s.size() || s[i] != ',') return false;
  i = SkipSpaces(s, i + 1);
  if (i == s.size()) return true;
  if (s.substr(i, 2) == "le" && i + 2 < s.size() && IsSpace(s[i + 2])) {
    return SkipSpaces(s, i + 2) == s.size();
  }
  return false;
}

// ^(\p{Lu}[\p{L}'’ .-]*?)\s*(?:\([^)]*\))?\s*,\s*(?:le\s+)?$ over the whole of
// `before`, the text before a date: "Paris, le ", "ASTANA (Agence), ".
// *place gets the length of the place.
Match Dateline(absl::string_view before, size_t* place) {
  if (before.empty()) return Match::kNo;
  size_t i;
  const Letter first = LetterOf(CodePointAt(before, 0, &i));
  if (first == Letter::kUnknown) return Match::kUnknown;
  if (first != Letter::kUpper) return Match::kNo;
  bool unknown = false;
  while (true) {
    if (DatelineTail(before, i, &unknown)) {
      *place = i;
      return Match::kYes;
    }
    if (unknown) return Match::kUnknown;
    if (i >= before.size()) return Match::kNo;
    size_t next;
    const UChar32 c = CodePointAt(before, i, &next);
    if (!(IsApostrophe(c) || c == ' ' || c == '.' || c == '-')) {
      const Letter letter = LetterOf(c);
      if (letter == Letter::kUnknown) return Match::kUnknown;
      if (letter == Letter::kNone) return Match::kNo;
    }
    i = next;
  }
}

bool IsDash(absl::string_view s, size_t i) {  // , – — -
  return i < s.size() && (s[i] == ',' || s[i] == '-' ||
                          absl::StartsWith(s.substr(i), "\xE2\x80\x93") ||
                          absl::StartsWith(s.substr(i), "\xE2\x80\x94"));
}

// ^(\p{Lu}[\p{Lu}'’ -]+?)(?:\s*\([^)]*\))?\s*(?:,|–|—|-) at the head of a
// body line: "TIANJIN, 15 juillet (Xinhua) --". *place gets its length.
Match BareDateline(absl::string_view line, size_t* place) {
  if (line.empty()) return Match::kNo;
  size_t i;
  const Letter first = LetterOf(CodePointAt(line, 0, &i));
  if (first == Letter::kUnknown) return Match::kUnknown;
  if (first != Letter::kUpper) return Match::kNo;
  bool unknown = false;
  while (i < line.size()) {
    size_t next;
    const UChar32 c = CodePointAt(line, i, &next);
    if (!(IsApostrophe(c) || c == ' ' || c == '-')) {
      const Letter letter = LetterOf(c);
      if (letter == Letter::kUnknown) return Match::kUnknown;
      if (letter != Letter::kUpper) return Match::kNo;
    }
    i = next;
    // The shortest place after which the rest matches.
    const size_t open = SkipSpaces(line, i);
    const size_t after = Parenthesis(line, open, &unknown);
    if (unknown) return Match::kUnknown;
    if ((after != absl::string_view::npos && IsDash(line, SkipSpaces(line, after))) ||
        IsDash(line, open)) {
      *place = i;
      return Match::kYes;
    }
  }
  return Match::kNo;
}

// Letters (\p{L}+) from i: their end, i when none; *unknown past what is
// known.
size_t Letters(absl::string_view s, size_t i, bool* unknown) {
  while (i < s.size()) {
    size_t next;
    const Letter letter = LetterOf(CodePointAt(s, i, &next));
    if (letter == Letter::kUnknown) *unknown = true;
    if (letter != Letter::kLower && letter != Letter::kUpper) break;
    i = next;
  }
  return i;
}

// ^(\s*(?:\([^)]*\))?\s*,\s*(?:le\s+)?(?:\d{1,2}(?:er)?\s+\p{L}+\.?|
//    \p{Lu}\p{L}+\.?\s+\d{1,2})(?:,?\s+\d{4})?) after a bare dateline's place:
// ", 15 juillet", " (Xinhua), July 15, 2024". *length gets the match's.
Match DatelineDate(absl::string_view rest, size_t* length) {
  bool unknown = false;
  size_t i = SkipSpaces(rest, 0);
  if (const size_t after = Parenthesis(rest, i, &unknown); after != absl::string_view::npos) {
    i = SkipSpaces(rest, after);
  }
  if (unknown) return Match::kUnknown;
  if (i >= rest.size() || rest[i] != ',') return Match::kNo;
  i = SkipSpaces(rest, i + 1);
  if (rest.substr(i, 2) == "le" && i + 2 < rest.size() && IsSpace(rest[i + 2])) {
    i = SkipSpaces(rest, i + 2);
  }
  size_t end;
  if (IsDigit(rest, i)) {  // 15 juillet
    size_t j = IsDigit(rest, i + 1) ? i + 2 : i + 1;
    if (rest.substr(j, 2) == "er" && j + 2 < rest.size() && IsSpace(rest[j + 2])) j += 2;
    if (j >= rest.size() || !IsSpace(rest[j])) return Match::kNo;
    j = SkipSpaces(rest, j);
    end = Letters(rest, j, &unknown);
    if (unknown) return Match::kUnknown;
    if (end == j) return Match::kNo;
    if (end < rest.size() && rest[end] == '.') ++end;
  } else {  // July 15
    size_t j;
    const Letter first = i < rest.size() ? LetterOf(CodePointAt(rest, i, &j)) : Letter::kNone;
    if (first == Letter::kUnknown) return Match::kUnknown;
    if (first != Letter::kUpper) return Match::kNo;
    end = Letters(rest, j, &unknown);
    if (unknown) return Match::kUnknown;
    if (end == j) return Match::kNo;
    if (end < rest.size() && rest[end] == '.') ++end;
    if (end >= rest.size() || !IsSpace(rest[end])) return Match::kNo;
    end = SkipSpaces(rest, end);
    if (!IsDigit(rest, end)) return Match::kNo;
    end += IsDigit(rest, end + 1) ? 2 : 1;
  }
  // (?:,?\s+\d{4})?
  const size_t from = end < rest.size() && rest[end] == ',' ? end + 1 : end;
  if (from < rest.size() && IsSpace(rest[from])) {
    const size_t year = SkipSpaces(rest, from);
    if (IsDigit(rest, year) && IsDigit(rest, year + 1) && IsDigit(rest, year + 2) &&
        IsDigit(rest, year + 3)) {
      end = year + 4;
    }
  }
  *length = end;
  return Match::kYes;
}

// The same expressions in RE2, for what the hand-written ones leave open.
const RE2& DatelineExpression() {
  static const RE2* re = new RE2(R"(^(\p{Lu}[\p{L}'’ .-]*?)\s*(?:\([^)]*\))?\s*,\s*(?:le\s+)?$)");
  return *re;
}
const RE2& BareDatelineExpression() {
  static const RE2* re = new RE2(R"(^(\p{Lu}[\p{Lu}'’ -]+?)(?:\s*\([^)]*\))?\s*(?:,|–|—|-))");
  return *re;
}
const RE2& DatelineDateExpression() {
  static const RE2* re = new RE2(
      R"(^(\s*(?:\([^)]*\))?\s*,\s*(?:le\s+)?(?:\d{1,2}(?:er)?\s+\p{L}+\.?|\p{Lu}\p{L}+\.?\s+\d{1,2})(?:,?\s+\d{4})?))");
  return *re;
}

// A hand-written match, or the expression's when it cannot tell (compiled
// only then: most processes never need it).
bool MatchWithFallback(Match match, absl::string_view text, const RE2& (*expression)(),
                       size_t* length) {
  if (match != Match::kUnknown) return match == Match::kYes;
  std::string capture;
  if (!RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), expression(), &capture)) {
    return false;
  }
  *length = capture.size();
  return true;
}

}  // namespace

namespace {

// text_tokens: the whole text's tokens, or null to split lines here.
Header ReadHeaderWith(absl::string_view text, const std::vector<Token>* text_tokens) {
  Header header;
  // The first 14 non-empty lines at most, split as they are read: the
  // header ends at the first paragraph, and the rest of the text is not
  // looked at.
  constexpr int kMaxLines = 14;
  int line_count = 0;
  size_t next_line = 0;
  auto read_line = [&](HeaderLine* line) {
    while (line_count < kMaxLines && next_line <= text.size()) {
      const size_t newline = text.find('\n', next_line);
      const size_t end = newline == absl::string_view::npos ? text.size() : newline;
      const absl::string_view stripped =
          absl::StripAsciiWhitespace(text.substr(next_line, end - next_line));
      next_line = end + 1;
      if (!stripped.empty()) {
        *line = {stripped, static_cast<size_t>(stripped.data() - text.data())};
        ++line_count;
        return true;
      }
    }
    return false;
  };
  std::optional<HeaderLine> body;  // the first paragraph, if any
  // The first of text_tokens not before the lines looked at so far.
  const Token* next_token = text_tokens != nullptr ? text_tokens->data() : nullptr;
  size_t title_end = 0;
  HeaderLine line;
  while (read_line(&line)) {
    const bool paragraph = IsParagraph(line.text, header.title.has_value());
    // Publication date: a short line, or a dateline at a paragraph's head.
    // The line's dates, found once for the two questions below.
    std::optional<std::vector<DateMention>> line_dates;
    auto dates = [&]() -> const std::vector<DateMention>& {
      if (!line_dates) line_dates = DatesWithoutReference(line.text);
      return *line_dates;
    };
    if (!header.published.has_value()) {
      for (const DateMention& d : dates()) {
        if (!d.explicit_year || d.value.size() != 10) continue;
        absl::string_view before = line.text.substr(0, d.start);
        // "(Marseille, 13 juin 2025)" closing a headline dates it too.
        const size_t open = before.rfind('(');
        const bool parenthetical =
            open != absl::string_view::npos && before.substr(open).find(')') == absl::string_view::npos;
        const bool short_line = (line.text.size() < 120 || parenthetical) && !paragraph;
        size_t place = 0;
        const bool dateline =
            before.size() < 60 &&
            MatchWithFallback(Dateline(before, &place), before, DatelineExpression, &place);
        if (!short_line && !dateline) break;
        std::string value = d.value;
        if (auto time = TimeAfter(line.text.substr(d.end)); time.has_value()) value += *time;
        header.published = value;
        if (dateline && paragraph) header.dateline_date_end = line.start + d.end;
        if (dateline && d.start > 0) {
          header.dateline_start = line.start;
          header.dateline_end = line.start + place;
        }
        break;
      }
    }
    if (paragraph) {
      body = line;
      break;
    }
    if (header.title.has_value()) continue;
    // Shapes are all the title rule looks at; tokenized only here since
    // most lines (the body paragraph, those after the title) never need
    // them.
    // One buffer per thread: a vector per line cost more than the shapes.
    thread_local std::vector<Token> line_tokens;
    absl::Span<const Token> tokens;
    if (text_tokens != nullptr) {
      // The text's tokens that start on the line are the line's: a token
      // never runs across the spaces and line breaks around a line. Lines
      // come in order, so one cursor walks the tokens (a header's few
      // dozen; two binary searches per line cost more).
      const Token* const tokens_end = text_tokens->data() + text_tokens->size();
      while (next_token != tokens_end && next_token->start < line.start) ++next_token;
      const Token* const first = next_token;
      const size_t line_end = line.start + line.text.size();
      while (next_token != tokens_end && next_token->start < line_end) ++next_token;
      tokens = absl::MakeConstSpan(first, static_cast<size_t>(next_token - first));
    } else {
      TokenShapes(line.text, &line_tokens);
      tokens = line_tokens;
    }
    if (tokens.size() >= 4 && !IsBoilerplate(line.text, tokens) &&
        !absl::EndsWith(line.text, ".") &&
        !(tokens.size() <= 8 && !dates().empty())) {
      header.title = std::string(line.text);
      title_end = line.start + line.text.size();
    }
    if (line_tokens.capacity() > 1024) std::vector<Token>().swap(line_tokens);  // a rare long line
  }
  // Datelines without a year ("TIANJIN, 15 juillet (Xinhua) --") still name a place.
  if (header.dateline_end == 0 && body.has_value()) {
    const HeaderLine& line = *body;
    size_t place = 0;
    if (MatchWithFallback(BareDateline(line.text, &place), line.text, BareDatelineExpression,
                          &place)) {
      header.dateline_start = line.start;
      header.dateline_end =
          line.start + absl::StripTrailingAsciiWhitespace(line.text.substr(0, place)).size();
      // Its date ("15 juillet", "July 15") is the day of writing, not of the
      // events: "a reçu mardi" after "MOSCOU, 18 juin" is the 17th.
      absl::string_view rest = line.text.substr(place);
      size_t date_length = 0;
      if (MatchWithFallback(DatelineDate(rest, &date_length), rest, DatelineDateExpression,
                            &date_length)) {
        header.dateline_date_end = line.start + place + date_length;
      }
    }
  }
  header.body_start = body.has_value() ? body->start : title_end;
  // Agency dispatches may sign off instead: "(Agence, 22 mai 2025)" as the
  // last line dates the dispatch.
  if (!header.published.has_value()) {
    absl::string_view rest = absl::StripTrailingAsciiWhitespace(text);
    const size_t newline = rest.rfind('\n');
    absl::string_view last = absl::StripAsciiWhitespace(
        newline == absl::string_view::npos ? rest : rest.substr(newline + 1));
    if (last.size() < 80 && absl::StartsWith(last, "(") && absl::EndsWith(last, ")") &&
        last.data() - text.data() >= static_cast<std::ptrdiff_t>(header.body_start)) {
      for (const DateMention& d : DatesWithoutReference(last)) {
        if (d.explicit_year && d.value.size() == 10) {
          header.published = d.value;
          break;
        }
      }
    }
  }
  return header;
}

}  // namespace

Header ReadHeader(absl::string_view text) { return ReadHeaderWith(text, nullptr); }

Header ReadHeader(absl::string_view text, const std::vector<Token>& text_tokens) {
  return ReadHeaderWith(text, &text_tokens);
}

}  // namespace dragoman::extraction
