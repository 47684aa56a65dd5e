#include "common/server/security.h"

#include <grpc/grpc.h>
#include <grpc/grpc_security.h>

#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/auth/credential_file.h"
#include "common/log/log.h"

// Defined here so every service binary has them the same way.
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM certificate chain of this server; set (with --tls_key_file): serve TLS on every "
          "port. Empty: plaintext, the local default.");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of --tls_cert_file.");
ABSL_FLAG(std::string, tls_client_ca_file, "",
          "PEM CA certificates; set: mutual TLS, clients must present a certificate signed by "
          "one of them.");
ABSL_FLAG(std::string, auth_file, "",
          "Clients and their permissions (read or write) by bearer-token digest or certificate "
          "name; see BUILD.md, Security. Empty: no authentication.");

namespace dragoman::server {
namespace {

absl::string_view SliceView(const grpc_slice& slice) {
  return absl::string_view(reinterpret_cast<const char*>(GRPC_SLICE_START_PTR(slice)),
                           GRPC_SLICE_LENGTH(slice));
}

void AppendProperties(grpc_auth_context* context, const char* name,
                      std::vector<std::string>* out) {
  grpc_auth_property_iterator it = grpc_auth_context_find_properties_by_name(context, name);
  while (const grpc_auth_property* p = grpc_auth_property_iterator_next(&it)) {
    out->emplace_back(p->value, p->value_length);
  }
}

// The per-call check, run by gRPC core's server auth filter before the
// call reaches interceptors or handlers. It sees every header, ":path"
// included, and the connection's verified certificate. Decisions are quick
// and never block, so it answers inline.
void ProcessCall(void* state, grpc_auth_context* context, const grpc_metadata* metadata,
                 size_t count, grpc_process_auth_metadata_done_cb done, void* user_data) {
  const auth::AuthPolicy& policy = **static_cast<std::shared_ptr<const auth::AuthPolicy>*>(state);
  absl::string_view method, authorization;
  const grpc_metadata* authorization_entry = nullptr;
  for (size_t i = 0; i < count; ++i) {
    const absl::string_view key = SliceView(metadata[i].key);
    if (key == ":path") {
      method = SliceView(metadata[i].value);
    } else if (key == "authorization") {
      authorization = SliceView(metadata[i].value);
      authorization_entry = &metadata[i];
    }
  }
  std::vector<std::string> peer_names;
  if (context != nullptr) {
    AppendProperties(context, GRPC_X509_CN_PROPERTY_NAME, &peer_names);
    AppendProperties(context, GRPC_X509_SAN_PROPERTY_NAME, &peer_names);
  }
  const absl::Status status = policy.Authorize(method, authorization, peer_names);
  if (status.ok()) {
    // Consumed: handlers and interceptors never see the token.
    done(user_data, authorization_entry, authorization_entry == nullptr ? 0 : 1, nullptr, 0,
         GRPC_STATUS_OK, nullptr);
    return;
  }
  // The message names the method and client, never the token.
  Log(LogLevel::kWarning, absl::StrCat("rpc ", method, " refused: ", status.ToString()));
  const std::string message(status.message());
  done(user_data, nullptr, 0, nullptr, 0, static_cast<grpc_status_code>(status.code()),
       message.c_str());
}

void DestroyState(void* state) {
  delete static_cast<std::shared_ptr<const auth::AuthPolicy>*>(state);
}

// gRPC 1.51's C++ InsecureServerCredentials aborts when given an
// AuthMetadataProcessor, but core's insecure credentials accept one. So
// ports get core credentials (insecure or SSL) with the processor set on
// them, wrapped here: one check path for plaintext and TLS alike.
class CoreServerCredentials : public grpc::ServerCredentials {
 public:
  explicit CoreServerCredentials(grpc_server_credentials* credentials)
      : credentials_(credentials) {}
  ~CoreServerCredentials() override { grpc_server_credentials_release(credentials_); }

  void SetAuthMetadataProcessor(const std::shared_ptr<grpc::AuthMetadataProcessor>&) override {
    // The processor is set on the core credentials; a second one would
    // silently replace the Dragoman check.
    Log(LogLevel::kError, "CoreServerCredentials: SetAuthMetadataProcessor is not supported");
    std::abort();
  }

 private:
  int AddPortToServer(const std::string& address, grpc_server* server) override {
    return grpc_server_add_http2_port(server, address.c_str(), credentials_);
  }

  grpc_server_credentials* credentials_;
};

}  // namespace

SecurityOptions SecurityOptions::FromFlags() {
  SecurityOptions options;
  options.cert_file = absl::GetFlag(FLAGS_tls_cert_file);
  options.key_file = absl::GetFlag(FLAGS_tls_key_file);
  options.client_ca_file = absl::GetFlag(FLAGS_tls_client_ca_file);
  options.auth_file = absl::GetFlag(FLAGS_auth_file);
  return options;
}

absl::StatusOr<std::unique_ptr<ServerSecurity>> ServerSecurity::Load(
    const SecurityOptions& options) {
  std::unique_ptr<ServerSecurity> security(new ServerSecurity);
  security->options_ = options;
  if (options.cert_file.empty() != options.key_file.empty()) {
    return absl::InvalidArgumentError("TLS needs both --tls_cert_file and --tls_key_file");
  }
  if (!options.client_ca_file.empty() && options.cert_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls_client_ca_file (mutual TLS) needs --tls_cert_file and --tls_key_file");
  }
  if (!options.cert_file.empty()) {
    absl::StatusOr<std::string> cert = auth::ReadCredentialFile(options.cert_file, "TLS certificate");
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key = auth::ReadCredentialFile(options.key_file, "TLS key");
    if (!key.ok()) return key.status();
    security->cert_pem_ = *std::move(cert);
    security->key_pem_ = *std::move(key);
  }
  if (!options.client_ca_file.empty()) {
    absl::StatusOr<std::string> ca = auth::ReadCredentialFile(options.client_ca_file, "client CA file");
    if (!ca.ok()) return ca.status();
    security->client_ca_pem_ = *std::move(ca);
  }
  if (!options.auth_file.empty()) {
    absl::StatusOr<auth::AuthPolicy> policy = auth::AuthPolicy::Load(options.auth_file);
    if (!policy.ok()) return policy.status();
    security->policy_ = std::make_shared<const auth::AuthPolicy>(*std::move(policy));
  }
  return security;
}

std::shared_ptr<grpc::ServerCredentials> ServerSecurity::Credentials() const {
  // Core needs a live grpc library for its credentials.
  grpc_init();
  grpc_server_credentials* core = nullptr;
  if (cert_pem_.empty()) {
    core = grpc_insecure_server_credentials_create();
  } else {
    grpc_ssl_pem_key_cert_pair pair{key_pem_.c_str(), cert_pem_.c_str()};
    core = grpc_ssl_server_credentials_create_ex(
        client_ca_pem_.empty() ? nullptr : client_ca_pem_.c_str(), &pair, 1,
        client_ca_pem_.empty() ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                               : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY,
        nullptr);
  }
  if (policy_ != nullptr) {
    grpc_server_credentials_set_auth_metadata_processor(
        core, {ProcessCall, DestroyState, new std::shared_ptr<const auth::AuthPolicy>(policy_)});
  }
  auto credentials = std::make_shared<CoreServerCredentials>(core);
  grpc_shutdown();
  return credentials;
}

std::string ServerSecurity::Describe(const std::string& targets) const {
  if (cert_pem_.empty() && policy_ == nullptr) {
    return absl::StrCat(
        "security: plaintext, no authentication (the local default): anyone who can reach ",
        targets, " can read and write; see BUILD.md, Security, for TLS and access control");
  }
  std::string transport =
      cert_pem_.empty()
          ? "plaintext"
          : client_ca_pem_.empty()
                ? absl::StrCat("TLS (certificate ", options_.cert_file, ")")
                : absl::StrCat("mutual TLS (certificate ", options_.cert_file,
                               "; clients need a certificate signed by ", options_.client_ca_file,
                               ")");
  std::string access =
      policy_ == nullptr
          ? "no authentication: every client that connects can read and write"
          : absl::StrCat("authentication from ", options_.auth_file, " (", policy_->token_count(),
                         " bearer tokens, ", policy_->certificate_count(),
                         " certificate names), read/write permissions; health and reflection "
                         "stay open");
  return absl::StrCat("security: ", transport, ", ", access);
}

}  // namespace dragoman::server
