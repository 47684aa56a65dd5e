#ifndef DRAGOMAN_SERVICES_EXTRACTION_DATES_H_
#define DRAGOMAN_SERVICES_EXTRACTION_DATES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace dragoman::extraction {

// A date expression found in text and what it resolves to.
struct DateMention {
  size_t start = 0;  // bytes
  size_t end = 0;
  std::string value;  // "2025-11-19", "2025-05" or "2025"
  bool explicit_year = false;  // the text printed the year
  bool relative = false;       // "hier", "samedi", "le mois dernier"
};

// Finds French and English date expressions: ISO and numeric dates, "1er
// juillet 2025", "le 10 mai", "du 14 au 16 mai" (first day), "March 20",
// "mai 2023", weekdays, "hier", "la veille", "le mois dernier", "cette
// année". Expressions without a year or relative to now are resolved
// against `reference` (the publication date); when there is none they are
// left out rather than guessed. "la veille" / "le lendemain" count from
// the last full date before them.
std::vector<DateMention> FindDates(absl::string_view text,
                                   std::optional<absl::CivilDay> reference);

// "2025-06-02" -> CivilDay; nullopt for partial or malformed values.
std::optional<absl::CivilDay> ParseDay(absl::string_view iso);

}  // namespace dragoman::extraction

#endif  // DRAGOMAN_SERVICES_EXTRACTION_DATES_H_
