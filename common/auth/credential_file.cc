#include "common/auth/credential_file.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace dragoman::auth {

absl::StatusOr<std::string> ReadCredentialFile(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", what, " ", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace dragoman::auth
