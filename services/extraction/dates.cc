#include "services/extraction/dates.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "common/text/unicode.h"
#include "services/extraction/text_index.h"

namespace dragoman::extraction {
namespace {

// The date expressions, scanned by hand in one pass over the bytes. They
// used to be nine RE2 expressions (case-insensitive, ASCII \b, \s and \d),
// each scanned over the whole text, which was most of the time spent on
// dates. Each matcher below follows its former expression exactly,
// including the order in which a backtracking engine tries alternatives
// (leftmost-first), so the spans found are the same; dates_test.cc checks
// that against the expressions on generated text. The expressions, for
// reference (M = the month names of kMonths, E = those of kEnglishMonths):
//   kIso        \b(\d{4})-(\d{2})-(\d{2})\b
//   kNumeric    \b(\d{1,2})/(\d{1,2})/(\d{4})\b
//   kRange      \bdu\s+(\d{1,2}|1er)(?:\s+(M)\.?)?\s+au\s+\d{1,2}\s+(M)\.?(?:\s+(\d{4}))?
//   kDayMonth   \b(\d{1,2}|1er|1re)(?:st|nd|rd|th|e)?(?:\s+(?:et|and|-|au)\s+\d{1,2})?
//               \s+(M)(?:\.|\b)(?:,?\s+(\d{4})\b)?
//   kMonthDay   \b(E)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?
//   kMonthYear  \b(M)\.?\s+(?:de\s+l'an\s+)?(\d{4})\b
//   kLastMonth  \b(?:last\s+(M)|(M)\s+dernier)\b
//   kWeekday    \b(lundi|...|dimanche|monday|...|sunday)\b
//   kWords      \b(avant-hier|hier|aujourd'hui|...)\b, see kWords.
// All but the first two ignore case; RE2 then also lets "s" match U+017F
// (long s), which the matchers keep.
enum Pattern { kIso, kNumeric, kRange, kDayMonth, kMonthDay, kMonthYear, kLastMonth,
               kWeekday, kWords, kPatterns };

constexpr size_t kNo = static_cast<size_t>(-1);

constexpr bool ComputeWordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
constexpr std::array<bool, 256> kWordBytes = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) table[c] = ComputeWordByte(static_cast<unsigned char>(c));
  return table;
}();
inline bool IsWordByte(unsigned char c) { return kWordBytes[c]; }  // RE2's \b: ASCII words

// Bit i: whether s[i] is a word byte, for 16 bytes; *lead_bytes gets the
// same for 0xC5 (the first byte of U+017F).
uint32_t WordMask(const unsigned char* s, uint32_t* lead_bytes) {
#ifdef __SSE2__
  // Signed compares: bytes past ASCII are negative, outside every range.
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s));
  const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
  const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                                      _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
  const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                                       _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1)));
  const __m128i word =
      _mm_or_si128(_mm_or_si128(digit, letter), _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
  *lead_bytes = static_cast<uint32_t>(
      _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xC5)))));
  return static_cast<uint32_t>(_mm_movemask_epi8(word));
#else
  uint32_t words = 0, leads = 0;
  for (int i = 0; i < 16; ++i) {
    words |= static_cast<uint32_t>(IsWordByte(s[i])) << i;
    leads |= static_cast<uint32_t>(s[i] == 0xC5) << i;
  }
  *lead_bytes = leads;
  return words;
#endif
}

// The text with RE2's notions of \b, \s and \d.
class Bytes {
 public:
  explicit Bytes(absl::string_view text)
      : s_(reinterpret_cast<const unsigned char*>(text.data())), n_(text.size()) {}
  size_t size() const { return n_; }
  const unsigned char* data() const { return s_; }
  unsigned char operator[](size_t i) const { return i < n_ ? s_[i] : 0; }
  bool Word(size_t i) const { return i < n_ && IsWordByte(s_[i]); }
  bool Boundary(size_t i) const { return (i > 0 && IsWordByte(s_[i - 1])) != Word(i); }
  bool Digit(size_t i) const { return i < n_ && s_[i] >= '0' && s_[i] <= '9'; }
  bool Space(size_t i) const {
    if (i >= n_) return false;
    const unsigned char c = s_[i];
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
  }
  // End of \s+ from i (greedy), kNo when there is no space at i.
  size_t Spaces(size_t i) const {
    if (!Space(i)) return kNo;
    while (Space(i)) ++i;
    return i;
  }
  // End of four digits at i (\d{4}), kNo if none; `boundary` also asks
  // for \b after them.
  size_t Year(size_t i, bool boundary) const {
    if (i == kNo || !Digit(i) || !Digit(i + 1) || !Digit(i + 2) || !Digit(i + 3)) return kNo;
    if (boundary && !Boundary(i + 4)) return kNo;
    return i + 4;
  }
  // The ends \d{1,2} can take at i, greedy first; returns how many (0-2).
  int DayDigits(size_t i, size_t ends[2]) const {
    if (i == kNo || !Digit(i)) return 0;
    int k = 0;
    if (Digit(i + 1)) ends[k++] = i + 2;
    ends[k++] = i + 1;
    return k;
  }
  // Matches a pattern at i (see Literal below), returns its end or kNo.
  size_t Literal(size_t i, const char* pattern) const;
  absl::string_view View(size_t begin, size_t end) const {
    return absl::string_view(reinterpret_cast<const char*>(s_) + begin, end - begin);
  }

 private:
  const unsigned char* s_;
  size_t n_;
};

// A pattern is matched without regard to case as RE2 does under (?i):
// a-z match either case ("s" also U+017F, "k" also U+212A), "~" is [ée]
// and "^" [uû], "é" and "è" match their capitals, other bytes themselves.
size_t Bytes::Literal(size_t i, const char* pattern) const {
  if (i == kNo) return kNo;
  for (const unsigned char* p = reinterpret_cast<const unsigned char*>(pattern); *p; ++p) {
    const unsigned char c = *p;
    const unsigned char t = (*this)[i];
    if (c >= 'a' && c <= 'z') {
      if ((t | 0x20) == c && t >= 'A') {
        ++i;
      } else if (c == 's' && t == 0xC5 && (*this)[i + 1] == 0xBF) {
        i += 2;
      } else if (c == 'k' && t == 0xE2 && (*this)[i + 1] == 0x84 && (*this)[i + 2] == 0xAA) {
        i += 3;
      } else {
        return kNo;
      }
    } else if (c == '~' || c == '^') {
      const unsigned char plain = c == '~' ? 'e' : 'u';
      const unsigned char accented = c == '~' ? 0xA9 : 0xBB;  // é, û after 0xC3
      if ((t | 0x20) == plain && t >= 'A') {
        ++i;
      } else if (t == 0xC3 && ((*this)[i + 1] == accented || (*this)[i + 1] == accented - 0x20)) {
        i += 2;
      } else {
        return kNo;
      }
    } else if (c == 0xC3) {  // é or è: also É, È
      const unsigned char next = p[1];
      if (t != 0xC3 || ((*this)[i + 1] != next && (*this)[i + 1] != next - 0x20)) return kNo;
      i += 2;
      ++p;
    } else {
      if (t != c || i >= n_) return kNo;
      ++i;
    }
  }
  return i;
}

struct Name {
  const char* pattern;
  int value;
};

// Full names, then the abbreviations agencies use ("Feb.", "sept.", "déc."),
// in the order the expressions tried them.
constexpr Name kMonths[] = {
    {"janvier", 1}, {"f~vrier", 2}, {"mars", 3}, {"avril", 4}, {"mai", 5}, {"juin", 6},
    {"juillet", 7}, {"ao^t", 8}, {"septembre", 9}, {"octobre", 10}, {"novembre", 11},
    {"d~cembre", 12}, {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4},
    {"may", 5}, {"june", 6}, {"july", 7}, {"august", 8}, {"september", 9},
    {"october", 10}, {"november", 11}, {"december", 12}, {"janv", 1}, {"jan", 1},
    {"f~vr", 2}, {"feb", 2}, {"apr", 4}, {"avr", 4}, {"jun", 6}, {"juil", 7}, {"jul", 7},
    {"aug", 8}, {"sept", 9}, {"sep", 9}, {"oct", 10}, {"nov", 11}, {"d~c", 12}};
// English month names before a day ("March 20"): "mar" is March there.
constexpr Name kEnglishMonths[] = {
    {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"may", 5},
    {"june", 6}, {"july", 7}, {"august", 8}, {"september", 9}, {"october", 10},
    {"november", 11}, {"december", 12}, {"jan", 1}, {"feb", 2}, {"mar", 3}, {"apr", 4},
    {"jun", 6}, {"jul", 7}, {"aug", 8}, {"sept", 9}, {"sep", 9}, {"oct", 10},
    {"nov", 11}, {"dec", 12}};
constexpr Name kWeekdays[] = {  // 0 = Monday
    {"lundi", 0}, {"mardi", 1}, {"mercredi", 2}, {"jeudi", 3}, {"vendredi", 4},
    {"samedi", 5}, {"dimanche", 6}, {"monday", 0}, {"tuesday", 1}, {"wednesday", 2},
    {"thursday", 3}, {"friday", 4}, {"saturday", 5}, {"sunday", 6}};

// What a relative word resolves to.
enum Word { kBefore, kAfter, kYesterday, kDayBeforeYesterday, kLastMonthWord, kThisYear,
            kToday };
constexpr Name kRelativeWords[] = {
    {"avant-hier", kDayBeforeYesterday}, {"hier", kYesterday}, {"aujourd'hui", kToday},
    {"aujourd\xE2\x80\x99hui", kToday}, {"la veille", kBefore}, {"le lendemain", kAfter},
    {"the previous day", kBefore}, {"the day before", kBefore}, {"the next day", kAfter},
    {"the following day", kAfter}, {"ce soir", kToday}, {"ce matin", kToday},
    {"cet apr\xC3\xA8s-midi", kToday}, {"yesterday", kYesterday}, {"today", kToday},
    {"this evening", kToday}, {"this morning", kToday}, {"tonight", kToday},
    {"le mois dernier", kLastMonthWord}, {"the previous month", kLastMonthWord},
    {"last month", kLastMonthWord}, {"cette ann\xC3\xA9" "e", kThisYear}, {"this year", kThisYear}};

// The entries of a table by the letter they start with, order kept, so a
// position is only tried against the names it can start.
template <size_t N>
class ByInitial {
 public:
  explicit ByInitial(const Name (&names)[N]) {
    for (size_t k = 0; k < N; ++k) {
      const int letter = names[k].pattern[0] - 'a';
      lists_[letter][counts_[letter]++] = static_cast<uint8_t>(k);
      keys_[k] = Key(names[k].pattern);
      const unsigned char fourth = static_cast<unsigned char>(names[k].pattern[3]);
      // The bytes after the first that match one text byte each: a
      // letter that byte or its capital, another byte itself (see Literal).
      for (int j = 1; j <= 8; ++j) {
        const unsigned char c = static_cast<unsigned char>(names[k].pattern[j]);
        if (c == 0 || c == 's' || c == 'k' || c == '~' || c == '^' || c >= 0x80) break;
        const int shift = 8 * (j - 1);
        prefix_mask_[k] |= uint64_t{0xFF} << shift;
        if (c >= 'a' && c <= 'z') prefix_or_[k] |= uint64_t{0x20} << shift;
        prefix_value_[k] |= static_cast<uint64_t>(c) << shift;
      }
      fourths_[k] = keys_[k] < 0 || names[k].pattern[1] == 0 || names[k].pattern[2] == 0 ||
                            fourth == 0 || fourth == 's' || fourth == 'k' || fourth == '~' ||
                            fourth == '^' || fourth >= 0x80
                        ? -1
                        : (fourth >= 'a' && fourth <= 'z' ? fourth - 'a' : 27);
    }
  }
  // `initial` is the lowered first letter at the position ('s' for U+017F).
  int Count(unsigned char initial) const { return counts_[initial - 'a']; }
  uint8_t At(unsigned char initial, int k) const { return lists_[initial - 'a'][k]; }
  // False when name k surely does not match where the two bytes after the
  // first letter have the key `text_key` (see Key; negative: unknown).
  // `text_fourth` is the class of the byte after them.
  bool MayMatch(int k, int text_key, int text_fourth) const {
    return keys_[k] < 0 || text_key < 0 ||
           (keys_[k] == text_key && (fourths_[k] < 0 || fourths_[k] == text_fourth));
  }
  // The eight bytes after the first at p, when p's first byte is ASCII (a
  // letter: the name's first letter matched one byte) and they are in the
  // text; false otherwise.
  static bool NextBytes(const unsigned char* s, size_t n, size_t p, uint64_t* bytes) {
    if (p + 9 > n || s[p] >= 0x80) return false;
    std::memcpy(bytes, s + p + 1, 8);
    return true;
  }
  // False when name k surely does not match where NextBytes gave `bytes`:
  // up to eight of its bytes after the first, those before any that may
  // match several text bytes (s, k, ~, ^, é, è), compared in one go. It
  // tells all MayMatch tells, and more. Literal decides the rest.
  bool PrefixMayMatch(int k, uint64_t bytes) const {
    return ((bytes | prefix_or_[k]) & prefix_mask_[k]) == prefix_value_[k];
  }
  // The classes of a name's second and third bytes as 28 * b + c (a-z as
  // 0-25, 27 for other ASCII), or -1 when one may match bytes of several
  // classes (s and k: U+017F, U+212A; ~ and ^; accented letters) or the
  // second is not a letter.
  static int Key(const char* pattern) {
    int key = 0;
    for (int k = 1; k <= 2; ++k) {
      const unsigned char c = static_cast<unsigned char>(pattern[k]);
      if (c == 0 || c == 's' || c == 'k' || c == '~' || c == '^' || c >= 0x80) return -1;
      const bool letter = c >= 'a' && c <= 'z';
      if (k == 1 && !letter) return -1;
      key = key * 28 + (letter ? c - 'a' : 27);
    }
    return key;
  }

 private:
  uint8_t counts_[26] = {};
  uint8_t lists_[26][N] = {};
  int16_t keys_[N] = {};
  int8_t fourths_[N] = {};  // the class of the fourth byte, -1 for any
  // PrefixMayMatch: text bytes p + 1... OR prefix_or_, AND prefix_mask_,
  // equal prefix_value_ where name k matches.
  uint64_t prefix_or_[N] = {};
  uint64_t prefix_mask_[N] = {};
  uint64_t prefix_value_[N] = {};
};

// Which expressions can start with a given few letters: most words start
// none, and are passed over after one look-up. Indexed by the lowered
// first letter ('s' for U+017F) and the class of the next two bytes: a
// lowered ASCII letter, 26 for a byte past ASCII (é, û, U+017F), 27 for
// anything else. A second byte past ASCII looks no further.
constexpr std::array<uint8_t, 256> kClasses = [] {
  std::array<uint8_t, 256> table{};
  for (int c = 0; c < 256; ++c) {
    if (c >= 0x80) {
      table[c] = 26;
    } else if (c >= 'a' && c <= 'z') {
      table[c] = static_cast<uint8_t>(c - 'a');
    } else if (c >= 'A' && c <= 'Z') {
      table[c] = static_cast<uint8_t>(c - 'A');
    } else {
      table[c] = 27;
    }
  }
  return table;
}();
enum Starts : uint8_t { kStartsMonth = 1, kStartsEnglishMonth = 2, kStartsWeekday = 4,
                        kStartsWord = 8, kStartsDu = 16, kStartsLast = 32 };
class StartTable {
 public:
  StartTable() {
    for (const Name& n : kMonths) Add(n.pattern, kStartsMonth);
    for (const Name& n : kEnglishMonths) Add(n.pattern, kStartsEnglishMonth);
    for (const Name& n : kWeekdays) Add(n.pattern, kStartsWeekday);
    for (const Name& n : kRelativeWords) Add(n.pattern, kStartsWord);
    Add("du", kStartsDu);
    Add("last", kStartsLast);
  }
  uint8_t At(unsigned char initial, int second, int third) const {
    return bits_[initial - 'a'][second][third];
  }

 private:
  // The classes a pattern byte can match in the text.
  static std::array<bool, 28> Classes(unsigned char c) {
    std::array<bool, 28> out{};
    if (c == 0) {
      out.fill(true);  // the pattern has ended: anything may follow
    } else if (c >= 'a' && c <= 'z') {
      out[c - 'a'] = true;
      out[26] = c == 's' || c == 'k';  // U+017F, U+212A
    } else if (c == '~' || c == '^') {
      out[c == '~' ? 'e' - 'a' : 'u' - 'a'] = true;
      out[26] = true;
    } else {
      out[c >= 0x80 ? 26 : 27] = true;
    }
    return out;
  }
  void Add(const char* pattern, uint8_t bit) {
    const int row = pattern[0] - 'a';
    const auto second = Classes(static_cast<unsigned char>(pattern[1]));
    const auto third = Classes(static_cast<unsigned char>(pattern[1] ? pattern[2] : 0));
    for (int b = 0; b < 26; ++b) {
      if (!second[b]) continue;
      for (int c = 0; c < 28; ++c) {
        if (third[c]) bits_[row][b][c] |= bit;
      }
    }
    // A second byte past ASCII: the third is not looked at.
    if (second[26]) {
      for (int c = 0; c < 28; ++c) bits_[row][26][c] |= bit;
    }
  }
  uint8_t bits_[26][28][28] = {};  // second class 27: nothing starts so
};

// Former semantics of the names the expressions captured: MonthNumber(),
// Weekday() and text::Fold() of the relative words. Only used for the
// rare captures holding U+017F, where folding decides.
int FoldedMonthNumber(absl::string_view word) {
  static const char* kNames[][2] = {
      {"janvier", "january"}, {"fevrier", "february"}, {"mars", "march"},
      {"avril", "april"},     {"mai", "may"},          {"juin", "june"},
      {"juillet", "july"},    {"aout", "august"},      {"septembre", "september"},
      {"octobre", "october"}, {"novembre", "november"}, {"decembre", "december"}};
  const std::string folded = FoldWord(word);
  for (int m = 0; m < 12; ++m) {
    if (folded == kNames[m][0] || folded == kNames[m][1]) return m + 1;
  }
  if (folded.size() >= 3) {
    for (int m = 0; m < 12; ++m) {
      for (const char* name : kNames[m]) {
        if (absl::string_view(name).substr(0, folded.size()) == folded) return m + 1;
      }
    }
  }
  return 0;
}

int FoldedWeekday(absl::string_view word) {
  static const char* kNames[] = {"lundi", "mardi", "mercredi", "jeudi", "vendredi",
                                 "samedi", "dimanche", "monday", "tuesday", "wednesday",
                                 "thursday", "friday", "saturday", "sunday"};
  const std::string folded = FoldWord(word);
  for (int d = 0; d < 14; ++d) {
    if (folded == kNames[d]) return d % 7;
  }
  return -1;
}

Word FoldedWord(absl::string_view words) {
  const std::string w = text::Fold(words);
  if (w == "la veille" || w == "the previous day" || w == "the day before") return kBefore;
  if (w == "le lendemain" || w == "the next day" || w == "the following day") return kAfter;
  if (w == "hier" || w == "yesterday") return kYesterday;
  if (w == "avant-hier") return kDayBeforeYesterday;
  if (w == "le mois dernier" || w == "last month" || w == "the previous month") {
    return kLastMonthWord;
  }
  if (w == "cette annee" || w == "this year") return kThisYear;
  return kToday;
}

bool HasLongS(absl::string_view s) { return s.find('\xC5') != absl::string_view::npos; }

int WeekdayOf(absl::CivilDay day) {
  switch (absl::GetWeekday(day)) {
    case absl::Weekday::monday: return 0;
    case absl::Weekday::tuesday: return 1;
    case absl::Weekday::wednesday: return 2;
    case absl::Weekday::thursday: return 3;
    case absl::Weekday::friday: return 4;
    case absl::Weekday::saturday: return 5;
    case absl::Weekday::sunday: return 6;
  }
  return 0;
}

void Put(char* out, int64_t value, int digits) {
  for (int k = digits - 1; k >= 0; --k, value /= 10) out[k] = static_cast<char>('0' + value % 10);
}

// "2025", "2025-06", "2025-06-02" (no printf: values are the inner loop's output).
std::string IsoValue(int64_t year, int month, int day) {
  if (year < 0 || year > 9999) {  // only from an odd reference day
    if (month == 0) return absl::StrFormat("%04d", year);
    if (day == 0) return absl::StrFormat("%04d-%02d", year, month);
    return absl::StrFormat("%04d-%02d-%02d", year, month, day);
  }
  char buffer[10];
  Put(buffer, year, 4);
  if (month == 0) return std::string(buffer, 4);
  buffer[4] = '-';
  Put(buffer + 5, month, 2);
  if (day == 0) return std::string(buffer, 7);
  buffer[7] = '-';
  Put(buffer + 8, day, 2);
  return std::string(buffer, 10);
}

std::string DayString(absl::CivilDay d) {
  return IsoValue(d.year(), d.month(), d.day());
}

// Former Number(): "1er"/"1re" (lower case only) is 1, digits their value,
// anything else 0.
int Number(absl::string_view s) {
  if (s == "1er" || s == "1re") return 1;
  int n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + (c - '0');
  }
  return n;
}

bool ValidDay(int y, int m, int d) {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return false;
  absl::CivilDay day(y, m, d);
  return day.year() == y && day.month() == m && day.day() == d;
}

// One raw match before resolution.
struct Raw {
  size_t start, end;
  enum Kind { kFull, kDayMonth, kMonthYear, kLastMonth, kWeekday, kWord } kind;
  bool range;  // "du 2 au 4 juin": a span, not an anchor for "la veille"
  bool accepted;  // the former expression matched but its values were refused
  int pattern;
  int year, month, day;  // day: the weekday (0 = Monday) for kWeekday
  Word word;
};

// The matchers: each tries its expression at `p` (where \b holds and a
// word may start) and fills `r` on a match. The end of a match is where the
// next search of the same expression starts, accepted or not.
class Scanner {
 public:
  explicit Scanner(absl::string_view text) : t_(text) {}

  // Month names (kMonths or kEnglishMonths) at p, longest first as the
  // expressions preferred them; returns how many (at most 4), with their
  // ends and numbers.
  template <size_t N>
  int Months(const Name (&names)[N], const ByInitial<N>& index, size_t p, size_t ends[4],
             int months[4]) const {
    const unsigned char initial = Initial(p);
    if (initial == 0) return 0;
    int found = 0;
    const int text_key = TextKey(p);
    const int text_fourth = kClasses[t_[p + 3]];
    uint64_t next_bytes = 0;
    const bool have_bytes = index.NextBytes(t_.data(), t_.size(), p, &next_bytes);
    for (int k = 0; k < index.Count(initial) && found < 4; ++k) {
      if (have_bytes ? !index.PrefixMayMatch(index.At(initial, k), next_bytes)
                     : !index.MayMatch(index.At(initial, k), text_key, text_fourth)) {
        continue;
      }
      const Name& name = names[index.At(initial, k)];
      const size_t end = t_.Literal(p, name.pattern);
      if (end == kNo) continue;
      ends[found] = end;
      months[found] = name.value;
      if (HasLongS(t_.View(p, end))) {
        months[found] = FoldedMonthNumber(t_.View(p, end));
      }
      ++found;
    }
    return found;
  }
  // Asked at the same position by several expressions: remembered.
  int FrenchOrEnglishMonths(size_t p, size_t ends[4], int months[4]) const {
    static const ByInitial<std::size(kMonths)> index(kMonths);
    if (p != memo_position_) {
      memo_count_ = Months(kMonths, index, p, memo_ends_, memo_months_);
      memo_position_ = p;
    }
    std::copy(memo_ends_, memo_ends_ + memo_count_, ends);
    std::copy(memo_months_, memo_months_ + memo_count_, months);
    return memo_count_;
  }
  int EnglishMonths(size_t p, size_t ends[4], int months[4]) const {
    static const ByInitial<std::size(kEnglishMonths)> index(kEnglishMonths);
    return Months(kEnglishMonths, index, p, ends, months);
  }

  // (?:,?\s+(\d{4})\b)? after `at`: the year's start, or kNo.
  size_t OptionalYear(size_t at) const {
    const size_t from = t_[at] == ',' ? at + 1 : at;
    const size_t digits = t_.Spaces(from);
    return t_.Year(digits, true) == kNo ? kNo : digits;
  }

  bool Iso(size_t p, Raw* r) const {
    if (t_.Year(p, false) == kNo || t_[p + 4] != '-' || !t_.Digit(p + 5) || !t_.Digit(p + 6) ||
        t_[p + 7] != '-' || !t_.Digit(p + 8) || !t_.Digit(p + 9) || !t_.Boundary(p + 10)) {
      return false;
    }
    r->kind = Raw::kFull;
    r->year = Number(t_.View(p, p + 4));
    r->month = Number(t_.View(p + 5, p + 7));
    r->day = Number(t_.View(p + 8, p + 10));
    r->end = p + 10;
    r->accepted = ValidDay(r->year, r->month, r->day);
    return true;
  }

  bool Numeric(size_t p, Raw* r) const {
    size_t days[2], months[2];
    const int day_choices = t_.DayDigits(p, days);
    for (int a = 0; a < day_choices; ++a) {
      if (t_[days[a]] != '/') continue;
      const int month_choices = t_.DayDigits(days[a] + 1, months);
      for (int b = 0; b < month_choices; ++b) {
        if (t_[months[b]] != '/') continue;
        const size_t end = t_.Year(months[b] + 1, true);
        if (end == kNo) continue;
        r->kind = Raw::kFull;
        r->day = Number(t_.View(p, days[a]));
        r->month = Number(t_.View(days[a] + 1, months[b]));
        r->year = Number(t_.View(months[b] + 1, end));
        r->end = end;
        r->accepted = ValidDay(r->year, r->month, r->day);
        return true;
      }
    }
    return false;
  }

  // The choices of (\d{1,2}|1er|1re) at p, in order; `re` allows "1re".
  int DayChoices(size_t p, bool re, size_t ends[4]) const {
    int k = t_.DayDigits(p, ends);
    if (t_[p] == '1') {
      if (size_t e = t_.Literal(p + 1, "er"); e != kNo) ends[k++] = e;
      if (re) {
        if (size_t e = t_.Literal(p + 1, "re"); e != kNo) ends[k++] = e;
      }
    }
    return k;
  }

  // \s+au\s+\d{1,2}\s+(M)\.?(?:\s+(\d{4}))? at p: the range's end.
  bool RangeEnd(size_t p, Raw* r, int* month) const {
    const size_t au = t_.Literal(t_.Spaces(p), "au");
    size_t days[2];
    const int choices = t_.DayDigits(t_.Spaces(au), days);
    for (int k = 0; k < choices; ++k) {
      const size_t at = t_.Spaces(days[k]);
      if (at == kNo) continue;
      size_t ends[4];
      int months[4];
      if (FrenchOrEnglishMonths(at, ends, months) == 0) continue;
      size_t end = ends[0];
      *month = months[0];
      if (t_[end] == '.') ++end;
      r->year = 0;
      if (const size_t year = t_.Spaces(end); t_.Year(year, false) != kNo) {
        r->year = Number(t_.View(year, year + 4));
        end = year + 4;
      }
      r->end = end;
      return true;
    }
    return false;
  }

  bool Range(size_t p, Raw* r) const {
    const size_t first = t_.Spaces(t_.Literal(p, "du"));
    if (first == kNo) return false;
    size_t days[4];
    const int choices = DayChoices(first, /*re=*/false, days);
    for (int k = 0; k < choices; ++k) {
      int last_month = 0;
      // (?:\s+(M)\.?)? present, then absent; the first month named counts.
      bool matched = false;
      if (const size_t at = t_.Spaces(days[k]); at != kNo) {
        size_t ends[4];
        int months[4];
        const int n = FrenchOrEnglishMonths(at, ends, months);
        for (int m = 0; m < n && !matched; ++m) {
          const size_t after = t_[ends[m]] == '.' ? ends[m] + 1 : ends[m];
          if (RangeEnd(after, r, &last_month)) {
            r->month = months[m];
            matched = true;
          }
        }
      }
      if (!matched && RangeEnd(days[k], r, &last_month)) {
        r->month = last_month;
        matched = true;
      }
      if (!matched) continue;
      r->day = Number(t_.View(first, days[k]));
      r->kind = r->year ? Raw::kFull : Raw::kDayMonth;
      r->range = true;
      r->accepted = r->month > 0 && r->day >= 1 && r->day <= 31;
      return true;
    }
    return false;
  }

  // \s+(M)(?:\.|\b)(?:,?\s+(\d{4})\b)? at p.
  bool DayMonthTail(size_t p, Raw* r) const {
    const size_t at = t_.Spaces(p);
    if (at == kNo) return false;
    size_t ends[4];
    int months[4];
    const int n = FrenchOrEnglishMonths(at, ends, months);
    for (int m = 0; m < n; ++m) {
      size_t end = ends[m];
      if (t_[end] == '.') {
        ++end;
      } else if (!t_.Boundary(end)) {
        continue;
      }
      r->month = months[m];
      r->year = 0;
      if (const size_t year = OptionalYear(end); year != kNo) {
        r->year = Number(t_.View(year, year + 4));
        end = year + 4;
      }
      r->end = end;
      return true;
    }
    return false;
  }

  // The suffix (?:st|nd|rd|th|e)? that can follow a day at i: they start
  // differently, so one at most matches; kNo for none.
  size_t DaySuffix(size_t i, bool e) const {
    const unsigned char c = t_[i];
    const char* suffix = nullptr;
    switch (c == 0xC5 ? 's' : c | 0x20) {
      case 's': suffix = "st"; break;
      case 'n': suffix = "nd"; break;
      case 'r': suffix = "rd"; break;
      case 't': suffix = "th"; break;
      case 'e': suffix = e ? "e" : nullptr; break;
      default: break;
    }
    return suffix == nullptr ? kNo : t_.Literal(i, suffix);
  }

  // Where a day may end: after its ordinal suffix, then without one (the
  // order RE2 tries an optional group in). Returns how many of out are set.
  int DayEnds(size_t day_end, bool e, size_t out[2]) const {
    int n = 0;
    if (const size_t suffix = DaySuffix(day_end, e); suffix != kNo) out[n++] = suffix;
    out[n++] = day_end;
    return n;
  }

  // Where a month name may end: past an abbreviation's dot, then at the
  // name. Returns how many of out are set.
  int MonthEnds(size_t name_end, size_t out[2]) const {
    int n = 0;
    if (t_[name_end] == '.') out[n++] = name_end + 1;
    out[n++] = name_end;
    return n;
  }

  bool DayMonth(size_t p, Raw* r) const {
    // Three digits or more: neither \d{1,2} can be followed by what must.
    if (t_.Digit(p + 1) && t_.Digit(p + 2)) return false;
    size_t days[4];
    const int choices = DayChoices(p, /*re=*/true, days);
    for (int k = 0; k < choices; ++k) {
      size_t suffixes[2];
      const int suffix_choices = DayEnds(days[k], /*e=*/true, suffixes);
      for (int s = 0; s < suffix_choices; ++s) {
        bool matched = false;
        // (?:\s+(?:et|and|-|au)\s+\d{1,2})? present, then absent.
        // Only "e", "a" and "-" (either case) can start a link: other
        // words after the day skip the four tries.
        const size_t at = t_.Spaces(suffixes[s]);
        const unsigned char link_start = at == kNo ? 0 : t_[at];
        if (link_start == '-' || (link_start | 0x20) == 'e' || (link_start | 0x20) == 'a') {
          for (const char* link : {"et", "and", "-", "au"}) {
            size_t seconds[2];
            const int n = t_.DayDigits(t_.Spaces(t_.Literal(at, link)), seconds);
            for (int d = 0; d < n && !matched; ++d) matched = DayMonthTail(seconds[d], r);
            if (matched) break;
          }
        }
        if (!matched) matched = DayMonthTail(suffixes[s], r);
        if (matched) {
          r->day = Number(t_.View(p, days[k]));
          r->kind = r->year ? Raw::kFull : Raw::kDayMonth;
          r->accepted = r->month > 0 && r->day >= 1 && r->day <= 31;
          return true;
        }
      }
    }
    return false;
  }

  bool MonthDay(size_t p, Raw* r) const {
    size_t ends[4];
    int months[4];
    const int n = EnglishMonths(p, ends, months);
    for (int m = 0; m < n; ++m) {
      size_t dots[2];
      const int dot_choices = MonthEnds(ends[m], dots);
      for (int d = 0; d < dot_choices; ++d) {
        const size_t at = t_.Spaces(dots[d]);
        size_t days[2];
        const int day_choices = t_.DayDigits(at, days);
        for (int k = 0; k < day_choices; ++k) {
          size_t suffixes[2];
          const int suffix_choices = DayEnds(days[k], /*e=*/false, suffixes);
          for (int s = 0; s < suffix_choices; ++s) {
            if (!t_.Boundary(suffixes[s])) continue;
            size_t end = suffixes[s];
            r->year = 0;
            if (const size_t year = OptionalYear(end); year != kNo) {
              r->year = Number(t_.View(year, year + 4));
              end = year + 4;
            }
            r->month = months[m];
            r->day = Number(t_.View(at, days[k]));
            r->kind = r->year ? Raw::kFull : Raw::kDayMonth;
            r->end = end;
            r->accepted = r->month > 0 && r->day >= 1 && r->day <= 31;
            return true;
          }
        }
      }
    }
    return false;
  }

  bool MonthYear(size_t p, Raw* r) const {
    size_t ends[4];
    int months[4];
    const int n = FrenchOrEnglishMonths(p, ends, months);
    for (int m = 0; m < n; ++m) {
      size_t dots[2];
      const int dot_choices = MonthEnds(ends[m], dots);
      for (int d = 0; d < dot_choices; ++d) {
        const size_t at = t_.Spaces(dots[d]);
        if (at == kNo) continue;
        // (?:de\s+l'an\s+)? present, then absent.
        size_t year = t_.Spaces(t_.Literal(t_.Spaces(t_.Literal(at, "de")), "l'an"));
        if (t_.Year(year, true) == kNo) year = at;
        const size_t end = t_.Year(year, true);
        if (end == kNo) continue;
        r->kind = Raw::kMonthYear;
        r->month = months[m];
        r->year = Number(t_.View(year, end));
        r->end = end;
        r->accepted = r->month > 0 && r->year >= 1900;
        return true;
      }
    }
    return false;
  }

  bool LastMonth(size_t p, Raw* r) const {
    size_t ends[4];
    int months[4];
    // last\s+(M)\b
    if (const size_t at = t_.Spaces(t_.Literal(p, "last")); at != kNo) {
      const int n = FrenchOrEnglishMonths(at, ends, months);
      for (int m = 0; m < n; ++m) {
        if (!t_.Boundary(ends[m])) continue;
        return LastMonthFound(months[m], ends[m], r);
      }
    }
    // (M)\s+dernier\b
    const int n = FrenchOrEnglishMonths(p, ends, months);
    for (int m = 0; m < n; ++m) {
      const size_t end = t_.Literal(t_.Spaces(ends[m]), "dernier");
      if (end == kNo || !t_.Boundary(end)) continue;
      return LastMonthFound(months[m], end, r);
    }
    return false;
  }
  static bool LastMonthFound(int month, size_t end, Raw* r) {
    r->kind = Raw::kLastMonth;
    r->month = month;
    r->end = end;
    r->accepted = month > 0;
    return true;
  }

  bool Weekday(size_t p, Raw* r) const {
    static const ByInitial<std::size(kWeekdays)> index(kWeekdays);
    const unsigned char initial = Initial(p);
    if (initial == 0) return false;
    const int text_key = TextKey(p);
    const int text_fourth = kClasses[t_[p + 3]];
    uint64_t next_bytes = 0;
    const bool have_bytes = index.NextBytes(t_.data(), t_.size(), p, &next_bytes);
    for (int k = 0; k < index.Count(initial); ++k) {
      if (have_bytes ? !index.PrefixMayMatch(index.At(initial, k), next_bytes)
                     : !index.MayMatch(index.At(initial, k), text_key, text_fourth)) {
        continue;
      }
      const Name& name = kWeekdays[index.At(initial, k)];
      const size_t end = t_.Literal(p, name.pattern);
      if (end == kNo || !t_.Boundary(end)) continue;
      r->kind = Raw::kWeekday;
      r->day = HasLongS(t_.View(p, end)) ? FoldedWeekday(t_.View(p, end)) : name.value;
      r->end = end;
      r->accepted = r->day >= 0;
      return true;
    }
    return false;
  }

  bool Words(size_t p, Raw* r) const {
    static const ByInitial<std::size(kRelativeWords)> index(kRelativeWords);
    const unsigned char initial = Initial(p);
    if (initial == 0) return false;
    const int text_key = TextKey(p);
    const int text_fourth = kClasses[t_[p + 3]];
    uint64_t next_bytes = 0;
    const bool have_bytes = index.NextBytes(t_.data(), t_.size(), p, &next_bytes);
    for (int k = 0; k < index.Count(initial); ++k) {
      if (have_bytes ? !index.PrefixMayMatch(index.At(initial, k), next_bytes)
                     : !index.MayMatch(index.At(initial, k), text_key, text_fourth)) {
        continue;
      }
      const Name& name = kRelativeWords[index.At(initial, k)];
      const size_t end = t_.Literal(p, name.pattern);
      if (end == kNo || !t_.Boundary(end)) continue;
      r->kind = Raw::kWord;
      r->word = HasLongS(t_.View(p, end)) ? FoldedWord(t_.View(p, end))
                                          : static_cast<Word>(name.value);
      r->end = end;
      r->accepted = true;
      return true;
    }
    return false;
  }

  // Every expression's matches, in one pass: each keeps its own position
  // (where its last match ended), as when it scanned the text alone.
  void Scan(std::vector<Raw>* out) const {
    size_t next[kPatterns] = {};
    const size_t n = t_.size();
    auto attempt = [&](int pattern, size_t p, auto match) {
      if (p < next[pattern]) return;
      Raw r;  // no memset: every field a kind reads is set below or by its matcher
      r.start = p;
      r.range = false;
      r.pattern = pattern;
      r.year = r.month = r.day = 0;
      r.word = kToday;
      if (!(this->*match)(p, &r)) return;
      next[pattern] = r.end;
      if (r.accepted) out->push_back(r);
    };
    static const StartTable kStarts;
    const StartTable& starts = kStarts;  // one guard test per text, not per word
    // The expressions that can start at a letter, or at U+017F right after
    // a word (`long_s`). Inline in the loop below: most words start none.
    auto can_start = [&](size_t p, bool long_s) -> uint8_t {
      const size_t second_at = p + (long_s ? 2 : 1);
      const unsigned char* at = t_.data() + second_at;
      const bool inside = second_at + 2 <= n;  // else t_[] reads 0 past the end
      return starts.At(long_s ? 's' : 'a' + kClasses[t_.data()[p]],
                       kClasses[inside ? at[0] : t_[second_at]],
                       kClasses[inside ? at[1] : t_[second_at + 1]]);
    };
    // Tries the expressions `can` says may start at p (out of line).
    auto letters = [&](size_t p, uint8_t can) {
      if (can & kStartsDu) attempt(kRange, p, &Scanner::Range);
      if (can & kStartsEnglishMonth) attempt(kMonthDay, p, &Scanner::MonthDay);
      if (can & kStartsMonth) attempt(kMonthYear, p, &Scanner::MonthYear);
      if (can & (kStartsMonth | kStartsLast)) attempt(kLastMonth, p, &Scanner::LastMonth);
      if (can & kStartsWeekday) attempt(kWeekday, p, &Scanner::Weekday);
      if (can & kStartsWord) attempt(kWords, p, &Scanner::Words);
    };
    // Every expression starts with \b and then a digit or a letter, or
    // U+017F, which RE2 takes for "s" and which is not a word byte: only
    // the starts of words, and U+017F right after one, are tried.
    // Sixteen bytes a step: a mask of their word bytes gives the word
    // starts (and U+017F after a word) without a branch per byte.
    const unsigned char* s = t_.data();
    uint32_t previous_word = 0;  // the byte before the block is a word byte
    for (size_t block = 0; block < n; block += 16) {
      const size_t length = std::min<size_t>(16, n - block);
      uint32_t words = 0, lead_bytes = 0;
      if (length == 16) {
        words = WordMask(s + block, &lead_bytes);
      } else {
        for (size_t i = 0; i < length; ++i) {
          words |= static_cast<uint32_t>(IsWordByte(s[block + i])) << i;
          lead_bytes |= static_cast<uint32_t>(s[block + i] == 0xC5) << i;
        }
      }
      const uint32_t after_word = (words << 1) | previous_word;
      uint32_t events = (words & ~after_word) | (lead_bytes & after_word);
      previous_word = (words >> 15) & 1;
      while (events != 0) {
        const size_t p = block + __builtin_ctz(events);
        events &= events - 1;
        const unsigned char c = s[p];
        if (c == 0xC5) {
          if (p + 1 < n && s[p + 1] == 0xBF) {
            if (const uint8_t can = can_start(p, true); can != 0) letters(p, can);
          }
        } else if (kClasses[c] < 26) {
          if (const uint8_t can = can_start(p, false); can != 0) letters(p, can);
        } else if (c <= '9') {  // a digit: '_' is the only other word byte
          attempt(kIso, p, &Scanner::Iso);
          attempt(kNumeric, p, &Scanner::Numeric);
          attempt(kDayMonth, p, &Scanner::DayMonth);
        }
      }
    }
  }

 private:
  // The key (ByInitial::Key) of the two bytes after the letter at p, -1
  // after U+017F.
  int TextKey(size_t p) const {
    if (t_[p] == 0xC5) return -1;
    return kClasses[t_[p + 1]] * 28 + kClasses[t_[p + 2]];
  }

  // The lowered ASCII letter at p, 's' for U+017F, else 0.
  unsigned char Initial(size_t p) const {
    const unsigned char c = t_[p];
    const unsigned char lower = c | 0x20;
    if (c >= 'A' && lower >= 'a' && lower <= 'z') return lower;
    if (c == 0xC5 && t_[p + 1] == 0xBF) return 's';
    return 0;
  }

  Bytes t_;
  mutable size_t memo_position_ = kNo;
  mutable int memo_count_ = 0;
  mutable size_t memo_ends_[4];
  mutable int memo_months_[4];
};

}  // namespace

std::optional<absl::CivilDay> ParseDay(absl::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  // Digits only: " 6" or "6\n" are not part of a day.
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(iso[i]))) return std::nullopt;
  }
  const int y = Number(iso.substr(0, 4)), m = Number(iso.substr(5, 2)), d = Number(iso.substr(8, 2));
  if (!ValidDay(y, m, d)) return std::nullopt;
  return absl::CivilDay(y, m, d);
}

std::vector<DateMention> FindDates(absl::string_view text,
                                   std::optional<absl::CivilDay> reference) {
  // Without a reference every date found needs an ASCII digit: a year, or
  // a day whose year comes from an earlier full date; relative words and
  // weekdays are dropped. Most header lines, asked without a reference,
  // have none.
  if (!reference.has_value() &&
      std::none_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return {};
  }
  // Reused from call to call: FindDates runs on every header line too.
  thread_local std::vector<Raw> raw;
  raw.clear();
  Scanner(text).Scan(&raw);

  // Longest match wins where expressions overlap; at the same span, the
  // earlier expression (the order they used to be scanned and sorted in).
  std::sort(raw.begin(), raw.end(), [](const Raw& a, const Raw& b) {
    if (a.start != b.start) return a.start < b.start;
    if (a.end != b.end) return a.end > b.end;
    return a.pattern < b.pattern;
  });
  size_t kept_count = 0;
  for (const Raw& r : raw) {
    if (kept_count > 0 && r.start < raw[kept_count - 1].end) {
      Raw& last = raw[kept_count - 1];
      if (r.end - r.start > last.end - last.start) last = r;
      continue;
    }
    raw[kept_count++] = r;
  }
  raw.resize(kept_count);
  const std::vector<Raw>& kept = raw;

  std::vector<DateMention> out;
  out.reserve(kept.size());
  std::optional<absl::CivilDay> last_full;
  for (size_t i = 0; i < kept.size(); ++i) {
    const Raw& r = kept[i];
    DateMention m{r.start, r.end, "", false, false};
    switch (r.kind) {
      case Raw::kFull:
        if (!ValidDay(r.year, r.month, r.day)) continue;  // "31 février"
        m.value = IsoValue(r.year, r.month, r.day);
        m.explicit_year = true;
        if (!r.range || !last_full) last_full = absl::CivilDay(r.year, r.month, r.day);
        break;
      case Raw::kDayMonth: {
        int year = 0;
        if (reference.has_value()) {
          year = static_cast<int>(reference->year());
          if (ValidDay(year, r.month, r.day) &&
              absl::CivilDay(year, r.month, r.day) > *reference + 31) {
            --year;
          }
        } else if (last_full.has_value()) {
          year = static_cast<int>(last_full->year());
        }
        if (year == 0 || !ValidDay(year, r.month, r.day)) continue;
        m.value = IsoValue(year, r.month, r.day);
        if (!r.range || !last_full) last_full = absl::CivilDay(year, r.month, r.day);
        break;
      }
      case Raw::kMonthYear:
        m.value = IsoValue(r.year, r.month, 0);
        m.explicit_year = true;
        break;
      case Raw::kLastMonth: {
        // "en novembre dernier", "last November": the latest such month
        // before the reference month.
        if (!reference.has_value()) continue;
        int year = static_cast<int>(reference->year());
        if (r.month >= reference->month()) --year;
        m.value = IsoValue(year, r.month, 0);
        m.relative = true;
        break;
      }
      case Raw::kWeekday: {
        // "lundi 2 juin": the weekday only decorates the date after it.
        if (i + 1 < kept.size() && kept[i + 1].start <= r.end + 2) continue;
        if (!reference.has_value()) continue;
        int back = (WeekdayOf(*reference) - r.day + 7) % 7;
        // "mardi dernier", "last Tuesday": never today.
        if (back == 0 && (absl::StartsWith(text.substr(r.end), " dernier") ||
                          (r.start >= 5 && text.substr(r.start - 5, 5) == "last "))) {
          back = 7;
        }
        last_full = *reference - back;
        m.value = DayString(*last_full);
        m.relative = true;
        break;
      }
      case Raw::kWord: {
        m.relative = true;
        if (r.word == kBefore || r.word == kAfter) {
          std::optional<absl::CivilDay> base = last_full ? last_full : reference;
          if (!base) continue;
          m.value = DayString(r.word == kBefore ? *base - 1 : *base + 1);
          break;
        }
        if (!reference.has_value()) continue;
        switch (r.word) {
          case kYesterday:
            last_full = *reference - 1;
            m.value = DayString(*last_full);
            break;
          case kDayBeforeYesterday:
            last_full = *reference - 2;
            m.value = DayString(*last_full);
            break;
          case kLastMonthWord: {
            const absl::CivilMonth previous = absl::CivilMonth(*reference) - 1;
            m.value = IsoValue(previous.year(), previous.month(), 0);
            break;
          }
          case kThisYear:
            m.value = IsoValue(reference->year(), 0, 0);
            break;
          default:
            m.value = DayString(*reference);  // today, this evening, ce soir...
            break;
        }
        break;
      }
    }
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace dragoman::extraction
