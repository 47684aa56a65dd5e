#include "services/ingest/pipeline.h"

#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/ingest/test_util.h"

namespace dragoman::ingest {
namespace {

using testing::FakeExtractor;
using testing::FakeSink;
using ::testing::HasSubstr;
using testing::TempDir;

v1::StoredDocument Queued(const std::string& id) {
  v1::StoredDocument d;
  d.set_document_id(id);
  d.set_uri("dossier/" + id + ".txt");
  d.set_content_sha256("sha-" + id);
  d.set_clean_text("Jean Exemple a rencontré Paul Modèle.");
  d.set_ingested_at("2024-01-02T03:04:05Z");
  d.set_title_hint("Titre " + id);
  d.set_published_hint("2024-01-01");
  d.set_state(v1::PROCESSING_STATE_QUEUED);
  return d;
}

PipelineOptions Fast() {
  PipelineOptions o;
  o.workers = 2;
  o.initial_backoff = absl::Milliseconds(1);
  o.max_backoff = absl::Milliseconds(5);
  return o;
}

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = *DocumentStore::Open(dir_.path()); }

  WorkItem Insert(const std::string& id) {
    auto item = store_->Insert(Queued(id), "original " + id);
    EXPECT_TRUE(item.ok() && item->has_value());
    return **item;
  }

  v1::StoredDocument Wait(Pipeline& pipeline, const std::string& id) {
    auto d = pipeline.WaitFor(id, absl::Now() + absl::Seconds(10));
    EXPECT_TRUE(d.ok()) << d.status();
    return *d;
  }

  TempDir dir_;
  std::unique_ptr<DocumentStore> store_;
  FakeExtractor extractor_;
  FakeSink sink_;
};

TEST_F(PipelineTest, DeliversRecordsAndMarksDone) {
  Pipeline pipeline(store_.get(), &extractor_, &sink_, Fast());
  ASSERT_TRUE(pipeline.Start().ok());
  pipeline.Enqueue(Insert("d1"));
  v1::StoredDocument done = Wait(pipeline, "d1");
  EXPECT_EQ(done.state(), v1::PROCESSING_STATE_DONE);
  EXPECT_EQ(done.entity_count(), 1);
  EXPECT_EQ(done.extractor_version(), "fake-1");
  EXPECT_TRUE(done.error().empty());

  const std::vector<extraction::v1::ExtractRequest> requests = extractor_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].text(), "Jean Exemple a rencontré Paul Modèle.");
  EXPECT_EQ(requests[0].title_hint(), "Titre d1");

  const std::vector<records::v1::DocumentRecords> received = sink_.received();
  ASSERT_EQ(received.size(), 1u);
  const records::v1::Document& d = received[0].document();
  EXPECT_EQ(d.id(), "d1");
  EXPECT_EQ(d.uri(), "dossier/d1.txt");
  EXPECT_EQ(d.clean_text(), "Jean Exemple a rencontré Paul Modèle.");
  EXPECT_EQ(d.content_sha256(), "sha-d1");
  EXPECT_EQ(d.ingested_at(), "2024-01-02T03:04:05Z");
  EXPECT_EQ(d.language(), "fr");           // from extraction
  EXPECT_EQ(d.title(), "Titre d1");        // extraction said nothing: hint
  EXPECT_EQ(d.published(), "2024-01-01");  // idem
  EXPECT_EQ(d.extractor_version(), "fake-1");
  EXPECT_EQ(received[0].entities(0).mentions(0).doc(), "d1");
  EXPECT_TRUE(store_->PendingWork()->empty());
}

TEST_F(PipelineTest, RetriesTransientFailuresOfBothCalls) {
  extractor_.FailNext(absl::UnavailableError("extraction down"));
  extractor_.FailNext(absl::DeadlineExceededError("slow"));
  sink_.FailNext(absl::UnavailableError("query down"));
  Pipeline pipeline(store_.get(), &extractor_, &sink_, Fast());
  ASSERT_TRUE(pipeline.Start().ok());
  pipeline.Enqueue(Insert("d1"));
  EXPECT_EQ(Wait(pipeline, "d1").state(), v1::PROCESSING_STATE_DONE);
  EXPECT_EQ(extractor_.calls(), 3);
  EXPECT_EQ(sink_.received().size(), 1u);
}

TEST_F(PipelineTest, PermanentFailureMarksFailedWithTheError) {
  extractor_.FailNext(absl::InvalidArgumentError("text too strange"));
  Pipeline pipeline(store_.get(), &extractor_, &sink_, Fast());
  ASSERT_TRUE(pipeline.Start().ok());
  pipeline.Enqueue(Insert("d1"));
  v1::StoredDocument failed = Wait(pipeline, "d1");
  EXPECT_EQ(failed.state(), v1::PROCESSING_STATE_FAILED);
  EXPECT_THAT(failed.error(), HasSubstr("text too strange"));
  EXPECT_EQ(extractor_.calls(), 1);
  EXPECT_TRUE(sink_.received().empty());
  EXPECT_TRUE(store_->PendingWork()->empty());
}

TEST_F(PipelineTest, SinkRejectionMarksFailed) {
  sink_.FailNext(absl::FailedPreconditionError("bad records"));
  Pipeline pipeline(store_.get(), &extractor_, &sink_, Fast());
  ASSERT_TRUE(pipeline.Start().ok());
  pipeline.Enqueue(Insert("d1"));
  v1::StoredDocument failed = Wait(pipeline, "d1");
  EXPECT_EQ(failed.state(), v1::PROCESSING_STATE_FAILED);
  EXPECT_THAT(failed.error(), HasSubstr("query"));
}

TEST_F(PipelineTest, StopInterruptsBackoffAndLeavesWorkQueued) {
  for (int i = 0; i < 100; ++i) extractor_.FailNext(absl::UnavailableError("down"));
  PipelineOptions slow = Fast();
  slow.initial_backoff = absl::Seconds(30);
  slow.max_backoff = absl::Seconds(30);
  auto pipeline = std::make_unique<Pipeline>(store_.get(), &extractor_, &sink_, slow);
  ASSERT_TRUE(pipeline->Start().ok());
  pipeline->Enqueue(Insert("d1"));
  while (extractor_.calls() == 0) absl::SleepFor(absl::Milliseconds(1));
  const absl::Time start = absl::Now();
  pipeline->Stop();
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  EXPECT_EQ(store_->Get("d1")->state(), v1::PROCESSING_STATE_QUEUED);
  EXPECT_EQ(store_->PendingWork()->size(), 1u);
}

TEST_F(PipelineTest, StopCancelsCallsInFlightAndLeavesWorkQueued) {
  extractor_.HangUntilCancelled();
  auto pipeline = std::make_unique<Pipeline>(store_.get(), &extractor_, &sink_, Fast());
  ASSERT_TRUE(pipeline->Start().ok());
  pipeline->Enqueue(Insert("d1"));
  while (extractor_.calls() == 0) absl::SleepFor(absl::Milliseconds(1));
  pipeline->Stop();
  // Cancelled by shutdown is not a failure of the document.
  EXPECT_EQ(store_->Get("d1")->state(), v1::PROCESSING_STATE_QUEUED);
  EXPECT_EQ(store_->PendingWork()->size(), 1u);
}

TEST_F(PipelineTest, ResumesQueuedWorkAfterRestart) {
  Insert("d1");
  Insert("d2");
  store_.reset();  // "crash" before any processing
  store_ = *DocumentStore::Open(dir_.path());
  Pipeline pipeline(store_.get(), &extractor_, &sink_, Fast());
  ASSERT_TRUE(pipeline.Start().ok());
  EXPECT_EQ(Wait(pipeline, "d1").state(), v1::PROCESSING_STATE_DONE);
  EXPECT_EQ(Wait(pipeline, "d2").state(), v1::PROCESSING_STATE_DONE);
  EXPECT_EQ(sink_.received().size(), 2u);
  EXPECT_TRUE(store_->PendingWork()->empty());
}

TEST_F(PipelineTest, WaitForReturnsQueuedAtTheDeadline) {
  Insert("d1");
  Pipeline pipeline(store_.get(), &extractor_, &sink_, Fast());  // not started
  auto d = pipeline.WaitFor("d1", absl::Now() + absl::Milliseconds(50));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->state(), v1::PROCESSING_STATE_QUEUED);
  bool asked = false;
  auto c = pipeline.WaitFor("d1", absl::InfiniteFuture(), [&] { return asked = true; });
  EXPECT_TRUE(asked);
  EXPECT_EQ(c->state(), v1::PROCESSING_STATE_QUEUED);
  EXPECT_TRUE(absl::IsNotFound(pipeline.WaitFor("nope", absl::Now()).status()));
}

TEST(BuildRecordsTest, ExtractionValuesWinOverHints) {
  v1::StoredDocument doc = Queued("d9");
  doc.set_language_hint("en");
  doc.set_source_hint("Le Journal");
  extraction::v1::ExtractResponse extracted;
  extracted.set_extractor_version("v2");
  auto* d = extracted.mutable_records()->mutable_document();
  d->set_title("Titre lu dans le texte");
  d->set_id("ignored");
  auto* event = extracted.mutable_records()->add_events();
  event->add_evidence()->set_start(1);
  records::v1::DocumentRecords r = BuildRecords(doc, extracted);
  EXPECT_EQ(r.document().id(), "d9");
  EXPECT_EQ(r.document().title(), "Titre lu dans le texte");
  EXPECT_EQ(r.document().language(), "en");
  EXPECT_EQ(r.document().source(), "Le Journal");
  EXPECT_EQ(r.document().extractor_version(), "v2");
  EXPECT_EQ(r.events(0).evidence(0).doc(), "d9");
  EXPECT_EQ(r.events(0).docs(0), "d9");
}

TEST(IsTransientTest, Codes) {
  EXPECT_TRUE(IsTransient(absl::UnavailableError("")));
  EXPECT_TRUE(IsTransient(absl::DeadlineExceededError("")));
  EXPECT_FALSE(IsTransient(absl::InvalidArgumentError("")));
  EXPECT_FALSE(IsTransient(absl::InternalError("")));
}

}  // namespace
}  // namespace dragoman::ingest
