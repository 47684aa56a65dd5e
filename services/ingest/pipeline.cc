#include "services/ingest/pipeline.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/log/log.h"

namespace dragoman::ingest {
namespace {

std::string NowRfc3339() {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone());
}

void FillDoc(records::v1::Span* span, const std::string& id) {
  if (span->doc().empty()) span->set_doc(id);
}

}  // namespace

bool IsTransient(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kAborted:
      return true;
    default:
      return false;
  }
}

records::v1::DocumentRecords BuildRecords(const v1::StoredDocument& document,
                                          const extraction::v1::ExtractResponse& extracted) {
  records::v1::DocumentRecords records = extracted.records();
  const std::string& id = document.document_id();
  records::v1::Document* d = records.mutable_document();
  d->set_id(id);
  d->set_uri(document.uri());
  d->set_clean_text(document.clean_text());
  d->set_content_sha256(document.content_sha256());
  d->set_ingested_at(document.ingested_at());
  if (d->title().empty() && !document.title_hint().empty()) d->set_title(document.title_hint());
  if (d->published().empty() && !document.published_hint().empty()) {
    d->set_published(document.published_hint());
  }
  if (d->language().empty()) d->set_language(document.language_hint());
  if (d->source().empty() && !document.source_hint().empty()) {
    d->set_source(document.source_hint());
  }
  // Ingest decides near duplicates (it holds every document); query uses
  // the link to avoid counting one story twice.
  if (!document.duplicate_of().empty()) {
    d->set_duplicate_of(document.duplicate_of());
  } else {
    d->clear_duplicate_of();
  }
  if (d->extractor_version().empty()) d->set_extractor_version(extracted.extractor_version());
  // Spans point into this document unless extraction said otherwise.
  for (records::v1::Entity& e : *records.mutable_entities()) {
    for (records::v1::Span& s : *e.mutable_mentions()) FillDoc(&s, id);
  }
  for (records::v1::Event& e : *records.mutable_events()) {
    for (records::v1::Span& s : *e.mutable_evidence()) FillDoc(&s, id);
    if (e.docs().empty()) e.add_docs(id);
  }
  for (records::v1::Office& o : *records.mutable_offices()) {
    if (o.doc().empty()) o.set_doc(id);
    if (o.has_evidence()) FillDoc(o.mutable_evidence(), id);
  }
  return records;
}

Pipeline::Pipeline(DocumentStore* store, RecordExtractor* extractor, RecordSink* sink,
                   PipelineOptions options)
    : store_(store), extractor_(extractor), sink_(sink), options_(options) {}

Pipeline::~Pipeline() { Stop(); }

absl::Status Pipeline::Start() {
  absl::StatusOr<std::vector<WorkItem>> pending = store_->PendingWork();
  if (!pending.ok()) return pending.status();
  if (!pending->empty()) {
    Log(LogLevel::kInfo, absl::StrCat("resuming ", pending->size(), " queued documents"));
  }
  for (const WorkItem& item : *pending) Enqueue(item);
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = false;
  }
  for (int i = 0; i < std::max(1, options_.workers); ++i) {
    threads_.emplace_back([this] { Work(); });
  }
  return absl::OkStatus();
}

void Pipeline::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  done_cv_.notify_all();
  if (!threads_.empty()) {
    extractor_->CancelInFlight();
    sink_->CancelInFlight();
  }
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

void Pipeline::Enqueue(const WorkItem& item) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!queued_ids_.insert(item.document_id).second) return;
    queue_.push_back(item);
  }
  work_cv_.notify_one();
}

absl::StatusOr<v1::StoredDocument> Pipeline::WaitFor(const std::string& document_id,
                                                     absl::Time deadline,
                                                     const std::function<bool()>& cancelled) {
  constexpr absl::Duration kPoll = absl::Milliseconds(200);
  while (true) {
    uint64_t seen;
    {
      std::lock_guard<std::mutex> lock(mu_);
      seen = completed_;
    }
    absl::StatusOr<v1::StoredDocument> document = store_->Get(document_id);
    if (!document.ok() || document->state() != v1::PROCESSING_STATE_QUEUED) return document;
    std::unique_lock<std::mutex> lock(mu_);
    while (completed_ == seen && !stopping_) {
      const absl::Time now = absl::Now();
      if (now >= deadline || (cancelled && cancelled())) {
        lock.unlock();
        return store_->Get(document_id);
      }
      done_cv_.wait_until(lock, absl::ToChronoTime(std::min(deadline, now + kPoll)));
    }
    if (stopping_) {
      lock.unlock();
      return store_->Get(document_id);
    }
  }
}

bool Pipeline::stopping() {
  std::lock_guard<std::mutex> lock(mu_);
  return stopping_;
}

bool Pipeline::SleepUnlessStopped(absl::Duration d) {
  std::unique_lock<std::mutex> lock(mu_);
  return !work_cv_.wait_for(lock, absl::ToChronoNanoseconds(d), [&] { return stopping_; });
}

template <typename Fn>
auto Pipeline::Retry(Fn fn) -> decltype(fn()) {
  absl::Duration backoff = options_.initial_backoff;
  while (true) {
    auto result = fn();
    if (result.ok() || !IsTransient(result.status())) return result;
    Log(LogLevel::kWarning,
        absl::StrCat("transient failure, retrying in ", absl::FormatDuration(backoff), ": ",
                     result.status().ToString()));
    if (!SleepUnlessStopped(backoff)) return result;
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

void Pipeline::Work() {
  while (true) {
    WorkItem item;
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      item = std::move(queue_.front());
      queue_.pop_front();
    }
    Process(item);
    {
      std::lock_guard<std::mutex> lock(mu_);
      queued_ids_.erase(item.document_id);
      ++completed_;
    }
    done_cv_.notify_all();
  }
}

void Pipeline::Process(const WorkItem& item) {
  absl::StatusOr<v1::StoredDocument> document = store_->Get(item.document_id);
  if (!document.ok()) {
    Log(LogLevel::kError, absl::StrCat("queued document ", item.document_id,
                                       " unreadable: ", document.status().ToString()));
    return;
  }
  v1::StoredDocument& doc = *document;
  auto finish = [&](v1::ProcessingState state, const std::string& error) {
    doc.set_state(state);
    doc.set_error(error);
    doc.set_updated_at(NowRfc3339());
    if (absl::Status s = store_->Complete(item, doc); !s.ok()) {
      Log(LogLevel::kError,
          absl::StrCat("cannot record outcome of ", doc.document_id(), ": ", s.ToString()));
    }
  };
  if (doc.state() != v1::PROCESSING_STATE_QUEUED) {  // finished before a crash
    finish(doc.state(), doc.error());
    return;
  }

  extraction::v1::ExtractRequest request;
  request.set_document_id(doc.document_id());
  request.set_text(doc.clean_text());
  request.set_uri(doc.uri());
  request.set_published_hint(doc.published_hint());
  request.set_language_hint(doc.language_hint());
  request.set_title_hint(doc.title_hint());
  request.set_source_hint(doc.source_hint());
  absl::StatusOr<extraction::v1::ExtractResponse> extracted =
      Retry([&] { return extractor_->Extract(request); });
  if (!extracted.ok()) {
    // Stopping (transient failure given up, or call cancelled): stays queued.
    if (IsTransient(extracted.status()) || stopping()) return;
    Log(LogLevel::kWarning, absl::StrCat("extraction failed for ", doc.document_id(), ": ",
                                         extracted.status().ToString()));
    finish(v1::PROCESSING_STATE_FAILED,
           absl::StrCat("extraction: ", extracted.status().ToString()));
    return;
  }

  const records::v1::DocumentRecords records = BuildRecords(doc, *extracted);
  absl::StatusOr<query::v1::PutDocumentRecordsResponse> put =
      Retry([&] { return sink_->Put(records); });
  if (!put.ok()) {
    if (IsTransient(put.status()) || stopping()) return;
    Log(LogLevel::kWarning,
        absl::StrCat("delivery failed for ", doc.document_id(), ": ", put.status().ToString()));
    finish(v1::PROCESSING_STATE_FAILED, absl::StrCat("query: ", put.status().ToString()));
    return;
  }
  doc.set_extractor_version(records.document().extractor_version());
  doc.set_entity_count(put->entity_count());
  doc.set_event_count(put->event_count());
  finish(v1::PROCESSING_STATE_DONE, "");
  Log(LogLevel::kInfo, absl::StrCat("processed ", doc.document_id(), ": ", put->entity_count(),
                                    " entities, ", put->event_count(), " events"));
}

}  // namespace dragoman::ingest
