#ifndef DRAGOMAN_SERVICES_EXTRACTION_DATES_REGEX_REFERENCE_H_
#define DRAGOMAN_SERVICES_EXTRACTION_DATES_REGEX_REFERENCE_H_

#include <optional>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "services/extraction/dates.h"

namespace dragoman::extraction::reference {

// The former RE2 implementation of FindDates(), linked into the tests only:
// the oracle the hand-written scanner is checked against.
std::vector<DateMention> FindDatesWithRegexes(absl::string_view text,
                                              std::optional<absl::CivilDay> reference);

}  // namespace dragoman::extraction::reference

#endif  // DRAGOMAN_SERVICES_EXTRACTION_DATES_REGEX_REFERENCE_H_
