#ifndef DRAGOMAN_COMMON_SERVER_SECURITY_H_
#define DRAGOMAN_COMMON_SERVER_SECURITY_H_

#include <memory>
#include <string>

#include <grpcpp/security/server_credentials.h>

#include "absl/status/statusor.h"
#include "common/auth/auth_policy.h"

namespace dragoman::server {

// Where a server's TLS material and auth file are. All empty: plaintext
// without authentication, the local default. Normally filled from the
// --tls_cert_file, --tls_key_file, --tls_client_ca_file and --auth_file
// flags, which linking dragoman_server gives every binary.
struct SecurityOptions {
  std::string cert_file;       // PEM server certificate chain; set: TLS
  std::string key_file;        // its PEM private key
  std::string client_ca_file;  // PEM CAs; set: clients need a certificate they signed (mTLS)
  std::string auth_file;       // set: callers need a token or certificate listed there

  static SecurityOptions FromFlags();
};

// The loaded form of SecurityOptions: makes the credentials for each
// listening port, which authenticate and authorise every call before it
// reaches a handler (health and reflection stay open).
class ServerSecurity {
 public:
  // Reads the files; fails on missing or inconsistent settings.
  static absl::StatusOr<std::unique_ptr<ServerSecurity>> Load(const SecurityOptions& options);

  // Fresh credentials for one listening port.
  std::shared_ptr<grpc::ServerCredentials> Credentials() const;

  // Start-up log lines saying what protects `targets`, and whether the
  // combination deserves a warning (tokens over plaintext). No secrets.
  std::string Describe(const std::string& targets) const;
  bool SendsTokensInClear() const { return cert_pem_.empty() && policy_ != nullptr; }

 private:
  ServerSecurity() = default;

  SecurityOptions options_;
  std::string cert_pem_, key_pem_, client_ca_pem_;
  std::shared_ptr<const auth::AuthPolicy> policy_;  // null: no authentication
};

}  // namespace dragoman::server

#endif  // DRAGOMAN_COMMON_SERVER_SECURITY_H_
