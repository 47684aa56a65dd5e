#include "services/query/query_service.h"

#include <set>
#include <string>
#include <utility>

#include "common/server/status.h"

namespace dragoman::query {

namespace rv1 = dragoman::records::v1;
namespace qv1 = dragoman::query::v1;

namespace {

grpc::Status Unavailable() {
  return grpc::Status(grpc::StatusCode::UNAVAILABLE, "record store is not open");
}

}  // namespace

void QueryServiceImpl::AttachStore(std::shared_ptr<RecordStore> store) {
  absl::MutexLock lock(&mutex_);
  store_ = std::move(store);
}

void QueryServiceImpl::DetachStore() {
  std::shared_ptr<RecordStore> dropped;
  {
    absl::MutexLock lock(&mutex_);
    dropped.swap(store_);
  }
  // `dropped` goes out of scope here, outside the lock: closing may sync.
}

std::shared_ptr<RecordStore> QueryServiceImpl::store() const {
  absl::MutexLock lock(&mutex_);
  return store_;
}

grpc::Status QueryServiceImpl::PutDocumentRecords(grpc::ServerContext*,
                                                  const qv1::PutDocumentRecordsRequest* request,
                                                  qv1::PutDocumentRecordsResponse* response) {
  if (!accepts_writes_) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        "PutDocumentRecords is served only on the internal port (--internal_port)");
  }
  std::shared_ptr<RecordStore> s = store();
  if (s == nullptr) return Unavailable();
  absl::StatusOr<RecordStore::PutResult> result = s->PutDocumentRecords(request->records());
  if (!result.ok()) return server::ToGrpcStatus(result.status());
  response->set_document_id(result->document_id);
  response->set_entity_count(result->entity_count);
  response->set_event_count(result->event_count);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::ListEvents(grpc::ServerContext*,
                                          const qv1::ListEventsRequest* request,
                                          qv1::ListEventsResponse* response) {
  std::shared_ptr<RecordStore> s = store();
  if (s == nullptr) return Unavailable();
  absl::StatusOr<qv1::ListEventsResponse> result = s->ListEvents(*request);
  if (!result.ok()) return server::ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::GetEvent(grpc::ServerContext*, const qv1::GetEventRequest* request,
                                        rv1::Event* response) {
  std::shared_ptr<RecordStore> s = store();
  if (s == nullptr) return Unavailable();
  absl::StatusOr<rv1::Event> result = s->GetEvent(request->event_id());
  if (!result.ok()) return server::ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::GetEntity(grpc::ServerContext*, const qv1::GetEntityRequest* request,
                                         rv1::Entity* response) {
  std::shared_ptr<RecordStore> s = store();
  if (s == nullptr) return Unavailable();
  absl::StatusOr<rv1::Entity> result = s->GetEntity(request->entity_id());
  if (!result.ok()) return server::ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::GetDocument(grpc::ServerContext*,
                                           const qv1::GetDocumentRequest* request,
                                           rv1::Document* response) {
  std::shared_ptr<RecordStore> s = store();
  if (s == nullptr) return Unavailable();
  absl::StatusOr<rv1::Document> result = s->GetDocument(request->document_id());
  if (!result.ok()) return server::ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::Export(grpc::ServerContext* context, const qv1::ExportRequest*,
                                      grpc::ServerWriter<rv1::Record>* writer) {
  std::shared_ptr<RecordStore> s = store();
  if (s == nullptr) return Unavailable();
  bool cancelled = false;
  absl::Status status = s->Export([&](const rv1::Record& record) {
    if (context->IsCancelled() || !writer->Write(record)) {
      cancelled = true;
      return false;
    }
    return true;
  });
  if (!status.ok()) return server::ToGrpcStatus(status);
  if (cancelled) return grpc::Status(grpc::StatusCode::CANCELLED, "export cancelled by client");
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::ListOffices(grpc::ServerContext*,
                                           const qv1::ListOfficesRequest* request,
                                           qv1::ListOfficesResponse* response) {
  std::shared_ptr<RecordStore> s = store();
  if (s == nullptr) return Unavailable();
  absl::StatusOr<qv1::ListOfficesResponse> result = s->ListOfficesCited(*request);
  if (!result.ok()) return server::ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::FindEntities(grpc::ServerContext*,
                                            const qv1::FindEntitiesRequest* request,
                                            qv1::FindEntitiesResponse* response) {
  std::shared_ptr<RecordStore> s = store();
  if (s == nullptr) return Unavailable();
  absl::StatusOr<std::vector<rv1::Entity>> found =
      s->FindEntities(request->name(), request->type());
  if (!found.ok()) return server::ToGrpcStatus(found.status());
  for (rv1::Entity& e : *found) *response->add_entities() = std::move(e);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::GetRelationProfile(grpc::ServerContext*,
                                                  const qv1::GetRelationProfileRequest* request,
                                                  qv1::RelationProfile* response) {
  std::shared_ptr<RecordStore> s = store();
  if (s == nullptr) return Unavailable();
  absl::StatusOr<qv1::RelationProfile> result = s->GetRelationProfile(*request);
  if (!result.ok()) return server::ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::SearchDocuments(grpc::ServerContext*,
                                               const qv1::SearchDocumentsRequest* request,
                                               qv1::SearchDocumentsResponse* response) {
  std::shared_ptr<RecordStore> s = store();
  if (s == nullptr) return Unavailable();
  absl::StatusOr<qv1::SearchDocumentsResponse> result =
      s->SearchDocuments(request->query(), request->max_results());
  if (!result.ok()) return server::ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::Timeline(grpc::ServerContext*, const qv1::TimelineRequest* request,
                                        qv1::TimelineResponse* response) {
  std::shared_ptr<RecordStore> s = store();
  if (s == nullptr) return Unavailable();
  absl::StatusOr<qv1::TimelineResponse> result = s->Timeline(*request);
  if (!result.ok()) return server::ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::SearchEntities(grpc::ServerContext*,
                                              const qv1::SearchEntitiesRequest* request,
                                              qv1::SearchEntitiesResponse* response) {
  std::shared_ptr<RecordStore> s = store();
  if (s == nullptr) return Unavailable();
  absl::StatusOr<qv1::SearchEntitiesResponse> result = s->SearchEntities(*request);
  if (!result.ok()) return server::ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::GetAnnotatedDocument(grpc::ServerContext*,
                                                    const qv1::GetDocumentRequest* request,
                                                    qv1::AnnotatedDocument* response) {
  std::shared_ptr<RecordStore> s = store();
  if (s == nullptr) return Unavailable();
  absl::StatusOr<qv1::AnnotatedDocument> result = s->GetAnnotatedDocument(request->document_id());
  if (!result.ok()) return server::ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::Search(grpc::ServerContext*, const qv1::SearchRequest* request,
                                      qv1::SearchResponse* response) {
  std::shared_ptr<RecordStore> s = store();
  if (s == nullptr) return Unavailable();
  absl::StatusOr<qv1::SearchResponse> result = s->Search(*request);
  if (!result.ok()) return server::ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::GetCitedEvent(grpc::ServerContext*,
                                             const qv1::GetEventRequest* request,
                                             qv1::CitedEvent* response) {
  std::shared_ptr<RecordStore> s = store();
  if (s == nullptr) return Unavailable();
  absl::StatusOr<qv1::CitedEvent> result = s->GetCitedEvent(request->event_id());
  if (!result.ok()) return server::ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

}  // namespace dragoman::query
