#include "services/ingest/ingestor.h"

#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/ingest/alignment.h"
#include "services/ingest/test_util.h"

namespace dragoman::ingest {
namespace {

using testing::FakeExtractor;
using testing::FakeSink;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using testing::TempDir;

constexpr char kText[] =
    "Un communiqué\n\nLe 3 mai, la ministre Anne Exemple a reçu son homologue.\n\n"
    "Imprimer\n";

v1::IngestDocumentRequest Request(const std::string& content, const std::string& uri) {
  v1::IngestDocumentRequest r;
  r.set_content(content);
  r.set_uri(uri);
  return r;
}

class IngestorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = *DocumentStore::Open(dir_.path());
    PipelineOptions o;
    o.initial_backoff = absl::Milliseconds(1);
    o.max_backoff = absl::Milliseconds(5);
    pipeline_ = std::make_unique<Pipeline>(store_.get(), &extractor_, &sink_, o);
    ingestor_ = std::make_unique<Ingestor>(store_.get(), pipeline_.get());
  }
  void TearDown() override { pipeline_->Stop(); }

  absl::Time Soon() const { return absl::Now() + absl::Seconds(10); }

  TempDir dir_;
  std::unique_ptr<DocumentStore> store_;
  FakeExtractor extractor_;
  FakeSink sink_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<Ingestor> ingestor_;
};

TEST(Sha256Test, KnownVectorsAndIdShape) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(DocumentIdFor("abc"), "dba7816bf8f01cfea");
}

TEST_F(IngestorTest, StoresCleanTextAndQueuesIt) {
  auto r = ingestor_->Ingest(Request(kText, "a/communique.txt"), Soon());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->document_id(), DocumentIdFor(kText));
  EXPECT_THAT(r->document_id(), MatchesRegex("d[0-9a-f]{16}"));
  EXPECT_FALSE(r->already_stored());
  EXPECT_EQ(r->state(), v1::PROCESSING_STATE_QUEUED);
  EXPECT_EQ(r->uri(), "a/communique.txt");

  v1::GetDocumentRequest get;
  get.set_document_id(r->document_id());
  get.set_include_original(true);
  auto stored = ingestor_->Get(get);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->clean_text(),
            "Un communiqué\n\nLe 3 mai, la ministre Anne Exemple a reçu son homologue.");
  EXPECT_EQ(stored->original(), kText);
  EXPECT_EQ(stored->content_type(), "text/plain");
  EXPECT_EQ(stored->content_sha256(), Sha256Hex(kText));
  EXPECT_THAT(stored->ingested_at(), MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T.*Z"));
  EXPECT_GT(stored->alignment().clean_length_size(), 0);
  EXPECT_EQ(store_->PendingWork()->size(), 1u);
  get.set_include_original(false);
  EXPECT_TRUE(ingestor_->Get(get)->original().empty());
}

TEST_F(IngestorTest, StoredAlignmentMapsSpansBackToTheOriginal) {
  const std::string html =
      "<html><body><nav>Menu</nav><p>La ministre Anne&nbsp;Exemple a re&ccedil;u "
      "M.&nbsp;Paul Mod\xC3\xA8le.</p></body></html>";
  auto r = ingestor_->Ingest(Request(html, "page.html"), Soon());
  ASSERT_TRUE(r.ok()) << r.status();
  v1::GetDocumentRequest get;
  get.set_document_id(r->document_id());
  auto stored = ingestor_->Get(get);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->clean_text(), "La ministre Anne Exemple a re\xC3\xA7u M. Paul Mod\xC3\xA8le.");
  normalize::SourceMap map(stored->clean_text(), AlignmentFromProto(stored->alignment()));
  auto slice = [&](int begin, int end) {
    auto [b, e] = map.ToSource(begin, end);
    return html.substr(b, e - b);
  };
  EXPECT_EQ(slice(12, 24), "Anne&nbsp;Exemple");  // code points of "Anne Exemple"
  EXPECT_EQ(slice(27, 31), "re&ccedil;u");
  EXPECT_EQ(slice(35, 46), "Paul Mod\xC3\xA8le");
}

TEST_F(IngestorTest, SameBytesTwiceAreStoredOnce) {
  auto first = ingestor_->Ingest(Request(kText, "one.txt"), Soon());
  auto second = ingestor_->Ingest(Request(kText, "two.txt"), Soon());
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->document_id(), second->document_id());
  EXPECT_TRUE(second->already_stored());
  EXPECT_EQ(second->uri(), "two.txt");
  v1::GetDocumentRequest get;
  get.set_document_id(first->document_id());
  EXPECT_EQ(ingestor_->Get(get)->uri(), "one.txt");
  EXPECT_EQ(store_->PendingWork()->size(), 1u);
}

// A story written for these tests, and the same story as another outlet
// wraps it (its own header and footer).
constexpr char kStory[] =
    "Le ministre des Affaires étrangères de Valmerie, Oskar Brandt, a reçu jeudi à Port-Lune "
    "son homologue de Castelnau, Ines Aubrac, pour un entretien consacré au commerce fluvial, "
    "aux visas étudiants et à la gestion commune du bassin de la Sorne. Les deux ministres "
    "ont salué la reprise des liaisons ferroviaires et sont convenus de réunir avant la fin "
    "de l'année la commission mixte chargée des questions frontalières.";

TEST_F(IngestorTest, NearDuplicatePointsAtTheEarliestStoredOriginal) {
  auto first = ingestor_->Ingest(
      Request(std::string("Agence Alpha - Monde\n\n") + kStory, "alpha.txt"), Soon());
  auto second = ingestor_->Ingest(
      Request(std::string(kStory) + "\n\nLe Courrier de l'Est, tous droits réservés.",
              "courrier.txt"),
      Soon());
  auto third = ingestor_->Ingest(
      Request(std::string("Revue de presse\n\n") + kStory + "\n\nPartager", "revue.txt"), Soon());
  auto unrelated = ingestor_->Ingest(Request(kText, "other.txt"), Soon());
  ASSERT_TRUE(first.ok() && second.ok() && third.ok() && unrelated.ok());
  EXPECT_EQ(first->duplicate_of(), "");
  EXPECT_FALSE(second->already_stored());
  EXPECT_EQ(second->duplicate_of(), first->document_id());
  // Also similar to the second, but the chain ends at the original.
  EXPECT_EQ(third->duplicate_of(), first->document_id());
  EXPECT_EQ(unrelated->duplicate_of(), "");
  v1::GetDocumentRequest get;
  get.set_document_id(second->document_id());
  EXPECT_EQ(ingestor_->Get(get)->duplicate_of(), first->document_id());

  // Query learns it with the records.
  ASSERT_TRUE(pipeline_->Start().ok());
  ASSERT_TRUE(pipeline_->WaitFor(third->document_id(), Soon()).ok());
  bool seen = false;
  for (const records::v1::DocumentRecords& r : sink_.received()) {
    if (r.document().id() == third->document_id()) {
      seen = true;
      EXPECT_EQ(r.document().duplicate_of(), first->document_id());
    }
    if (r.document().id() == first->document_id()) EXPECT_FALSE(r.document().has_duplicate_of());
  }
  EXPECT_TRUE(seen);
}

TEST_F(IngestorTest, ReprocessRunsExtractionAgainWithTheSameRecords) {
  ASSERT_TRUE(pipeline_->Start().ok());
  v1::IngestDocumentRequest a = Request(kText, "a.txt");
  a.set_wait_for_processing(true);
  v1::IngestDocumentRequest b = Request(kStory, "b.txt");
  b.set_wait_for_processing(true);
  auto ra = ingestor_->Ingest(a, Soon());
  auto rb = ingestor_->Ingest(b, Soon());
  ASSERT_TRUE(ra.ok() && rb.ok());
  ASSERT_EQ(sink_.received().size(), 2u);
  const int calls = extractor_.calls();

  v1::ReprocessRequest all;
  all.set_wait_for_processing(true);
  auto r = ingestor_->Reprocess(all, Soon());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->queued(), 2);
  EXPECT_EQ(r->done(), 2);
  EXPECT_EQ(r->already_queued(), 0);
  EXPECT_EQ(extractor_.calls(), calls + 2);
  // Nothing changed in extraction, so query receives the same records.
  const std::vector<records::v1::DocumentRecords> received = sink_.received();
  ASSERT_EQ(received.size(), 4u);
  for (size_t i = 0; i < 2; ++i) {
    bool same = false;
    for (size_t j = 2; j < 4; ++j) {
      same |= received[i].SerializeAsString() == received[j].SerializeAsString();
    }
    EXPECT_TRUE(same) << received[i].document().id();
  }
  // Nothing re-ingested: still two documents, both DONE.
  auto list = ingestor_->List(v1::ListDocumentsRequest());
  ASSERT_EQ(list->documents_size(), 2);
  for (const v1::StoredDocument& d : list->documents()) {
    EXPECT_EQ(d.state(), v1::PROCESSING_STATE_DONE);
  }

  // One document by id; unknown ids queue nothing.
  v1::ReprocessRequest one;
  one.add_document_ids(ra->document_id());
  one.set_wait_for_processing(true);
  auto r1 = ingestor_->Reprocess(one, Soon());
  ASSERT_TRUE(r1.ok());
  EXPECT_EQ(r1->queued(), 1);
  EXPECT_EQ(r1->document_ids(0), ra->document_id());
  v1::ReprocessRequest unknown;
  unknown.add_document_ids(rb->document_id());
  unknown.add_document_ids("dnope");
  auto r2 = ingestor_->Reprocess(unknown, Soon());
  EXPECT_TRUE(absl::IsNotFound(r2.status())) << r2.status();
  EXPECT_EQ(extractor_.calls(), calls + 3);
}

TEST_F(IngestorTest, ReprocessGoesThroughThePersistedQueue) {
  // Not started: the work must wait in the store's queue.
  auto ra = ingestor_->Ingest(Request(kText, "a.txt"), Soon());
  ASSERT_TRUE(ra.ok());
  auto again = ingestor_->Reprocess(v1::ReprocessRequest(), Soon());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->queued(), 0);  // still queued from ingest
  EXPECT_EQ(again->already_queued(), 1);
  ASSERT_TRUE(pipeline_->Start().ok());
  ASSERT_TRUE(pipeline_->WaitFor(ra->document_id(), Soon()).ok());
  pipeline_->Stop();
  auto r = ingestor_->Reprocess(v1::ReprocessRequest(), Soon());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->queued(), 1);
  ASSERT_EQ(store_->PendingWork()->size(), 1u);
  EXPECT_EQ((*store_->PendingWork())[0].document_id, ra->document_id());
}

TEST_F(IngestorTest, FullOutboxRefusesNewDocumentsWithRetryAdvice) {
  IngestorOptions options;
  options.max_outbox = 2;
  options.retry_after = absl::Milliseconds(1500);
  Ingestor ingestor(store_.get(), pipeline_.get(), options);
  // The pipeline is not started: stored documents stay in the outbox.
  ASSERT_TRUE(ingestor.Ingest(Request("Premier document.", "1.txt"), Soon()).ok());
  ASSERT_TRUE(ingestor.Ingest(Request("Deuxième document.", "2.txt"), Soon()).ok());
  auto refused = ingestor.Ingest(Request("Troisième document.", "3.txt"), Soon());
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(absl::IsResourceExhausted(refused.status())) << refused.status();
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("outbox is full"));
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("retry in 1500 ms"));
  auto advice = refused.status().GetPayload(kRetryAfterMsPayload);
  ASSERT_TRUE(advice.has_value());
  EXPECT_EQ(std::string(*advice), "1500");
  EXPECT_EQ(store_->PendingWork()->size(), 2u);  // nothing stored for it

  // What is stored already is still answered.
  auto again = ingestor.Ingest(Request("Premier document.", "1bis.txt"), Soon());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->already_stored());

  // In a batch, everything new after the first refusal is refused too.
  v1::IngestDocumentRequest a = Request("Quatrième document.", "4.txt");
  v1::IngestDocumentRequest b = Request("Deuxième document.", "2ter.txt");
  auto batch = ingestor.IngestBatch({&a, &b}, Soon());
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_TRUE(absl::IsResourceExhausted(batch[0].status()));
  ASSERT_TRUE(batch[1].ok());
  EXPECT_TRUE(batch[1]->already_stored());

  // Once the pipeline drains the outbox, documents are accepted again.
  ASSERT_TRUE(pipeline_->Start().ok());
  auto waited = pipeline_->WaitFor(DocumentIdFor("Deuxième document."), Soon());
  ASSERT_TRUE(waited.ok());
  EXPECT_EQ(waited->state(), v1::PROCESSING_STATE_DONE);
  auto accepted = ingestor.Ingest(Request("Troisième document.", "3.txt"), Soon());
  EXPECT_TRUE(accepted.ok()) << accepted.status();
}

TEST_F(IngestorTest, BatchAnswersEachRequestInOrder) {
  std::vector<v1::IngestDocumentRequest> requests = {
      Request(kText, "a.txt"), Request(std::string("\xFF\xFE", 2), "bad.txt"),
      Request(kText, "again.txt"), Request("Un autre texte.", "b.txt")};
  std::vector<const v1::IngestDocumentRequest*> pointers;
  for (const auto& r : requests) pointers.push_back(&r);
  auto results = ingestor_->IngestBatch(pointers, Soon());
  ASSERT_EQ(results.size(), 4u);
  ASSERT_TRUE(results[0].ok());
  EXPECT_FALSE(results[0]->already_stored());
  EXPECT_TRUE(absl::IsInvalidArgument(results[1].status()));
  ASSERT_TRUE(results[2].ok());
  EXPECT_TRUE(results[2]->already_stored());  // same bytes earlier in the batch
  EXPECT_EQ(results[2]->document_id(), results[0]->document_id());
  EXPECT_EQ(results[2]->uri(), "again.txt");
  ASSERT_TRUE(results[3].ok());
  EXPECT_EQ(results[3]->state(), v1::PROCESSING_STATE_QUEUED);
  EXPECT_EQ(store_->PendingWork()->size(), 2u);
}

TEST_F(IngestorTest, RejectsOversizedDocumentsClearly) {
  const std::string big(kMaxDocumentBytes + 1, 'a');
  auto r = ingestor_->Ingest(Request(big, "big.txt"), Soon());
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(absl::IsInvalidArgument(r.status()));
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("8 MiB"));
}

TEST_F(IngestorTest, RejectsBadContentAndStoresNothing) {
  for (const std::string& bad : {std::string("abc\0def", 7), std::string("caf\xE9 au lait"),
                                 std::string("  \n "), std::string("%PDF-1.4")}) {
    auto r = ingestor_->Ingest(Request(bad, "bad.txt"), Soon());
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(absl::IsInvalidArgument(r.status())) << r.status();
    EXPECT_THAT(std::string(r.status().message()), HasSubstr("bad.txt"));
  }
  EXPECT_TRUE(ingestor_->List(v1::ListDocumentsRequest())->documents().empty());
}

TEST_F(IngestorTest, WaitForProcessingReturnsTheOutcome) {
  ASSERT_TRUE(pipeline_->Start().ok());
  v1::IngestDocumentRequest request = Request(kText, "a.txt");
  request.set_wait_for_processing(true);
  auto r = ingestor_->Ingest(request, Soon());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->state(), v1::PROCESSING_STATE_DONE);
  EXPECT_EQ(r->entity_count(), 1);
  // Asking again for the same bytes returns the finished state at once.
  auto again = ingestor_->Ingest(request, Soon());
  EXPECT_TRUE(again->already_stored());
  EXPECT_EQ(again->state(), v1::PROCESSING_STATE_DONE);
}

TEST_F(IngestorTest, WaitForProcessingStopsBeforeTheDeadline) {
  for (int i = 0; i < 1000; ++i) extractor_.FailNext(absl::UnavailableError("down"));
  ASSERT_TRUE(pipeline_->Start().ok());
  v1::IngestDocumentRequest request = Request(kText, "a.txt");
  request.set_wait_for_processing(true);
  const absl::Time start = absl::Now();
  auto r = ingestor_->Ingest(request, start + absl::Milliseconds(600));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->state(), v1::PROCESSING_STATE_QUEUED);
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(600));
}

TEST_F(IngestorTest, DocumentHintsBeatClientHints) {
  const std::string html =
      "<html lang=\"fr\"><body><h1>Un titre</h1><time datetime=\"2024-05-03\">3 mai</time>"
      "<p>Le corps de la page.</p></body></html>";
  v1::IngestDocumentRequest request = Request(html, "page");
  request.set_published_hint("2020-01-01");
  request.set_language_hint("en");
  request.set_source_hint("Client Source");
  auto r = ingestor_->Ingest(request, Soon());
  ASSERT_TRUE(r.ok()) << r.status();
  v1::GetDocumentRequest get;
  get.set_document_id(r->document_id());
  auto d = ingestor_->Get(get);
  EXPECT_EQ(d->content_type(), "text/html");
  EXPECT_EQ(d->title_hint(), "Un titre");
  EXPECT_EQ(d->published_hint(), "2024-05-03");
  EXPECT_EQ(d->language_hint(), "fr");
  EXPECT_EQ(d->source_hint(), "Client Source");  // the page names no outlet
}

TEST_F(IngestorTest, ListValidatesPageSize) {
  ASSERT_TRUE(ingestor_->Ingest(Request(kText, "a.txt"), Soon()).ok());
  v1::ListDocumentsRequest list;
  auto page = ingestor_->List(list);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->documents_size(), 1);
  EXPECT_TRUE(page->documents(0).clean_text().empty());
  list.set_page_size(-1);
  EXPECT_TRUE(absl::IsInvalidArgument(ingestor_->List(list).status()));
  v1::GetDocumentRequest get;
  EXPECT_TRUE(absl::IsInvalidArgument(ingestor_->Get(get).status()));
  get.set_document_id("dnothere");
  EXPECT_TRUE(absl::IsNotFound(ingestor_->Get(get).status()));
}

}  // namespace
}  // namespace dragoman::ingest
