#ifndef DRAGOMAN_CLI_DOCUMENTS_H_
#define DRAGOMAN_CLI_DOCUMENTS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dragoman::cli {

// True for the file names `dragoman ingest` picks up inside directories:
// .txt, .htm and .html, in any letter case.
bool IsDocumentFileName(absl::string_view name);

// Expands the paths given to `dragoman ingest`: a file is taken as is
// (the user named it), a directory contributes its document files,
// recursively, in sorted order. Duplicates are dropped; a missing path is
// NotFound.
absl::StatusOr<std::vector<std::string>> CollectDocuments(
    const std::vector<std::string>& paths);

// Whole file contents, bytes unchanged.
absl::StatusOr<std::string> ReadFileBytes(const std::string& path);

}  // namespace dragoman::cli

#endif  // DRAGOMAN_CLI_DOCUMENTS_H_
