#include "common/auth/permissions.h"

#include "absl/strings/match.h"

namespace dragoman::auth {
namespace {

struct MethodPermission {
  const char* method;
  Permission permission;
};

// Writes: anything that stores or changes documents or records. Everything
// else a client can see is a read, including Export.
constexpr MethodPermission kMethods[] = {
    {"/dragoman.ingest.v1.IngestService/IngestDocument", Permission::kWrite},
    {"/dragoman.ingest.v1.IngestService/IngestDocuments", Permission::kWrite},
    {"/dragoman.ingest.v1.IngestService/Reprocess", Permission::kWrite},
    {"/dragoman.ingest.v1.IngestService/GetDocument", Permission::kRead},
    {"/dragoman.ingest.v1.IngestService/ListDocuments", Permission::kRead},

    // Stateless, but it is ingest's work: a read, so ingest's write
    // credential (write implies read) and any reader may call it.
    {"/dragoman.extraction.v1.ExtractionService/Extract", Permission::kRead},

    {"/dragoman.query.v1.QueryService/PutDocumentRecords", Permission::kWrite},
    {"/dragoman.query.v1.QueryService/ListEvents", Permission::kRead},
    {"/dragoman.query.v1.QueryService/GetEvent", Permission::kRead},
    {"/dragoman.query.v1.QueryService/GetEntity", Permission::kRead},
    {"/dragoman.query.v1.QueryService/GetDocument", Permission::kRead},
    {"/dragoman.query.v1.QueryService/Export", Permission::kRead},
    {"/dragoman.query.v1.QueryService/ListOffices", Permission::kRead},
    {"/dragoman.query.v1.QueryService/FindEntities", Permission::kRead},
    {"/dragoman.query.v1.QueryService/GetRelationProfile", Permission::kRead},
    {"/dragoman.query.v1.QueryService/SearchDocuments", Permission::kRead},
    {"/dragoman.query.v1.QueryService/Timeline", Permission::kRead},
    {"/dragoman.query.v1.QueryService/SearchEntities", Permission::kRead},
    {"/dragoman.query.v1.QueryService/GetAnnotatedDocument", Permission::kRead},
    {"/dragoman.query.v1.QueryService/Search", Permission::kRead},
    {"/dragoman.query.v1.QueryService/GetCitedEvent", Permission::kRead},
};

// Open services, by prefix: their methods belong to gRPC, not to us.
constexpr const char* kOpenServices[] = {
    "/grpc.health.v1.Health/",
    "/grpc.reflection.v1alpha.ServerReflection/",
    "/grpc.reflection.v1.ServerReflection/",
};

}  // namespace

absl::string_view PermissionName(Permission permission) {
  switch (permission) {
    case Permission::kNone:
      return "none";
    case Permission::kRead:
      return "read";
    case Permission::kWrite:
      return "write";
  }
  return "none";
}

std::optional<Permission> RequiredPermission(absl::string_view method) {
  for (const MethodPermission& m : kMethods) {
    if (method == m.method) return m.permission;
  }
  for (const char* prefix : kOpenServices) {
    if (absl::StartsWith(method, prefix)) return Permission::kNone;
  }
  return std::nullopt;
}

}  // namespace dragoman::auth
