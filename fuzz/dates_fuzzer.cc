// FindDates() and ParseDay() on arbitrary UTF-8: never crash, mentions lie
// inside the text in order, and every full date they produce exists.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/text/utf8.h"
#include "fuzz/fuzz_check.h"
#include "services/extraction/dates.h"

namespace {

// "YYYY", "YYYY-MM" or "YYYY-MM-DD" with a month and day that exist.
bool IsRealDate(const std::string& v) {
  if (v.size() != 4 && v.size() != 7 && v.size() != 10) return false;
  if (v.size() == 10) return dragoman::extraction::ParseDay(v).has_value();
  for (size_t i = 0; i < v.size(); ++i) {
    if (i == 4) {
      if (v[i] != '-') return false;
    } else if (v[i] < '0' || v[i] > '9') {
      return false;
    }
  }
  if (v.size() == 7) {
    const int month = (v[5] - '0') * 10 + (v[6] - '0');
    return month >= 1 && month <= 12;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (std::optional<absl::CivilDay> day = dragoman::extraction::ParseDay(bytes)) {
    FUZZ_CHECK(absl::FormatCivilTime(*day) == bytes);
  }
  if (!dragoman::text::ValidateUtf8(bytes).ok()) return 0;
  for (const std::optional<absl::CivilDay>& reference :
       {std::optional<absl::CivilDay>(), std::optional<absl::CivilDay>(absl::CivilDay(2025, 3, 14))}) {
    for (const auto& m : dragoman::extraction::FindDates(bytes, reference)) {
      FUZZ_CHECK(m.start <= m.end);
      FUZZ_CHECK(m.end <= bytes.size());
      FUZZ_CHECK(IsRealDate(m.value));
    }
  }
  return 0;
}
