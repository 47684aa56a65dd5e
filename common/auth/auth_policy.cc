#include "common/auth/auth_policy.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/auth/credential_file.h"

namespace dragoman::auth {
namespace {

constexpr absl::string_view kCertPrefix = "cert:";
constexpr absl::string_view kTokenPrefix = "token-sha256:";

std::array<unsigned char, 32> Sha256(absl::string_view data) {
  std::array<unsigned char, 32> digest{};
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr);
  return digest;
}

bool IsClientName(absl::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.' &&
        c != '@') {
      return false;
    }
  }
  return true;
}

bool IsHex(absl::string_view s) {
  for (char c : s) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

std::string Sha256Hex(absl::string_view data) {
  const std::array<unsigned char, 32> digest = Sha256(data);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

absl::StatusOr<AuthPolicy> AuthPolicy::Load(const std::string& path) {
  absl::StatusOr<std::string> text = ReadCredentialFile(path, "auth file");
  if (!text.ok()) return text.status();
  return Parse(*text, path);
}

absl::StatusOr<AuthPolicy> AuthPolicy::Parse(absl::string_view text, absl::string_view source) {
  AuthPolicy policy;
  std::map<std::string, Permission, std::less<>> permission_of;  // by client name
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    auto error = [&](absl::string_view what) {
      return absl::InvalidArgumentError(absl::StrCat(source, " line ", line_number, ": ", what));
    };
    if (const size_t hash = line.find('#'); hash != absl::string_view::npos) {
      line = line.substr(0, hash);
    }
    const std::vector<absl::string_view> fields =
        absl::StrSplit(line, absl::ByAnyChar(" \t\r"), absl::SkipEmpty());
    if (fields.empty()) continue;
    if (fields.size() != 3) {
      return error("want \"CLIENT PERMISSION CREDENTIAL\" (three fields)");
    }
    Client client;
    client.name = std::string(fields[0]);
    if (!IsClientName(client.name)) {
      return error("client name may hold letters, digits and - _ . @ only");
    }
    if (fields[1] == "read") {
      client.permission = Permission::kRead;
    } else if (fields[1] == "write") {
      client.permission = Permission::kWrite;
    } else {
      return error("permission must be read or write");
    }
    auto [known, inserted] = permission_of.emplace(client.name, client.permission);
    if (!inserted && known->second != client.permission) {
      return error(absl::StrCat("client ", client.name, " has ",
                                PermissionName(known->second), " on an earlier line"));
    }

    absl::string_view credential = fields[2];
    if (absl::ConsumePrefix(&credential, kTokenPrefix)) {
      if (credential.size() != 64 || !IsHex(credential)) {
        return error("token-sha256: needs the 64 hex digits of a SHA-256 digest");
      }
      const std::string bytes = absl::HexStringToBytes(credential);
      TokenEntry entry;
      std::copy(bytes.begin(), bytes.end(), entry.sha256.begin());
      for (const TokenEntry& other : policy.tokens_) {
        if (other.sha256 == entry.sha256) {
          return error(absl::StrCat("the same token is listed for ", other.client.name));
        }
      }
      entry.client = client;
      policy.tokens_.push_back(std::move(entry));
    } else if (absl::ConsumePrefix(&credential, kCertPrefix)) {
      if (credential.empty()) return error("cert: needs a certificate name (CN or SAN)");
      auto [it, added] = policy.certificates_.emplace(std::string(credential), client);
      if (!added) {
        return error(absl::StrCat("certificate name ", credential, " is listed for ",
                                  it->second.name));
      }
    } else {
      return error("credential must start with token-sha256: or cert:");
    }
  }
  if (policy.tokens_.empty() && policy.certificates_.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": no clients, so every protected call would be refused"));
  }
  return policy;
}

const AuthPolicy::Client* AuthPolicy::FindToken(absl::string_view token) const {
  const std::array<unsigned char, 32> digest = Sha256(token);
  const Client* found = nullptr;
  for (const TokenEntry& entry : tokens_) {
    if (CRYPTO_memcmp(entry.sha256.data(), digest.data(), digest.size()) == 0) {
      found = &entry.client;
    }
  }
  return found;
}

absl::Status AuthPolicy::Authorize(absl::string_view method, absl::string_view authorization,
                                   const std::vector<std::string>& peer_names) const {
  const Permission needed = RequiredPermission(method).value_or(Permission::kWrite);
  if (needed == Permission::kNone) return absl::OkStatus();
  const std::string needs =
      absl::StrCat(method, " needs ", PermissionName(needed), " permission");

  const Client* client = nullptr;
  if (!authorization.empty()) {
    absl::string_view token = absl::StripAsciiWhitespace(authorization);
    // RFC 6750: the scheme is case-insensitive.
    if (token.size() < 7 || !absl::EqualsIgnoreCase(token.substr(0, 7), "bearer ")) {
      return absl::UnauthenticatedError(
          absl::StrCat(needs, ": the authorization header is not \"Bearer TOKEN\""));
    }
    token = absl::StripLeadingAsciiWhitespace(token.substr(7));
    client = FindToken(token);
    if (client == nullptr) {
      return absl::UnauthenticatedError(absl::StrCat(needs, ": unknown bearer token"));
    }
  } else {
    for (const std::string& name : peer_names) {
      auto it = certificates_.find(name);
      if (it != certificates_.end() &&
          (client == nullptr || it->second.permission > client->permission)) {
        client = &it->second;
      }
    }
    if (client == nullptr) {
      return absl::UnauthenticatedError(absl::StrCat(
          needs, peer_names.empty()
                     ? ": no credential (send \"authorization: Bearer TOKEN\")"
                     : ": neither a bearer token nor a client certificate named in the auth file"));
    }
  }
  if (client->permission < needed) {
    return absl::PermissionDeniedError(absl::StrCat(needs, "; client ", client->name, " has ",
                                                    PermissionName(client->permission)));
  }
  return absl::OkStatus();
}

}  // namespace dragoman::auth
