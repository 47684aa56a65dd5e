#ifndef DRAGOMAN_COMMON_CLIENT_CHANNEL_H_
#define DRAGOMAN_COMMON_CLIENT_CHANNEL_H_

#include <memory>
#include <string>

#include <grpcpp/channel.h>
#include <grpcpp/support/channel_arguments.h>

#include "absl/status/statusor.h"

namespace dragoman::client {

// How a client reaches a Dragoman service: plaintext (all empty, the local
// default), TLS (ca_file), mutual TLS (plus cert_file and key_file) and an
// optional bearer token. Files are read once, when the channel is made.
struct ChannelSecurity {
  std::string ca_file;    // PEM CA certificates that verify the server; empty: plaintext
  std::string cert_file;  // PEM client certificate chain, for mutual TLS
  std::string key_file;   // its PEM private key
  // The host name the server certificate must carry when it is not the
  // target's host (e.g. a certificate for "query" reached as 127.0.0.1).
  std::string server_name;
  std::string token_file;  // holds the bearer token (surrounding whitespace ignored)
  std::string token;       // the token itself, used when token_file is empty

  bool tls() const { return !ca_file.empty(); }
};

// A channel to `target` with `security` applied: TLS credentials, and the
// token sent as "authorization: Bearer TOKEN" on every call. The token is
// added by an interceptor rather than as call credentials because gRPC
// refuses call credentials on plaintext channels, and a token over
// plaintext is allowed (inside a trusted network). InvalidArgument when
// the settings are inconsistent, NotFound when a file cannot be read.
absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(
    const std::string& target, const ChannelSecurity& security,
    grpc::ChannelArguments args = grpc::ChannelArguments());

}  // namespace dragoman::client

#endif  // DRAGOMAN_COMMON_CLIENT_CHANNEL_H_
