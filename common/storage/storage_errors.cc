#include "common/storage/storage_errors.h"

#include <cerrno>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace dragoman::storage {
namespace {

// Storage engines report OS errors with strerror's text.
bool Mentions(absl::string_view detail, std::initializer_list<int> errors) {
  for (int e : errors) {
    if (absl::StrContains(detail, std::strerror(e))) return true;
  }
  return false;
}

}  // namespace

absl::Status StorageFailure(absl::string_view what, absl::string_view detail) {
  if (Mentions(detail, {ENOSPC, EFBIG, EDQUOT}) || absl::StrContains(detail, "No space")) {
    return absl::ResourceExhaustedError(
        absl::StrCat(what, ": the disk under the data directory is full; nothing was stored. "
                           "Retry once space is freed (",
                     detail, ")"));
  }
  // RocksDB's LOCK file: another process (or another open in this one)
  // has the store. Waiting for it to exit can help, so UNAVAILABLE.
  if (Mentions(detail, {EAGAIN, EWOULDBLOCK}) || absl::StrContains(detail, "lock hold")) {
    return absl::UnavailableError(absl::StrCat(
        what, ": the store is in use by another running instance (", detail, ")"));
  }
  if (Mentions(detail, {EROFS, EACCES, EPERM})) {
    return absl::FailedPreconditionError(absl::StrCat(
        what, ": the data directory is not writable; nothing was stored (", detail, ")"));
  }
  return absl::InternalError(absl::StrCat(what, ": ", detail));
}

}  // namespace dragoman::storage
