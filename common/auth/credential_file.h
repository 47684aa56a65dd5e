#ifndef DRAGOMAN_COMMON_AUTH_CREDENTIAL_FILE_H_
#define DRAGOMAN_COMMON_AUTH_CREDENTIAL_FILE_H_

#include <string>

#include "absl/status/statusor.h"

namespace dragoman::auth {

// Reads a certificate, key, token or auth file whole. The error names
// `what` ("TLS key") and the path, never the contents.
absl::StatusOr<std::string> ReadCredentialFile(const std::string& path, const char* what);

}  // namespace dragoman::auth

#endif  // DRAGOMAN_COMMON_AUTH_CREDENTIAL_FILE_H_
