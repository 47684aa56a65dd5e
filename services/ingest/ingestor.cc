#include "services/ingest/ingestor.h"

#include <openssl/evp.h>

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/log/log.h"
#include "common/normalize/normalizer.h"
#include "services/ingest/alignment.h"
#include "services/ingest/near_duplicate.h"

namespace dragoman::ingest {
namespace {

// Answer this long before the caller's deadline so the reply still arrives.
constexpr absl::Duration kDeadlineMargin = absl::Milliseconds(250);
// Longest wait when the caller set no deadline.
constexpr absl::Duration kMaxWait = absl::Minutes(5);

std::string NowRfc3339() {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone());
}

v1::IngestDocumentResponse ResponseFor(const v1::StoredDocument& document, absl::string_view uri,
                                       bool already_stored) {
  v1::IngestDocumentResponse response;
  response.set_document_id(document.document_id());
  response.set_uri(std::string(uri));
  response.set_already_stored(already_stored);
  response.set_state(document.state());
  response.set_error(document.error());
  response.set_duplicate_of(document.duplicate_of());
  if (document.state() == v1::PROCESSING_STATE_DONE) {
    response.set_entity_count(document.entity_count());
    response.set_event_count(document.event_count());
  }
  return response;
}

}  // namespace

std::string Sha256Hex(absl::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), length));
}

std::string DocumentIdFor(absl::string_view bytes) {
  return absl::StrCat("d", Sha256Hex(bytes).substr(0, 16));
}

absl::StatusOr<v1::IngestDocumentResponse> Ingestor::Ingest(
    const v1::IngestDocumentRequest& request, absl::Time deadline,
    const std::function<bool()>& cancelled) {
  const std::string& content = request.content();
  if (content.size() > kMaxDocumentBytes) {
    return absl::InvalidArgumentError(absl::StrCat("document is ", content.size(),
                                                   " bytes; the limit is 8 MiB (",
                                                   kMaxDocumentBytes, " bytes)"));
  }
  const std::string sha = Sha256Hex(content);
  const std::string id = absl::StrCat("d", sha.substr(0, 16));

  absl::StatusOr<v1::StoredDocument> existing = store_->Get(id);
  bool already_stored = existing.ok();
  if (!existing.ok() && !absl::IsNotFound(existing.status())) return existing.status();

  v1::StoredDocument document;
  if (already_stored) {
    document = *std::move(existing);
    if (document.content_sha256() != sha) {
      return absl::AlreadyExistsError(
          absl::StrCat("document id ", id, " is taken by different content"));
    }
  } else {
    absl::StatusOr<normalize::NormalizedDocument> clean =
        normalize::Normalize(content, request.content_type(), request.uri());
    if (!clean.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          request.uri().empty() ? "document" : request.uri(), ": ", clean.status().message()));
    }
    document.set_document_id(id);
    document.set_uri(request.uri());
    document.set_content_sha256(sha);
    document.set_content_type(std::string(normalize::ContentTypeName(clean->content_type)));
    document.set_clean_text(clean->clean_text);
    document.set_ingested_at(NowRfc3339());
    document.set_updated_at(document.ingested_at());
    document.set_state(v1::PROCESSING_STATE_QUEUED);
    // What the document says about itself beats what the client guessed.
    auto pick = [](const std::string& own, const std::string& hint) {
      return own.empty() ? hint : own;
    };
    document.set_title_hint(clean->title_hint);
    document.set_published_hint(pick(clean->published_hint, request.published_hint()));
    document.set_language_hint(pick(clean->language_hint, request.language_hint()));
    document.set_source_hint(pick(clean->source_hint, request.source_hint()));
    *document.mutable_alignment() = AlignmentToProto(clean->alignment);

    absl::StatusOr<std::optional<WorkItem>> item =
        store_->Insert(document, content, Signature(document.clean_text()));
    if (!item.ok()) return item.status();
    // Re-read: the store decides duplicate_of, and a concurrent call may
    // have stored the same bytes first.
    absl::StatusOr<v1::StoredDocument> stored = store_->Get(id);
    if (!stored.ok()) return stored.status();
    document = *std::move(stored);
    if (item->has_value()) {
      Log(LogLevel::kInfo,
          absl::StrCat("stored ", id, " (", document.uri(), ", ", content.size(), " bytes, ",
                       document.content_type(),
                       document.duplicate_of().empty()
                           ? ""
                           : absl::StrCat(", near duplicate of ", document.duplicate_of()),
                       ")"));
      pipeline_->Enqueue(**item);
    } else {
      already_stored = true;
    }
  }

  if (request.wait_for_processing() && document.state() == v1::PROCESSING_STATE_QUEUED) {
    const absl::Time until = std::min(deadline - kDeadlineMargin, absl::Now() + kMaxWait);
    absl::StatusOr<v1::StoredDocument> waited = pipeline_->WaitFor(id, until, cancelled);
    if (!waited.ok()) return waited.status();
    document = *std::move(waited);
  }
  return ResponseFor(document, request.uri(), already_stored);
}

absl::StatusOr<v1::StoredDocument> Ingestor::Get(const v1::GetDocumentRequest& request) const {
  if (request.document_id().empty()) return absl::InvalidArgumentError("document_id is required");
  absl::StatusOr<v1::StoredDocument> document = store_->Get(request.document_id());
  if (!document.ok() || !request.include_original()) return document;
  absl::StatusOr<std::string> original = store_->GetOriginal(request.document_id());
  if (!original.ok()) return original.status();
  document->set_original(*std::move(original));
  return document;
}

absl::StatusOr<v1::ReprocessResponse> Ingestor::Reprocess(const v1::ReprocessRequest& request,
                                                          absl::Time deadline,
                                                          const std::function<bool()>& cancelled) {
  std::vector<std::string> ids;
  for (const std::string& id : request.document_ids()) {
    if (id.empty()) return absl::InvalidArgumentError("document_ids: empty id");
    ids.push_back(id);
  }
  absl::StatusOr<DocumentStore::Requeued> requeued = store_->Requeue(ids);
  if (!requeued.ok()) return requeued.status();
  v1::ReprocessResponse response;
  response.set_queued(static_cast<int>(requeued->items.size()));
  response.set_already_queued(requeued->already_queued);
  for (const WorkItem& item : requeued->items) {
    response.add_document_ids(item.document_id);
    pipeline_->Enqueue(item);
  }
  Log(LogLevel::kInfo, absl::StrCat("reprocessing ", requeued->items.size(), " documents (",
                                    requeued->already_queued, " already queued)"));
  if (request.wait_for_processing()) {
    const absl::Time until = std::min(deadline - kDeadlineMargin, absl::Now() + kMaxWait);
    for (const WorkItem& item : requeued->items) {
      absl::StatusOr<v1::StoredDocument> waited =
          pipeline_->WaitFor(item.document_id, until, cancelled);
      if (!waited.ok()) return waited.status();
      if (waited->state() == v1::PROCESSING_STATE_DONE) response.set_done(response.done() + 1);
      if (waited->state() == v1::PROCESSING_STATE_FAILED) {
        response.set_failed(response.failed() + 1);
      }
    }
  }
  return response;
}

absl::StatusOr<v1::ListDocumentsResponse> Ingestor::List(
    const v1::ListDocumentsRequest& request) const {
  if (request.page_size() < 0) return absl::InvalidArgumentError("page_size must be >= 0");
  absl::StatusOr<DocumentPage> page = store_->List(request.page_size(), request.page_token());
  if (!page.ok()) return page.status();
  v1::ListDocumentsResponse response;
  for (v1::StoredDocument& d : page->documents) *response.add_documents() = std::move(d);
  response.set_next_page_token(page->next_page_token);
  return response;
}

}  // namespace dragoman::ingest
