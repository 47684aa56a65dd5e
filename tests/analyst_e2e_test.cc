// The analyst reads of QueryService v1.1 end to end: the real services
// ingest samples/ (our own articles), then Timeline, SearchEntities,
// Search, GetAnnotatedDocument, GetCitedEvent, the new ListEvents filters
// and the cited relation profile are asked over gRPC and through the
// `dragoman` CLI. Every citation is checked against the stored clean text.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cli/documents.h"
#include "common/text/utf8.h"
#include "dragoman/ingest/v1/ingest.grpc.pb.h"
#include "dragoman/query/v1/query.grpc.pb.h"
#include "tests/testing/cluster.h"

namespace dragoman {
namespace {

namespace qv1 = query::v1;
namespace rv1 = records::v1;

std::string Collapse(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

class AnalystTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cluster_ = new testing::Cluster();
    const absl::Status started = cluster_->Start();
    ASSERT_TRUE(started.ok()) << started;
    auto ingest = ingest::v1::IngestService::NewStub(
        grpc::CreateChannel(cluster_->ingest_target(), grpc::InsecureChannelCredentials()));
    query_ = qv1::QueryService::NewStub(grpc::CreateChannel(cluster_->query_target(),
                                                            grpc::InsecureChannelCredentials()))
                 .release();
    ids_ = new std::map<std::string, std::string>();
    for (const auto& entry : std::filesystem::directory_iterator(testing::SourceDir() + "/samples")) {
      absl::StatusOr<std::string> bytes = cli::ReadFileBytes(entry.path().string());
      ASSERT_TRUE(bytes.ok()) << bytes.status();
      ingest::v1::IngestDocumentRequest request;
      request.set_uri(entry.path().filename().string());
      request.set_content(*bytes);
      request.set_wait_for_processing(true);
      if (absl::StartsWith(request.uri(), "agence_")) request.set_published_hint("2025-04-09");
      ingest::v1::IngestDocumentResponse response;
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
      const grpc::Status status = ingest->IngestDocument(&context, request, &response);
      ASSERT_TRUE(status.ok()) << request.uri() << ": " << status.error_message();
      ASSERT_EQ(response.state(), ingest::v1::PROCESSING_STATE_DONE) << response.error();
      (*ids_)[request.uri()] = response.document_id();
    }
  }
  static void TearDownTestSuite() {
    delete query_;
    delete ids_;
    delete cluster_;
  }

  static std::string CleanText(const std::string& doc) {
    auto it = texts_.find(doc);
    if (it != texts_.end()) return it->second;
    qv1::GetDocumentRequest request;
    request.set_document_id(doc);
    rv1::Document d;
    grpc::ClientContext context;
    EXPECT_TRUE(query_->GetDocument(&context, request, &d).ok()) << doc;
    return texts_[doc] = d.clean_text();
  }

  // A citation reads what it claims: its sentence is the stored text at
  // the sentence span, and contains the cited span.
  static void ExpectFaithful(const qv1::Citation& c) {
    const std::string text = CleanText(c.doc());
    EXPECT_FALSE(c.uri().empty());
    EXPECT_LE(c.sentence_start(), c.start());
    EXPECT_GE(c.sentence_end(), c.end());
    EXPECT_EQ(c.sentence(),
              Collapse(text::SliceCodePoints(text, c.sentence_start(), c.sentence_end())));
    EXPECT_TRUE(absl::StrContains(
        c.sentence(), Collapse(text::SliceCodePoints(text, c.start(), c.end()))));
  }

  // `dragoman COMMAND ARGS` against this test's cluster.
  static testing::CommandResult Dragoman(const std::string& command_and_args) {
    const size_t space = command_and_args.find(' ');
    const std::string command = command_and_args.substr(0, space);
    const std::string rest = space == std::string::npos ? "" : command_and_args.substr(space);
    return testing::RunCommand(absl::StrCat(testing::ShellQuote(testing::BinDir() + "/dragoman"),
                                            " ", command, " --base-port ", cluster_->base_port(),
                                            rest));
  }

  static testing::Cluster* cluster_;
  static qv1::QueryService::Stub* query_;
  static std::map<std::string, std::string>* ids_;  // uri -> document id
  static std::map<std::string, std::string> texts_;
};

testing::Cluster* AnalystTest::cluster_ = nullptr;
qv1::QueryService::Stub* AnalystTest::query_ = nullptr;
std::map<std::string, std::string>* AnalystTest::ids_ = nullptr;
std::map<std::string, std::string> AnalystTest::texts_;

TEST_F(AnalystTest, TimelineOfAPersonIsDatedAndCited) {
  qv1::TimelineRequest request;
  request.set_person("Wang Yi");
  request.set_page_size(2);
  std::vector<qv1::TimelineEntry> entries;
  for (int page = 0; page < 20; ++page) {
    qv1::TimelineResponse response;
    grpc::ClientContext context;
    const grpc::Status status = query_->Timeline(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    entries.insert(entries.end(), response.entries().begin(), response.entries().end());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  ASSERT_GE(entries.size(), 4u);
  std::string previous;
  for (const qv1::TimelineEntry& e : entries) {
    ASSERT_TRUE(e.event().has_date()) << e.event().id();
    EXPECT_GE(e.event().date(), previous);
    previous = e.event().date();
    ASSERT_FALSE(e.citations().empty()) << e.event().id();
    for (const qv1::Citation& c : e.citations()) ExpectFaithful(c);
  }
}

TEST_F(AnalystTest, SearchEntitiesFindsRomanizationsAndAliases) {
  for (const auto& [query, id] : std::vector<std::pair<std::string, std::string>>{
           {"kouloub", "person:jenbek-kulubaev"},
           {"noursoultan", "place:astana"},
           {"WANG YI", "person:wang-yi"},
           {"Nurtelu", "person:murat-nurtleu"}}) {
    qv1::SearchEntitiesRequest request;
    request.set_query(query);
    qv1::SearchEntitiesResponse response;
    grpc::ClientContext context;
    ASSERT_TRUE(query_->SearchEntities(&context, request, &response).ok()) << query;
    ASSERT_FALSE(response.matches().empty()) << query;
    EXPECT_EQ(response.matches(0).entity().id(), id) << query;
  }
}

TEST_F(AnalystTest, RankedSearchCitesTheBestSentence) {
  qv1::SearchRequest request;
  request.set_query("gazoduc");
  qv1::SearchResponse response;
  grpc::ClientContext context;
  ASSERT_TRUE(query_->Search(&context, request, &response).ok());
  ASSERT_GE(response.hits_size(), 1);
  EXPECT_EQ(response.hits(0).document().id(), (*ids_)["agence_visite_meredov_pekin.txt"]);
  ExpectFaithful(response.hits(0).snippet());
  EXPECT_TRUE(absl::StrContains(response.hits(0).snippet().sentence(), "gazoduc"));
}

TEST_F(AnalystTest, NewListEventsFiltersAndProfileCitations) {
  qv1::ListEventsRequest place;
  place.set_place("Almaty");
  qv1::ListEventsResponse events;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(query_->ListEvents(&context, place, &events).ok());
  }
  ASSERT_GE(events.events_size(), 1);
  ASSERT_EQ(events.citations_size(), events.events_size());
  for (const auto& e : events.events()) EXPECT_EQ(e.location(), "place:almaty");
  for (const auto& cs : events.citations()) {
    for (const auto& c : cs.citations()) ExpectFaithful(c);
  }

  qv1::ListEventsRequest calls;
  calls.set_type(rv1::EVENT_TYPE_PHONE_CALL);
  calls.add_countries("TJ");
  calls.add_countries("UZ");
  calls.set_country_match(qv1::COUNTRY_MATCH_ANY);
  {
    grpc::ClientContext context;
    ASSERT_TRUE(query_->ListEvents(&context, calls, &events).ok());
  }
  ASSERT_GE(events.events_size(), 1);
  for (const auto& e : events.events()) EXPECT_EQ(e.type(), rv1::EVENT_TYPE_PHONE_CALL);

  qv1::GetRelationProfileRequest request;
  request.add_countries("CN");
  request.add_countries("KZ");
  qv1::RelationProfile profile;
  grpc::ClientContext context;
  ASSERT_TRUE(query_->GetRelationProfile(&context, request, &profile).ok());
  ASSERT_FALSE(profile.key_actors().empty());
  std::map<std::string, std::string> names;
  for (const auto& e : profile.referenced_entities()) names[e.id()] = e.name();
  for (const qv1::ProfileLine& actor : profile.key_actors()) {
    ASSERT_FALSE(actor.citations().empty()) << actor.key();
    for (const qv1::Citation& c : actor.citations()) {
      ExpectFaithful(c);
      // The cited span is the actor's own mention.
      const std::string surface = text::SliceCodePoints(CleanText(c.doc()), c.start(), c.end());
      const std::string family = names[actor.key()].substr(names[actor.key()].rfind(' ') + 1);
      EXPECT_TRUE(absl::StrContains(surface, family)) << surface << " / " << names[actor.key()];
    }
  }
  ASSERT_TRUE(profile.has_first_event());
  for (const auto& c : profile.first_event().citations()) ExpectFaithful(c);
}

TEST_F(AnalystTest, AnnotatedDocumentSpansReadTheirMentions) {
  qv1::GetDocumentRequest request;
  request.set_document_id((*ids_)["mfa_wang_yi_nurtleu_beijing.txt"]);
  qv1::AnnotatedDocument d;
  grpc::ClientContext context;
  ASSERT_TRUE(query_->GetAnnotatedDocument(&context, request, &d).ok());
  std::set<std::string> kinds;
  bool wang = false;
  for (const qv1::Annotation& a : d.annotations()) {
    kinds.insert(a.kind());
    const std::string surface =
        text::SliceCodePoints(d.document().clean_text(), a.span().start(), a.span().end());
    EXPECT_FALSE(surface.empty());
    if (a.kind() == "mention" && a.ref() == "person:wang-yi") {
      EXPECT_EQ(surface, "Wang Yi");
      wang = true;
    }
    if (a.kind() == "event") EXPECT_FALSE(a.ref().empty()) << surface;
  }
  EXPECT_TRUE(wang);
  EXPECT_EQ(kinds, (std::set<std::string>{"event", "mention", "office"}));
}

TEST_F(AnalystTest, CliCommandsPrintCitedAnswers) {
  testing::CommandResult r = Dragoman("entity kouloub");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(absl::StrContains(r.output, "Zheenbek Kulubaev")) << r.output;

  r = Dragoman("timeline --country CN --country KZ");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(absl::StrContains(r.output, "  [mfa_wang_yi_nurtleu_beijing.txt] ")) << r.output;

  r = Dragoman("timeline --person 'Wang Yi' --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::vector<std::string> lines = absl::StrSplit(r.output, '\n', absl::SkipEmpty());
  ASSERT_GE(lines.size(), 4u);
  std::string event_id;
  for (const std::string& line : lines) {
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << line;
    EXPECT_FALSE(j["citations"].empty()) << line;
    event_id = j["event"]["id"];
  }

  r = Dragoman("event " + testing::ShellQuote(event_id));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(absl::StrContains(r.output, "evidence:\n  [")) << r.output;
  EXPECT_EQ(Dragoman("event event:none").exit_code, 1);

  r = Dragoman("profile cn kz");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(absl::StartsWith(r.output, "CN-KZ: ")) << r.output;
  EXPECT_TRUE(absl::StrContains(r.output, "key actors:")) << r.output;

  r = Dragoman("search gazoduc");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(absl::StrContains(r.output, "agence_visite_meredov_pekin.txt")) << r.output;

  r = Dragoman("doc " + (*ids_)["mfa_wang_yi_nurtleu_beijing.txt"] + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json doc = nlohmann::json::parse(r.output, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << r.output;
  EXPECT_FALSE(doc["annotations"].empty());

  r = Dragoman("events --type phone_call");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(absl::StrContains(r.output, "phone_call")) << r.output;
  EXPECT_FALSE(absl::StrContains(r.output, " meeting ")) << r.output;

  EXPECT_EQ(Dragoman("events --type nonsense").exit_code, 2);
  EXPECT_EQ(Dragoman("timeline").exit_code, 2);
  EXPECT_EQ(Dragoman("profile").exit_code, 2);
}

}  // namespace
}  // namespace dragoman
