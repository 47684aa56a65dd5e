#ifndef DRAGOMAN_SERVICES_QUERY_QUERY_SERVICE_H_
#define DRAGOMAN_SERVICES_QUERY_QUERY_SERVICE_H_

#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "dragoman/query/v1/query.grpc.pb.h"
#include "services/query/record_store.h"

namespace dragoman::query {

// gRPC face of the RecordStore: translates messages and statuses, nothing
// more. The store is attached after start-up (warm-up) and detached at
// shutdown; meanwhile RPCs fail with UNAVAILABLE. RPCs in flight keep the
// store alive until they return.
class QueryServiceImpl final : public dragoman::query::v1::QueryService::Service {
 public:
  // A service that does not accept writes answers PutDocumentRecords with
  // PERMISSION_DENIED: deployments serve writes on an internal port that
  // only the ingest service can reach (--internal_port).
  explicit QueryServiceImpl(bool accepts_writes = true) : accepts_writes_(accepts_writes) {}

  void AttachStore(std::shared_ptr<RecordStore> store) ABSL_LOCKS_EXCLUDED(mutex_);
  // Drops the service's reference; the store closes when the last RPC
  // using it returns.
  void DetachStore() ABSL_LOCKS_EXCLUDED(mutex_);

  grpc::Status PutDocumentRecords(
      grpc::ServerContext* context, const dragoman::query::v1::PutDocumentRecordsRequest* request,
      dragoman::query::v1::PutDocumentRecordsResponse* response) override;
  grpc::Status ListEvents(grpc::ServerContext* context,
                          const dragoman::query::v1::ListEventsRequest* request,
                          dragoman::query::v1::ListEventsResponse* response) override;
  grpc::Status GetEvent(grpc::ServerContext* context,
                        const dragoman::query::v1::GetEventRequest* request,
                        dragoman::records::v1::Event* response) override;
  grpc::Status GetEntity(grpc::ServerContext* context,
                         const dragoman::query::v1::GetEntityRequest* request,
                         dragoman::records::v1::Entity* response) override;
  grpc::Status GetDocument(grpc::ServerContext* context,
                           const dragoman::query::v1::GetDocumentRequest* request,
                           dragoman::records::v1::Document* response) override;
  grpc::Status Export(grpc::ServerContext* context,
                      const dragoman::query::v1::ExportRequest* request,
                      grpc::ServerWriter<dragoman::records::v1::Record>* writer) override;
  grpc::Status ListOffices(grpc::ServerContext* context,
                           const dragoman::query::v1::ListOfficesRequest* request,
                           dragoman::query::v1::ListOfficesResponse* response) override;
  grpc::Status FindEntities(grpc::ServerContext* context,
                            const dragoman::query::v1::FindEntitiesRequest* request,
                            dragoman::query::v1::FindEntitiesResponse* response) override;
  grpc::Status GetRelationProfile(grpc::ServerContext* context,
                                  const dragoman::query::v1::GetRelationProfileRequest* request,
                                  dragoman::query::v1::RelationProfile* response) override;
  grpc::Status SearchDocuments(grpc::ServerContext* context,
                               const dragoman::query::v1::SearchDocumentsRequest* request,
                               dragoman::query::v1::SearchDocumentsResponse* response) override;
  grpc::Status Timeline(grpc::ServerContext* context,
                        const dragoman::query::v1::TimelineRequest* request,
                        dragoman::query::v1::TimelineResponse* response) override;
  grpc::Status SearchEntities(grpc::ServerContext* context,
                              const dragoman::query::v1::SearchEntitiesRequest* request,
                              dragoman::query::v1::SearchEntitiesResponse* response) override;
  grpc::Status GetAnnotatedDocument(grpc::ServerContext* context,
                                    const dragoman::query::v1::GetDocumentRequest* request,
                                    dragoman::query::v1::AnnotatedDocument* response) override;
  grpc::Status GetCitedEvent(grpc::ServerContext* context,
                             const dragoman::query::v1::GetEventRequest* request,
                             dragoman::query::v1::CitedEvent* response) override;
  grpc::Status Search(grpc::ServerContext* context,
                      const dragoman::query::v1::SearchRequest* request,
                      dragoman::query::v1::SearchResponse* response) override;

 private:
  std::shared_ptr<RecordStore> store() const ABSL_LOCKS_EXCLUDED(mutex_);

  const bool accepts_writes_;
  mutable absl::Mutex mutex_;
  std::shared_ptr<RecordStore> store_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace dragoman::query

#endif  // DRAGOMAN_SERVICES_QUERY_QUERY_SERVICE_H_
