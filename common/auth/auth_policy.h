#ifndef DRAGOMAN_COMMON_AUTH_AUTH_POLICY_H_
#define DRAGOMAN_COMMON_AUTH_AUTH_POLICY_H_

#include <array>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/auth/permissions.h"

namespace dragoman::auth {

// Who may call what: the clients of an auth file and the decision for one
// call. Transport-free so it can be tested without a server; the gRPC glue
// (common/server/security.cc) hands it the ":path", the "authorization"
// header and the peer's certificate names.
//
// The file has one client credential per line, "#" comments and blank
// lines ignored:
//
//   # client   permission  credential
//   ingest     write       cert:ingest.dragoman.internal
//   analyst    read        token-sha256:<64 hex digits>
//
// A credential is either "cert:NAME", a client certificate whose subject
// CN or a subjectAltName equals NAME (mutual TLS), or "token-sha256:HEX",
// the SHA-256 of a bearer token (`printf %s "$TOKEN" | sha256sum`), so the
// file holds no secret. A client may have several lines, all with the same
// permission. A token is sent as "authorization: Bearer TOKEN".
class AuthPolicy {
 public:
  // `source` names the text in errors, which carry line numbers.
  static absl::StatusOr<AuthPolicy> Parse(absl::string_view text, absl::string_view source);
  static absl::StatusOr<AuthPolicy> Load(const std::string& path);

  // OK when the call may go ahead. UNAUTHENTICATED when the method needs a
  // permission and the caller presented no credential, an unknown one, or
  // a malformed authorization header; PERMISSION_DENIED when the client is
  // known but lacks the permission. A bearer token, when present, decides
  // alone; otherwise the best-placed certificate name does. `authorization`
  // is the header's value ("" when absent), `peer_names` the verified
  // certificate's CN and SANs (empty without mutual TLS). Messages name the
  // method and the permission it needs, never the token. Methods missing
  // from the permission table need write, so forgetting one fails closed.
  absl::Status Authorize(absl::string_view method, absl::string_view authorization,
                         const std::vector<std::string>& peer_names) const;

  size_t token_count() const { return tokens_.size(); }
  size_t certificate_count() const { return certificates_.size(); }

 private:
  struct Client {
    std::string name;
    Permission permission = Permission::kNone;
  };
  struct TokenEntry {
    std::array<unsigned char, 32> sha256;
    Client client;
  };

  // The client a bearer token belongs to, or nullptr. Looks at every entry
  // with a constant-time comparison so timing says nothing about digests.
  const Client* FindToken(absl::string_view token) const;

  std::vector<TokenEntry> tokens_;
  std::map<std::string, Client, std::less<>> certificates_;  // by certificate name
};

// Lower-case hex SHA-256 of `data`, as the auth file stores tokens.
std::string Sha256Hex(absl::string_view data);

}  // namespace dragoman::auth

#endif  // DRAGOMAN_COMMON_AUTH_AUTH_POLICY_H_
