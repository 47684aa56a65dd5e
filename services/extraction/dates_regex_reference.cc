// The regular-expression date finder FindDates() replaced (commit 12cd63a),
// kept verbatim for the tests only: the scanner in dates.cc must find the
// same dates, spans and values on any text.
#include "services/extraction/dates_regex_reference.h"

#include <algorithm>
#include <functional>
#include <iterator>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "common/text/unicode.h"
#include "re2/re2.h"
#include "re2/set.h"
#include "services/extraction/text_index.h"

namespace dragoman::extraction::reference {
namespace {

using ::dragoman::extraction::DateMention;

// Full names, then the abbreviations agencies use ("Feb.", "sept.", "déc.").
constexpr absl::string_view kMonth =
    "janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|"
    "novembre|d[ée]cembre|january|february|march|april|may|june|july|august|"
    "september|october|november|december|"
    "janv|jan|f[ée]vr|feb|apr|avr|jun|juil|jul|aug|sept|sep|oct|nov|d[ée]c";

int MonthNumber(absl::string_view word) {
  static const char* kNames[][2] = {
      {"janvier", "january"}, {"fevrier", "february"}, {"mars", "march"},
      {"avril", "april"},     {"mai", "may"},          {"juin", "june"},
      {"juillet", "july"},    {"aout", "august"},      {"septembre", "september"},
      {"octobre", "october"}, {"novembre", "november"}, {"decembre", "december"}};
  const std::string folded = FoldWord(word);
  for (int m = 0; m < 12; ++m) {
    if (folded == kNames[m][0] || folded == kNames[m][1]) return m + 1;
  }
  // Abbreviations: a prefix of one name ("feb", "juil", "sept").
  if (folded.size() >= 3) {
    for (int m = 0; m < 12; ++m) {
      for (const char* name : kNames[m]) {
        if (absl::string_view(name).substr(0, folded.size()) == folded) return m + 1;
      }
    }
  }
  return 0;
}

int Weekday(absl::string_view word) {  // 0 = Monday
  static const char* kNames[][2] = {
      {"lundi", "monday"}, {"mardi", "tuesday"}, {"mercredi", "wednesday"},
      {"jeudi", "thursday"}, {"vendredi", "friday"}, {"samedi", "saturday"},
      {"dimanche", "sunday"}};
  const std::string folded = FoldWord(word);
  for (int d = 0; d < 7; ++d) {
    if (folded == kNames[d][0] || folded == kNames[d][1]) return d;
  }
  return -1;
}

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

std::string DayString(absl::CivilDay d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

int Number(absl::string_view s) {
  int n = 0;
  if (s == "1er" || s == "1re") return 1;
  if (!absl::SimpleAtoi(s, &n)) return 0;
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
  bool range = false;  // "du 2 au 4 juin": a span, not an anchor for "la veille"
  int year = 0, month = 0, day = 0;
  std::string word;  // folded relative word
};

void Scan(absl::string_view text, const RE2& re, int groups,
          const std::function<bool(const std::vector<absl::string_view>&, Raw*)>& make,
          std::vector<Raw>* out) {
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece pieces[8];  // every expression has at most 4 groups
  std::vector<absl::string_view> g(groups + 1);
  size_t pos = 0;
  while (pos <= text.size() &&
         re.Match(input, pos, text.size(), RE2::UNANCHORED, pieces, groups + 1)) {
    for (int k = 0; k <= groups; ++k) {
      const re2::StringPiece& p = pieces[k];
      g[k] = p.data() == nullptr ? absl::string_view("") : absl::string_view(p.data(), p.size());
    }
    Raw r;
    r.start = pieces[0].data() - text.data();
    r.end = r.start + pieces[0].size();
    if (make(g, &r)) out->push_back(r);
    pos = r.end > pos ? r.end : pos + 1;
  }
}

}  // namespace

std::vector<DateMention> FindDatesWithRegexes(absl::string_view text,
                                   std::optional<absl::CivilDay> reference) {
  // Without a reference every date found needs an ASCII digit (RE2's \d):
  // a year, or a day whose year comes from an earlier full date; relative
  // words and weekdays are dropped. Most header lines, asked without a
  // reference, have none, and then no expression need scan them.
  if (!reference.has_value() &&
      std::none_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return {};
  }
  static const RE2* kIso = new RE2(R"(\b(\d{4})-(\d{2})-(\d{2})\b)");
  static const RE2* kNumeric = new RE2(R"(\b(\d{1,2})/(\d{1,2})/(\d{4})\b)");
  static const RE2* kRange = new RE2(absl::StrFormat(
      R"((?i)\bdu\s+(\d{1,2}|1er)(?:\s+(%s)\.?)?\s+au\s+\d{1,2}\s+(%s)\.?(?:\s+(\d{4}))?)", kMonth, kMonth));
  static const RE2* kDayMonth = new RE2(absl::StrFormat(
      R"((?i)\b(\d{1,2}|1er|1re)(?:st|nd|rd|th|e)?(?:\s+(?:et|and|-|au)\s+\d{1,2})?\s+(%s)(?:\.|\b)(?:,?\s+(\d{4})\b)?)",
      kMonth));
  static const RE2* kMonthDay = new RE2(
      R"((?i)\b(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?)");
  static const RE2* kMonthYear =
      new RE2(absl::StrFormat(R"((?i)\b(%s)\.?\s+(?:de\s+l'an\s+)?(\d{4})\b)", kMonth));
  static const RE2* kLastMonth = new RE2(absl::StrFormat(
      R"((?i)\b(?:last\s+(%s)|(%s)\s+dernier)\b)", kMonth, kMonth));
  static const RE2* kWeekday = new RE2(
      R"((?i)\b(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)");
  static const RE2* kWords = new RE2(
      R"((?i)(\bavant-hier\b|\bhier\b|\baujourd'hui\b|\baujourd’hui\b|\bla veille\b|\ble lendemain\b|\bthe previous day\b|\bthe day before\b|\bthe next day\b|\bthe following day\b|\bce soir\b|\bce matin\b|\bcet après-midi\b|\byesterday\b|\btoday\b|\bthis evening\b|\bthis morning\b|\btonight\b|\ble mois dernier\b|\bthe previous month\b|\blast month\b|\bcette année\b|\bthis year\b))");

  // One pass of a set of all the expressions tells which can match at all:
  // most texts (and most header lines) hold a few kinds of dates or none,
  // and each scan is a pass over the whole text.
  static const RE2* const kAll[] = {kIso, kNumeric, kRange, kDayMonth, kMonthDay,
                                    kMonthYear, kLastMonth, kWeekday, kWords};
  // nullptr (every expression scans) if the set cannot be built.
  static const RE2::Set* kAny = [] {
    auto set = std::make_unique<RE2::Set>(RE2::DefaultOptions, RE2::UNANCHORED);
    for (const RE2* re : kAll) {
      if (set->Add(re->pattern(), nullptr) < 0) return static_cast<RE2::Set*>(nullptr);
    }
    if (!set->Compile()) return static_cast<RE2::Set*>(nullptr);
    return set.release();
  }();
  bool may_match[std::size(kAll)];
  std::fill(std::begin(may_match), std::end(may_match), true);
  if (kAny != nullptr) {
    std::vector<int> matched;
    RE2::Set::ErrorInfo error;
    // No match and no error: none can match. An error (the set's DFA out
    // of memory) leaves every expression to scan.
    if (kAny->Match(re2::StringPiece(text.data(), text.size()), &matched, &error) ||
        error.kind == RE2::Set::kNoError) {
      std::fill(std::begin(may_match), std::end(may_match), false);
      for (int k : matched) may_match[k] = true;
    }
  }
  auto scan = [&](const RE2* re, int groups,
                  const std::function<bool(const std::vector<absl::string_view>&, Raw*)>& make,
                  std::vector<Raw>* out) {
    const size_t k = std::find(std::begin(kAll), std::end(kAll), re) - std::begin(kAll);
    if (may_match[k]) Scan(text, *re, groups, make, out);
  };

  std::vector<Raw> raw;
  scan(kIso, 3, [](const auto& g, Raw* r) {
    r->kind = Raw::kFull;
    r->year = Number(g[1]); r->month = Number(g[2]); r->day = Number(g[3]);
    return ValidDay(r->year, r->month, r->day);
  }, &raw);
  scan(kNumeric, 3, [](const auto& g, Raw* r) {
    r->kind = Raw::kFull;
    r->day = Number(g[1]); r->month = Number(g[2]); r->year = Number(g[3]);
    return ValidDay(r->year, r->month, r->day);
  }, &raw);
  scan(kRange, 4, [](const auto& g, Raw* r) {
    r->day = Number(g[1]);
    r->month = MonthNumber(g[2].empty() ? g[3] : g[2]);
    r->year = g[4].empty() ? 0 : Number(g[4]);
    r->kind = r->year ? Raw::kFull : Raw::kDayMonth;
    r->range = true;
    return r->month > 0 && r->day >= 1 && r->day <= 31;
  }, &raw);
  scan(kDayMonth, 3, [](const auto& g, Raw* r) {
    r->day = Number(g[1]);
    r->month = MonthNumber(g[2]);
    r->year = g[3].empty() ? 0 : Number(g[3]);
    r->kind = r->year ? Raw::kFull : Raw::kDayMonth;
    return r->month > 0 && r->day >= 1 && r->day <= 31;
  }, &raw);
  scan(kMonthDay, 3, [](const auto& g, Raw* r) {
    r->month = MonthNumber(g[1]);
    r->day = Number(g[2]);
    r->year = g[3].empty() ? 0 : Number(g[3]);
    r->kind = r->year ? Raw::kFull : Raw::kDayMonth;
    return r->month > 0 && r->day >= 1 && r->day <= 31;
  }, &raw);
  scan(kMonthYear, 2, [](const auto& g, Raw* r) {
    r->kind = Raw::kMonthYear;
    r->month = MonthNumber(g[1]);
    r->year = Number(g[2]);
    return r->month > 0 && r->year >= 1900;
  }, &raw);
  scan(kLastMonth, 2, [](const auto& g, Raw* r) {
    r->kind = Raw::kLastMonth;
    r->month = MonthNumber(g[1].empty() ? g[2] : g[1]);
    return r->month > 0;
  }, &raw);
  scan(kWeekday, 1, [](const auto& g, Raw* r) {
    r->kind = Raw::kWeekday;
    r->day = Weekday(g[1]);
    return r->day >= 0;
  }, &raw);
  scan(kWords, 1, [](const auto& g, Raw* r) {
    r->kind = Raw::kWord;
    r->word = text::Fold(g[1]);
    return true;
  }, &raw);

  // Longest match wins where expressions overlap.
  std::sort(raw.begin(), raw.end(), [](const Raw& a, const Raw& b) {
    if (a.start != b.start) return a.start < b.start;
    return a.end > b.end;
  });
  std::vector<Raw> kept;
  for (const Raw& r : raw) {
    if (!kept.empty() && r.start < kept.back().end) {
      if (r.end - r.start > kept.back().end - kept.back().start) kept.back() = r;
      continue;
    }
    kept.push_back(r);
  }

  std::vector<DateMention> out;
  std::optional<absl::CivilDay> last_full;
  for (size_t i = 0; i < kept.size(); ++i) {
    const Raw& r = kept[i];
    DateMention m{r.start, r.end, "", false, false};
    switch (r.kind) {
      case Raw::kFull:
        if (!ValidDay(r.year, r.month, r.day)) continue;  // "31 février"
        m.value = DayString(absl::CivilDay(r.year, r.month, r.day));
        m.explicit_year = true;
        if (!r.range || !last_full) last_full = absl::CivilDay(r.year, r.month, r.day);
        break;
      case Raw::kDayMonth: {
        int year = 0;
        if (reference.has_value()) {
          year = reference->year();
          if (ValidDay(year, r.month, r.day) &&
              absl::CivilDay(year, r.month, r.day) > *reference + 31) {
            --year;
          }
        } else if (last_full.has_value()) {
          year = last_full->year();
        }
        if (year == 0 || !ValidDay(year, r.month, r.day)) continue;
        m.value = DayString(absl::CivilDay(year, r.month, r.day));
        if (!r.range || !last_full) last_full = absl::CivilDay(year, r.month, r.day);
        break;
      }
      case Raw::kMonthYear:
        m.value = absl::StrFormat("%04d-%02d", r.year, r.month);
        m.explicit_year = true;
        break;
      case Raw::kLastMonth: {
        // "en novembre dernier", "last November": the latest such month
        // before the reference month.
        if (!reference.has_value()) continue;
        int year = reference->year();
        if (r.month >= reference->month()) --year;
        m.value = absl::StrFormat("%04d-%02d", year, r.month);
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
        const std::string& w = r.word;
        const bool before = w == "la veille" || w == "the previous day" || w == "the day before";
        const bool after = w == "le lendemain" || w == "the next day" || w == "the following day";
        if (before || after) {
          std::optional<absl::CivilDay> base = last_full ? last_full : reference;
          if (!base) continue;
          m.value = DayString(before ? *base - 1 : *base + 1);
          break;
        }
        if (!reference.has_value()) continue;
        if (w == "hier" || w == "yesterday") {
          last_full = *reference - 1;
          m.value = DayString(*last_full);
        } else if (w == "avant-hier") {
          last_full = *reference - 2;
          m.value = DayString(*last_full);
        } else if (w == "le mois dernier" || w == "last month" || w == "the previous month") {
          absl::CivilMonth prev = absl::CivilMonth(*reference) - 1;
          m.value = absl::StrFormat("%04d-%02d", prev.year(), prev.month());
        } else if (w == "cette annee" || w == "this year") {
          m.value = absl::StrFormat("%04d", reference->year());
        } else {
          m.value = DayString(*reference);  // today, this evening, ce soir...
        }
        break;
      }
    }
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace dragoman::extraction::reference
