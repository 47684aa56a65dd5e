#ifndef DRAGOMAN_COMMON_AUTH_PERMISSIONS_H_
#define DRAGOMAN_COMMON_AUTH_PERMISSIONS_H_

#include <optional>

#include "absl/strings/string_view.h"

namespace dragoman::auth {

// What a client may do, and what a method needs. Ordered: write implies
// read, and kNone (a method anyone may call, or a client without rights)
// is below both.
enum class Permission { kNone = 0, kRead = 1, kWrite = 2 };

// "none", "read" or "write", as the auth file spells them.
absl::string_view PermissionName(Permission permission);

// The permission a gRPC method ("/package.Service/Method", as in the
// ":path" header) needs, or nullopt when the method is not in the table.
// Every method of every Dragoman service is listed one by one, so a new
// method is not silently given a service's default; permissions_test
// walks the service descriptors to keep the table complete. Health
// checking and server reflection are kNone: Kubernetes probes and grpcurl
// discovery carry no credentials and reveal no data.
std::optional<Permission> RequiredPermission(absl::string_view method);

}  // namespace dragoman::auth

#endif  // DRAGOMAN_COMMON_AUTH_PERMISSIONS_H_
