#ifndef DRAGOMAN_COMMON_LOG_LOG_H_
#define DRAGOMAN_COMMON_LOG_LOG_H_

#include "absl/strings/string_view.h"

namespace dragoman {

enum class LogLevel { kInfo, kWarning, kError };

// One line to stdout (what container runtimes collect): UTC timestamp,
// level, program tag, message. Lines are
// written with a single write(2) so concurrent threads do not interleave.
// (Debian bookworm's Abseil predates absl/log.)
void Log(LogLevel level, absl::string_view message);

// Tag printed on every line, normally the service name.
void SetLogTag(absl::string_view tag);

}  // namespace dragoman

#endif  // DRAGOMAN_COMMON_LOG_LOG_H_
