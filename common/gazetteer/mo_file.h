#ifndef DRAGOMAN_COMMON_GAZETTEER_MO_FILE_H_
#define DRAGOMAN_COMMON_GAZETTEER_MO_FILE_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dragoman::gazetteer {

// Reads a GNU gettext .mo catalogue (how Debian ships the iso-codes
// translations) into original -> translation. Plural and context entries
// are kept verbatim; the gazetteer only looks up plain names.
absl::StatusOr<absl::flat_hash_map<std::string, std::string>> ParseMoFile(
    absl::string_view bytes);

}  // namespace dragoman::gazetteer

#endif  // DRAGOMAN_COMMON_GAZETTEER_MO_FILE_H_
