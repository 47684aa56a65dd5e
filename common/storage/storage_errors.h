#ifndef DRAGOMAN_COMMON_STORAGE_STORAGE_ERRORS_H_
#define DRAGOMAN_COMMON_STORAGE_STORAGE_ERRORS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace dragoman::storage {

// The status a client sees when the store under a service fails. Clients
// and the ingest pipeline act on the code, so the cause matters more than
// the storage engine's wording: a full disk (ENOSPC, EFBIG, EDQUOT) is
// RESOURCE_EXHAUSTED, which the pipeline retries and a client may retry
// once space is freed; a store it may not write (EROFS, EACCES) is
// FAILED_PRECONDITION, which needs an operator; a store locked by another
// instance is UNAVAILABLE; anything else INTERNAL.
// `what` names the operation ("store document"), `detail` is the engine's
// message, kept for the operator.
absl::Status StorageFailure(absl::string_view what, absl::string_view detail);

}  // namespace dragoman::storage

#endif  // DRAGOMAN_COMMON_STORAGE_STORAGE_ERRORS_H_
