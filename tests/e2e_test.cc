// End to end: the three real service binaries on free loopback ports, driven
// over gRPC the way the CLI and analysts drive them.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "cli/process.h"
#include "common/records/contract_json.h"
#include "common/text/utf8.h"
#include "dragoman/ingest/v1/ingest.grpc.pb.h"
#include "dragoman/query/v1/query.grpc.pb.h"
#include "tests/testing/cluster.h"

namespace dragoman {
namespace {

using ingest::v1::IngestDocumentRequest;
using ingest::v1::IngestDocumentResponse;
using ingest::v1::IngestService;
using query::v1::ListEventsRequest;
using query::v1::ListEventsResponse;
using query::v1::QueryService;
using records::v1::Event;

// Test documents, written for this test.
constexpr char kMeetingUri[] = "inline/mfa-wang-yi-nurtleu.txt";
constexpr char kMeeting[] =
    "Ministère des Affaires étrangères\n"
    "République populaire de Chine\n"
    "Activités du Ministre\n"
    "\n"
    "Wang Yi s'entretient avec Murat Nurtleu à Pékin\n"
    "\n"
    "2025-03-14 18:20\n"
    "\n"
    "Le 14 mars 2025, à Pékin, le ministre chinois des Affaires étrangères Wang Yi s'est "
    "entretenu avec Murat Nurtleu, ministre kazakh des Affaires étrangères et "
    "vice-Premier ministre.\n"
    "\n"
    "Les deux ministres ont passé en revue les liaisons ferroviaires, le partage de l'eau "
    "des rivières frontalières et les échanges d'étudiants. Wang Yi a souhaité que les "
    "chantiers décidés par les deux capitales avancent plus vite. Murat Nurtleu a assuré "
    "que son pays tenait à ce voisinage apaisé.\n";

constexpr char kCallUri[] = "inline/agence-muhriddin-appel.txt";
constexpr char kCall[] =
    "Muhriddin et Wang Yi font le point au téléphone\n"
    "\n"
    "DOUCHANBÉ, 9 avril (Agence) -- Le ministre tadjik des Affaires étrangères, Sirojiddin "
    "Muhriddin, a eu mardi un entretien téléphonique avec le ministre chinois des Affaires "
    "étrangères, Wang Yi, a fait savoir mercredi la diplomatie tadjike.\n"
    "\n"
    "Selon ce communiqué, la conversation a porté sur la sécurité le long de la frontière "
    "commune et sur l'achèvement d'une route de montagne financée en partie par Pékin.\n";

constexpr char kEnglishUri[] = "inline/english-saidov-nurtleu.txt";
constexpr char kEnglish[] =
    "Ministry of Foreign Affairs of the Republic of Uzbekistan\n"
    "\n"
    "Bakhtiyor Saidov holds talks with Murat Nurtleu in Tashkent\n"
    "\n"
    "Tashkent, 5 May 2025\n"
    "\n"
    "On 5 May 2025 the Minister of Foreign Affairs of Uzbekistan, Bakhtiyor Saidov, met "
    "Murat Nurtleu, Deputy Prime Minister and Minister of Foreign Affairs of Kazakhstan, "
    "in Tashkent. The ministers reviewed border crossings and joint water management.\n";

class EndToEndTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cluster_ = new testing::Cluster();
    const absl::Status started = cluster_->Start();
    ASSERT_TRUE(started.ok()) << started;
    ingest_ = IngestService::NewStub(
        grpc::CreateChannel(cluster_->ingest_target(), grpc::InsecureChannelCredentials()))
                  .release();
    query_ = QueryService::NewStub(
        grpc::CreateChannel(cluster_->query_target(), grpc::InsecureChannelCredentials()))
                 .release();
    ids_ = new std::map<std::string, std::string>();
    for (const auto& [uri, text] : std::vector<std::pair<const char*, const char*>>{
             {kMeetingUri, kMeeting}, {kCallUri, kCall}, {kEnglishUri, kEnglish}}) {
      IngestDocumentRequest request;
      request.set_uri(uri);
      request.set_content(text);
      request.set_wait_for_processing(true);
      // Agency dispatches carry no year; the client knows when it was published.
      if (std::string(uri) == kCallUri) request.set_published_hint("2025-04-09");
      IngestDocumentResponse response;
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
      const grpc::Status status = ingest_->IngestDocument(&context, request, &response);
      ASSERT_TRUE(status.ok()) << uri << ": " << status.error_message();
      ASSERT_EQ(response.state(), ingest::v1::PROCESSING_STATE_DONE)
          << uri << ": " << response.error();
      EXPECT_FALSE(response.document_id().empty());
      EXPECT_EQ(response.uri(), uri);
      EXPECT_GT(response.entity_count(), 0) << uri;
      EXPECT_GT(response.event_count(), 0) << uri;
      (*ids_)[uri] = response.document_id();
    }
  }

  static void TearDownTestSuite() {
    delete ingest_;
    delete query_;
    delete ids_;
    delete cluster_;  // SIGKILLs; the clean-exit check is ShutdownTest below
  }

  // Every event ListEvents returns for `request`, following page tokens,
  // with the entities they reference.
  static std::vector<Event> ListAll(ListEventsRequest request,
                                    std::map<std::string, std::string>* names = nullptr) {
    std::vector<Event> events;
    request.set_page_size(2);  // small pages, so paging is exercised
    for (int page = 0; page < 100; ++page) {
      ListEventsResponse response;
      grpc::ClientContext context;
      const grpc::Status status = query_->ListEvents(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      events.insert(events.end(), response.events().begin(), response.events().end());
      if (names != nullptr) {
        for (const auto& e : response.referenced_entities()) (*names)[e.id()] = e.name();
      }
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return events;
  }

  static std::set<std::string> ParticipantNames(const Event& e,
                                                const std::map<std::string, std::string>& names) {
    std::set<std::string> out;
    for (const auto& p : e.participants()) {
      auto it = names.find(p.entity());
      out.insert(it == names.end() ? p.entity() : it->second);
    }
    return out;
  }

  static grpc::Status Ingest(const std::string& content, const std::string& uri,
                             IngestDocumentResponse* response) {
    IngestDocumentRequest request;
    request.set_content(content);
    request.set_uri(uri);
    request.set_wait_for_processing(true);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    return ingest_->IngestDocument(&context, request, response);
  }

  static testing::Cluster* cluster_;
  static IngestService::Stub* ingest_;
  static QueryService::Stub* query_;
  static std::map<std::string, std::string>* ids_;  // uri -> document id
};

testing::Cluster* EndToEndTest::cluster_ = nullptr;
IngestService::Stub* EndToEndTest::ingest_ = nullptr;
QueryService::Stub* EndToEndTest::query_ = nullptr;
std::map<std::string, std::string>* EndToEndTest::ids_ = nullptr;

TEST_F(EndToEndTest, EveryServiceReportsServing) {
  EXPECT_TRUE(testing::CheckServing(cluster_->ingest_target()).ok());
  EXPECT_TRUE(testing::CheckServing(cluster_->extraction_target()).ok());
  EXPECT_TRUE(testing::CheckServing(cluster_->query_target()).ok());
}

TEST_F(EndToEndTest, MeetingHasDateParticipantsRolesAndCountries) {
  ListEventsRequest request;
  request.add_countries("KZ");
  std::map<std::string, std::string> names;
  const std::vector<Event> events = ListAll(request, &names);
  const Event* meeting = nullptr;
  for (const Event& e : events) {
    const auto people = ParticipantNames(e, names);
    if (people.count("Wang Yi") && people.count("Murat Nurtleu")) meeting = &e;
  }
  ASSERT_NE(meeting, nullptr) << "no Wang Yi / Murat Nurtleu event among " << events.size();
  EXPECT_EQ(meeting->type(), records::v1::EVENT_TYPE_MEETING);
  ASSERT_TRUE(meeting->has_date());
  EXPECT_EQ(meeting->date(), "2025-03-14");
  EXPECT_TRUE(std::count(meeting->countries().begin(), meeting->countries().end(), "CN"));
  EXPECT_TRUE(std::count(meeting->countries().begin(), meeting->countries().end(), "KZ"));
  EXPECT_TRUE(std::count(meeting->docs().begin(), meeting->docs().end(), (*ids_)[kMeetingUri]));
  ASSERT_TRUE(meeting->has_location());
  const std::string place = names[meeting->location()];
  EXPECT_TRUE(place == "Beijing" || place == "Pékin") << "location " << meeting->location();
  for (const auto& p : meeting->participants()) {
    if (names[p.entity()] == "Wang Yi") {
      EXPECT_EQ(p.country(), "CN");
      EXPECT_TRUE(p.role() == records::v1::ROLE_FOREIGN_MINISTER ||
                  p.role() == records::v1::ROLE_POLITBURO_MEMBER)
          << records::v1::Role_Name(p.role());
    }
    if (names[p.entity()] == "Murat Nurtleu") {
      EXPECT_EQ(p.country(), "KZ");
      EXPECT_NE(p.role(), records::v1::ROLE_UNSPECIFIED);
    }
  }
  // Every event listed under KZ involves KZ.
  for (const Event& e : events) {
    EXPECT_TRUE(std::count(e.countries().begin(), e.countries().end(), "KZ")) << e.id();
  }
}

TEST_F(EndToEndTest, PhoneCallDateIsResolvedFromTheWeekday) {
  ListEventsRequest request;
  request.set_person("Sirojiddin Muhriddin");
  std::map<std::string, std::string> names;
  const std::vector<Event> events = ListAll(request, &names);
  ASSERT_EQ(events.size(), 1u);
  const Event& call = events[0];
  EXPECT_EQ(call.type(), records::v1::EVENT_TYPE_PHONE_CALL);
  const auto people = ParticipantNames(call, names);
  EXPECT_TRUE(people.count("Wang Yi"));
  EXPECT_TRUE(people.count("Sirojiddin Muhriddin"));
  EXPECT_TRUE(std::count(call.countries().begin(), call.countries().end(), "TJ"));
  EXPECT_TRUE(std::count(call.countries().begin(), call.countries().end(), "CN"));
  // "mardi" in a dispatch of Wednesday 9 April 2025.
  EXPECT_EQ(call.date(), "2025-04-08");
}

TEST_F(EndToEndTest, FiltersByPersonAndDate) {
  ListEventsRequest nobody;
  nobody.set_person("Personne Inconnue");
  EXPECT_TRUE(ListAll(nobody).empty());

  ListEventsRequest from_april;
  from_april.set_from_date("2025-04");
  const std::vector<Event> later = ListAll(from_april);
  EXPECT_FALSE(later.empty());
  for (const Event& e : later) {
    ASSERT_TRUE(e.has_date()) << e.id();
    EXPECT_GE(e.date(), "2025-04") << e.id();
  }

  ListEventsRequest march;
  march.set_from_date("2025-03-01");
  march.set_to_date("2025-03-31");
  const std::vector<Event> in_march = ListAll(march);
  ASSERT_FALSE(in_march.empty());
  for (const Event& e : in_march) EXPECT_EQ(e.date().substr(0, 7), "2025-03") << e.id();

  ListEventsRequest both;
  both.add_countries("UZ");
  both.add_countries("KZ");
  std::map<std::string, std::string> names;
  const std::vector<Event> uz_kz = ListAll(both, &names);
  ASSERT_FALSE(uz_kz.empty());
  EXPECT_TRUE(ParticipantNames(uz_kz[0], names).count("Bakhtiyor Saidov"));
}

TEST_F(EndToEndTest, ExportIsContractJsonLinesWithProvenance) {
  grpc::ClientContext context;
  auto reader = query_->Export(&context, query::v1::ExportRequest());
  records::v1::Record record;
  std::map<std::string, int> kinds;
  std::string wang_yi_id;
  std::map<std::string, nlohmann::json> documents_by_uri;
  std::vector<nlohmann::json> entities, offices;
  while (reader->Read(&record)) {
    const std::string line = records::ToContractJson(record);
    ASSERT_EQ(line.find('\n'), std::string::npos);
    const nlohmann::json row = nlohmann::json::parse(line);
    ASSERT_TRUE(row.contains("kind")) << line;
    const std::string kind = row["kind"];
    ++kinds[kind];
    if (kind == "document") documents_by_uri[row["uri"]] = row;
    if (kind == "entity") entities.push_back(row);
    if (kind == "office") offices.push_back(row);
    if (kind == "event") {
      EXPECT_TRUE(row["participants"].is_array()) << line;
      for (const auto& p : row["participants"]) {
        EXPECT_TRUE(p["entity"].is_string()) << line;
        EXPECT_TRUE(p["role"].is_string()) << line;
      }
      EXPECT_TRUE(row["countries"].is_array()) << line;
      EXPECT_FALSE(row["docs"].empty()) << line;
    }
  }
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_GE(kinds["document"], 3);
  for (const char* uri : {kMeetingUri, kCallUri, kEnglishUri}) {
    EXPECT_TRUE(documents_by_uri.count(uri)) << uri;
  }
  EXPECT_GT(kinds["entity"], 0);
  EXPECT_GT(kinds["event"], 0);
  EXPECT_GT(kinds["office"], 0);

  const nlohmann::json& meeting_doc = documents_by_uri[kMeetingUri];
  EXPECT_EQ(meeting_doc["id"], (*ids_)[kMeetingUri]);
  EXPECT_EQ(meeting_doc["language"], "fr");
  ASSERT_TRUE(meeting_doc["published"].is_string());
  EXPECT_EQ(meeting_doc["published"].get<std::string>().substr(0, 10), "2025-03-14");
  ASSERT_TRUE(meeting_doc["title"].is_string());
  EXPECT_TRUE(absl::StrContains(meeting_doc["title"].get<std::string>(), "Nurtleu"));
  EXPECT_EQ(documents_by_uri[kEnglishUri]["language"], "en");

  // Mentions point at the stored clean text: the span reads the name.
  grpc::ClientContext doc_context;
  query::v1::GetDocumentRequest get;
  get.set_document_id((*ids_)[kMeetingUri]);
  records::v1::Document stored;
  ASSERT_TRUE(query_->GetDocument(&doc_context, get, &stored).ok());
  int checked = 0;
  for (const auto& e : entities) {
    if (e["type"] != "person" || e["name"] != "Wang Yi") continue;
    wang_yi_id = e["id"];
    EXPECT_EQ(e["country"], "CN");
    for (const auto& m : e["mentions"]) {
      if (m["doc"] != (*ids_)[kMeetingUri]) continue;
      const std::string surface =
          text::SliceCodePoints(stored.clean_text(), m["start"].get<int>(), m["end"].get<int>());
      EXPECT_TRUE(absl::StrContains(surface, "Wang")) << "span reads \"" << surface << "\"";
      ++checked;
    }
  }
  EXPECT_GT(checked, 0) << "no mention of Wang Yi in the meeting document";
  // One person, one id, across documents.
  int wang_entities = 0;
  for (const auto& e : entities) wang_entities += e["type"] == "person" && e["name"] == "Wang Yi";
  EXPECT_EQ(wang_entities, 1);

  bool wang_is_minister = false;
  for (const auto& o : offices) {
    if (o["person"] == wang_yi_id && o["role"] == "foreign_minister" &&
        o["doc"] == (*ids_)[kMeetingUri]) {
      wang_is_minister = true;
      EXPECT_EQ(o["country"], "CN");
    }
  }
  EXPECT_TRUE(wang_is_minister);
}

TEST_F(EndToEndTest, SameBytesTwiceAreStoredOnce) {
  IngestDocumentResponse again;
  ASSERT_TRUE(Ingest(kMeeting, kMeetingUri, &again).ok());
  EXPECT_TRUE(again.already_stored());
  EXPECT_EQ(again.document_id(), (*ids_)[kMeetingUri]);
}

TEST_F(EndToEndTest, InvalidUtf8AndEmptyDocumentsAreInvalidArgument) {
  IngestDocumentResponse response;
  const grpc::Status bad = Ingest("Wang Yi a re\xe7u M. Nurtleu \xff\xfe.", "bad.txt", &response);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad.error_message();
  const grpc::Status empty = Ingest("", "empty.txt", &response);
  EXPECT_EQ(empty.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << empty.error_message();
}

TEST_F(EndToEndTest, StreamAnswersInOrderAndABadDocumentDoesNotEndIt) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
  auto stream = ingest_->IngestDocuments(&context);
  IngestDocumentRequest empty;
  empty.set_uri("stream/empty.txt");
  IngestDocumentRequest good;
  good.set_uri("stream/english-again.txt");
  good.set_content(std::string(kEnglish) + "\nThe ministers will meet again in the autumn.\n");
  good.set_wait_for_processing(true);
  ASSERT_TRUE(stream->Write(empty));
  ASSERT_TRUE(stream->Write(good));
  stream->WritesDone();
  IngestDocumentResponse first, second;
  ASSERT_TRUE(stream->Read(&first));
  ASSERT_TRUE(stream->Read(&second));
  IngestDocumentResponse extra;
  EXPECT_FALSE(stream->Read(&extra)) << "one response per request";
  const grpc::Status status = stream->Finish();
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(first.uri(), "stream/empty.txt");
  EXPECT_EQ(first.state(), ingest::v1::PROCESSING_STATE_FAILED);
  EXPECT_EQ(first.error_code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_FALSE(first.error().empty());
  EXPECT_EQ(second.uri(), "stream/english-again.txt");
  EXPECT_EQ(second.state(), ingest::v1::PROCESSING_STATE_DONE) << second.error();
  EXPECT_EQ(second.error_code(), 0);
}

TEST_F(EndToEndTest, SecondInstanceOnAUsedPortFailsToStart) {
  const std::string other = testing::MakeTempDir("dragoman_second");
  struct Try {
    const char* binary;
    int port;
    std::string flags;  // only the flags that binary defines
  };
  for (const Try& t :
       {Try{"dragoman-ingest", cluster_->base_port(),
            " --data_dir=" + testing::ShellQuote(other + "/ingest") +
                " --extraction_target=" + cluster_->extraction_target() +
                " --query_target=" + cluster_->query_target()},
        Try{"dragoman-extraction", cluster_->base_port() + 1, ""},
        Try{"dragoman-query", cluster_->base_port() + 2,
            " --data_dir=" + testing::ShellQuote(other + "/query")}}) {
    // `timeout` only matters if the bug is there: a second server that
    // starts would serve until killed (exit 124).
    const testing::CommandResult r = testing::RunCommand(
        "timeout 20 " + testing::ShellQuote(testing::BinDir() + "/" + t.binary) +
        " --address=127.0.0.1 --port=" + std::to_string(t.port) + t.flags);
    EXPECT_NE(r.exit_code, 0) << t.binary << " started on a used port:\n" << r.output;
    EXPECT_NE(r.exit_code, 124) << t.binary << " kept serving on a used port:\n" << r.output;
    // It failed for the right reason: the port, not a flag or the data dir.
    EXPECT_TRUE(absl::StrContains(r.output, "cannot listen on 127.0.0.1:" + std::to_string(t.port)))
        << t.binary << ":\n" << r.output;
  }
  std::filesystem::remove_all(other);
  // The first instances are unharmed.
  EXPECT_TRUE(testing::CheckServing(cluster_->ingest_target()).ok());
  EXPECT_TRUE(testing::CheckServing(cluster_->query_target()).ok());
}

// Its own cluster: SIGTERM must drain and exit 0, and what was stored must
// survive a restart on the same data.
TEST(ShutdownTest, SigtermExitsCleanlyAndDataSurvivesRestart) {
  testing::Cluster cluster;
  ASSERT_TRUE(cluster.Start().ok());
  auto ingest = IngestService::NewStub(
      grpc::CreateChannel(cluster.ingest_target(), grpc::InsecureChannelCredentials()));
  IngestDocumentRequest request;
  request.set_uri(kMeetingUri);
  request.set_content(kMeeting);
  request.set_wait_for_processing(true);
  IngestDocumentResponse response;
  {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
    ASSERT_TRUE(ingest->IngestDocument(&context, request, &response).ok());
  }
  ASSERT_EQ(response.state(), ingest::v1::PROCESSING_STATE_DONE) << response.error();

  const std::map<std::string, std::string> exits = cluster.Stop();
  ASSERT_EQ(exits.size(), 3u);
  for (const auto& [name, exit] : exits) {
    EXPECT_EQ(exit, "exited with status 0") << name << "\n" << cluster.LogOf(name);
  }
  EXPECT_FALSE(testing::CheckServing(cluster.query_target()).ok());

  const absl::Status restarted = cluster.Start();
  ASSERT_TRUE(restarted.ok()) << restarted;
  auto query = QueryService::NewStub(
      grpc::CreateChannel(cluster.query_target(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  query::v1::GetDocumentRequest get;
  get.set_document_id(response.document_id());
  records::v1::Document stored;
  const grpc::Status status = query->GetDocument(&context, get, &stored);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(stored.uri(), kMeetingUri);
  // And ingest remembers the bytes.
  ingest = IngestService::NewStub(
      grpc::CreateChannel(cluster.ingest_target(), grpc::InsecureChannelCredentials()));
  IngestDocumentResponse again;
  grpc::ClientContext again_context;
  request.set_wait_for_processing(false);
  ASSERT_TRUE(ingest->IngestDocument(&again_context, request, &again).ok());
  EXPECT_TRUE(again.already_stored());
}

}  // namespace
}  // namespace dragoman
