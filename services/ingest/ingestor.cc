#include "services/ingest/ingestor.h"

#include <openssl/evp.h>

#include <algorithm>

#include "absl/strings/cord.h"
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
  return std::move(IngestBatch({&request}, deadline, cancelled)[0]);
}

absl::Status Ingestor::OutboxFull(int64_t pending) const {
  const int64_t ms = absl::ToInt64Milliseconds(options_.retry_after);
  absl::Status status = absl::ResourceExhaustedError(absl::StrCat(
      "ingest outbox is full: ", pending, " stored documents wait for extraction and query (limit ",
      options_.max_outbox, "); retry in ", ms, " ms"));
  status.SetPayload(kRetryAfterMsPayload, absl::Cord(absl::StrCat(ms)));
  return status;
}

std::vector<absl::StatusOr<v1::IngestDocumentResponse>> Ingestor::IngestBatch(
    const std::vector<const v1::IngestDocumentRequest*>& requests, absl::Time deadline,
    const std::function<bool()>& cancelled) {
  std::vector<absl::StatusOr<v1::IngestDocumentResponse>> results(
      requests.size(), absl::InternalError("not processed"));
  std::vector<NewDocument> fresh;
  std::vector<size_t> fresh_index;  // request index of each fresh document
  bool refusing = false;
  for (size_t i = 0; i < requests.size(); ++i) {
    const v1::IngestDocumentRequest& request = *requests[i];
    const std::string& content = request.content();
    if (content.size() > kMaxDocumentBytes) {
      results[i] = absl::InvalidArgumentError(absl::StrCat("document is ", content.size(),
                                                           " bytes; the limit is 8 MiB (",
                                                           kMaxDocumentBytes, " bytes)"));
      continue;
    }
    const std::string sha = Sha256Hex(content);
    const std::string id = absl::StrCat("d", sha.substr(0, 16));

    absl::StatusOr<v1::StoredDocument> existing = store_->Get(id);
    if (existing.ok()) {
      if (existing->content_sha256() != sha) {
        results[i] = absl::AlreadyExistsError(
            absl::StrCat("document id ", id, " is taken by different content"));
      } else {
        results[i] = ResponseFor(*existing, request.uri(), /*already_stored=*/true);
      }
      continue;
    }
    if (!absl::IsNotFound(existing.status())) {
      results[i] = existing.status();
      continue;
    }
    // Backpressure before the work of normalizing: a refused document
    // costs a hash and a lookup.
    const int64_t pending = store_->PendingCount() + static_cast<int64_t>(fresh.size());
    if (refusing || pending >= options_.max_outbox) {
      refusing = true;
      results[i] = OutboxFull(pending);
      continue;
    }
    absl::StatusOr<normalize::NormalizedDocument> clean =
        normalize::Normalize(content, request.content_type(), request.uri());
    if (!clean.ok()) {
      results[i] = absl::InvalidArgumentError(absl::StrCat(
          request.uri().empty() ? "document" : request.uri(), ": ", clean.status().message()));
      continue;
    }
    NewDocument& d = fresh.emplace_back();
    fresh_index.push_back(i);
    v1::StoredDocument& document = d.document;
    document.set_document_id(id);
    document.set_uri(request.uri());
    document.set_content_sha256(sha);
    document.set_content_type(std::string(normalize::ContentTypeName(clean->content_type)));
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
    d.signature = Signature(clean->clean_text);
    document.set_clean_text(std::move(clean->clean_text));
    d.original = content;
  }

  if (!fresh.empty()) {
    // The store decides duplicate_of, and a concurrent call (or an earlier
    // request of this batch) may have stored the same bytes first.
    absl::StatusOr<std::vector<Inserted>> inserted = store_->InsertBatch(fresh);
    for (size_t k = 0; k < fresh.size(); ++k) {
      const size_t i = fresh_index[k];
      if (!inserted.ok()) {
        results[i] = inserted.status();
        continue;
      }
      Inserted& in = (*inserted)[k];
      if (in.item.has_value()) {
        const v1::StoredDocument& document = in.stored;
        Log(LogLevel::kInfo,
            absl::StrCat("stored ", document.document_id(), " (", document.uri(), ", ",
                         fresh[k].original.size(), " bytes, ", document.content_type(),
                         document.duplicate_of().empty()
                             ? ""
                             : absl::StrCat(", near duplicate of ", document.duplicate_of()),
                         ")"));
        pipeline_->Enqueue(*in.item);
      }
      results[i] = ResponseFor(in.stored, requests[i]->uri(), !in.item.has_value());
    }
  }

  for (size_t i = 0; i < requests.size(); ++i) {
    if (!results[i].ok() || !requests[i]->wait_for_processing() ||
        results[i]->state() != v1::PROCESSING_STATE_QUEUED) {
      continue;
    }
    const absl::Time until = std::min(deadline - kDeadlineMargin, absl::Now() + kMaxWait);
    absl::StatusOr<v1::StoredDocument> waited =
        pipeline_->WaitFor(results[i]->document_id(), until, cancelled);
    if (!waited.ok()) {
      results[i] = waited.status();
    } else {
      results[i] = ResponseFor(*waited, requests[i]->uri(), results[i]->already_stored());
    }
  }
  return results;
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
