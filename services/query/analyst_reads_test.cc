// The v1.1 analyst reads of the record store: citations, the new
// ListEvents filters, Timeline, SearchEntities, annotated documents and
// the cited relation profile. Documents are made up for these tests.
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "common/text/utf8.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "services/query/record_store.h"
#include "services/query/test_records.h"

namespace dragoman::query {
namespace {

namespace rv1 = dragoman::records::v1;
namespace qv1 = dragoman::query::v1;
using testing::DocBuilder;

// Code-point span of the first `what` in `text`.
std::pair<int, int> SpanOf(const std::string& text, const std::string& what) {
  const size_t byte = text.find(what);
  EXPECT_NE(byte, std::string::npos) << what;
  const text::OffsetMap map(text);
  return {map.ToCodePoint(byte), map.ToCodePoint(byte + what.size())};
}

constexpr char kValmont[] =
    "Rencontre à Valmont\n"
    "\n"
    "Le 4 mars 2025, le ministre Émile Zorn a reçu Ana Vell à Valmont. "
    "Les deux ministres ont signé un accord sur l'eau. Ana Vell est ministre des affaires "
    "étrangères.";
constexpr char kCall[] =
    "Appel téléphonique\n"
    "\n"
    "Le 2 mai 2025, Émile Zorn a téléphoné à Karl Brun au sujet des céréales.";
constexpr char kGeneve[] =
    "Dialogue à Genève\n"
    "\n"
    "Le 10 juin 2025, le quatrième dialogue stratégique a réuni à Genève Émile Zorn, Ana Vell, "
    "Karl Brun et l'Organisation des Nations unies autour des céréales et de l'eau.";

class AnalystReadsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "analyst_reads_XXXXXX";
    dir_ = mkdtemp(pattern.data());
    absl::StatusOr<std::unique_ptr<RecordStore>> store = RecordStore::Open(dir_);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);

    {
      const std::string t = kValmont;
      DocBuilder b("valmont", t);
      const auto zorn = SpanOf(t, "Émile Zorn"), vell = SpanOf(t, "Ana Vell");
      b.Person("p1", "person:emile-zorn", "Émile Zorn", "FR", zorn.first, zorn.second)
          .Person("p2", "person:ana-vell", "Ana Vell", "BE", vell.first, vell.second)
          .Place("l1", "place:valmont", "Valmont")
          .Event("e1", rv1::EVENT_TYPE_MEETING, "2025-03-04", {"p1", "p2"}, {"FR", "BE"}, "l1")
          .Office("p2", rv1::ROLE_FOREIGN_MINISTER, "BE", "2025-03-04");
      b.records().mutable_document()->set_published("2025-03-04");
      rv1::Event* e = b.records().mutable_events(0);
      const auto s1 = SpanOf(t, "Le 4 mars"), s2 = SpanOf(t, "sur l'eau.");
      e->add_evidence()->set_start(s1.first);
      e->mutable_evidence(0)->set_end(s2.second);
      e->add_agreements("Accord sur l'eau");
      const auto office = SpanOf(t, "Ana Vell est ministre des affaires étrangères");
      b.records().mutable_offices(0)->mutable_evidence()->set_start(office.first);
      b.records().mutable_offices(0)->mutable_evidence()->set_end(office.second);
      Put(b);
    }
    {
      const std::string t = kCall;
      DocBuilder b("call", t);
      const auto zorn = SpanOf(t, "Émile Zorn"), brun = SpanOf(t, "Karl Brun");
      b.Person("p1", "person:emile-zorn", "Émile Zorn", "FR", zorn.first, zorn.second)
          .Person("p2", "person:karl-brun", "Karl Brun", "DE", brun.first, brun.second)
          .Event("e1", rv1::EVENT_TYPE_PHONE_CALL, "2025-05-02", {"p1", "p2"}, {"FR", "DE"});
      const auto s = SpanOf(t, "Le 2 mai 2025, Émile Zorn a téléphoné à Karl Brun au sujet des céréales.");
      rv1::Span* ev = b.records().mutable_events(0)->add_evidence();
      ev->set_start(s.first);
      ev->set_end(s.second);
      Put(b);
    }
    {
      const std::string t = kGeneve;
      DocBuilder b("geneve", t);
      const auto zorn = SpanOf(t, "Émile Zorn"), vell = SpanOf(t, "Ana Vell"),
                 brun = SpanOf(t, "Karl Brun"), un = SpanOf(t, "Organisation des Nations unies");
      b.Person("p1", "person:emile-zorn", "Émile Zorn", "FR", zorn.first, zorn.second)
          .Person("p2", "person:ana-vell", "Ana Vell", "BE", vell.first, vell.second)
          .Person("p3", "person:karl-brun", "Karl Brun", "DE", brun.first, brun.second)
          .Place("l1", "place:geneve", "Genève")
          .Event("e1", rv1::EVENT_TYPE_STRATEGIC_DIALOGUE, "2025-06-10", {"p1", "p2", "p3", "o1"},
                 {"FR", "BE", "DE"}, "l1");
      rv1::Entity* org = b.records().add_entities();
      org->set_id("o1");
      org->set_type(rv1::ENTITY_TYPE_ORGANIZATION);
      org->set_key("org:un");
      org->set_name("Organisation des Nations unies");
      org->add_aliases("ONU");
      org->add_mentions()->set_start(un.first);
      org->mutable_mentions(0)->set_end(un.second);
      rv1::Event* e = b.records().mutable_events(0);
      e->set_series("Dialogue stratégique");
      e->set_ordinal(4);
      const auto s = SpanOf(t, "Le 10 juin");
      e->add_evidence()->set_start(s.first);
      e->mutable_evidence(0)->set_end(static_cast<int>(text::CodePointCount(t)));
      Put(b);
    }
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void Put(const rv1::DocumentRecords& r) {
    absl::StatusOr<RecordStore::PutResult> put = store_->PutDocumentRecords(r);
    ASSERT_TRUE(put.ok()) << put.status();
  }

  std::vector<std::string> Types(qv1::ListEventsRequest request) {
    absl::StatusOr<qv1::ListEventsResponse> r = store_->ListEvents(request);
    EXPECT_TRUE(r.ok()) << r.status();
    std::vector<std::string> out;
    if (!r.ok()) return out;
    for (const rv1::Event& e : r->events()) out.push_back(rv1::EventType_Name(e.type()));
    return out;
  }

  std::string dir_;
  std::unique_ptr<RecordStore> store_;
};

TEST_F(AnalystReadsTest, ListedEventsAreCitedWithTheirSentence) {
  qv1::ListEventsRequest request;
  request.add_countries("BE");
  request.add_countries("FR");
  absl::StatusOr<qv1::ListEventsResponse> r = store_->ListEvents(request);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->events_size(), 2);
  ASSERT_EQ(r->citations_size(), 2);
  const qv1::Citation& c = r->citations(0).citations(0);
  EXPECT_EQ(c.doc(), "valmont");
  EXPECT_EQ(c.uri(), "valmont.txt");
  EXPECT_TRUE(absl::StartsWith(c.sentence(), "Le 4 mars 2025, le ministre Émile Zorn a reçu"))
      << c.sentence();
  EXPECT_TRUE(absl::EndsWith(c.sentence(), "accord sur l'eau.")) << c.sentence();
  // The cited span reads the participants' surface forms.
  const std::string cited = text::SliceCodePoints(kValmont, c.start(), c.end());
  EXPECT_TRUE(absl::StrContains(cited, "Émile Zorn"));
  EXPECT_TRUE(absl::StrContains(cited, "Ana Vell"));
  EXPECT_EQ(r->citations(1).citations(0).doc(), "geneve");
}

TEST_F(AnalystReadsTest, OfficesAreCited) {
  qv1::ListOfficesRequest request;
  request.set_person("ana vell");
  absl::StatusOr<qv1::ListOfficesResponse> r = store_->ListOfficesCited(request);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->offices_size(), 1);
  ASSERT_EQ(r->citations_size(), 1);
  const qv1::Citation& c = r->citations(0);
  EXPECT_EQ(c.doc(), "valmont");
  EXPECT_EQ(c.sentence(), "Ana Vell est ministre des affaires étrangères.");
  EXPECT_TRUE(absl::StrContains(text::SliceCodePoints(kValmont, c.start(), c.end()), "Ana Vell"));
}

TEST_F(AnalystReadsTest, CountriesAnyOrAll) {
  qv1::ListEventsRequest all;
  all.add_countries("DE");
  all.add_countries("BE");
  EXPECT_EQ(Types(all), std::vector<std::string>{"EVENT_TYPE_STRATEGIC_DIALOGUE"});
  all.set_country_match(qv1::COUNTRY_MATCH_ALL);
  EXPECT_EQ(Types(all).size(), 1u);
  qv1::ListEventsRequest any = all;
  any.set_country_match(qv1::COUNTRY_MATCH_ANY);
  EXPECT_EQ(Types(any), (std::vector<std::string>{"EVENT_TYPE_MEETING", "EVENT_TYPE_PHONE_CALL",
                                                   "EVENT_TYPE_STRATEGIC_DIALOGUE"}));
  qv1::ListEventsRequest none;
  none.add_countries("JP");
  none.set_country_match(qv1::COUNTRY_MATCH_ANY);
  EXPECT_TRUE(Types(none).empty());
}

TEST_F(AnalystReadsTest, OrganizationPlaceTypeSeriesAndText) {
  qv1::ListEventsRequest org;
  org.set_organization("onu");
  EXPECT_EQ(Types(org), std::vector<std::string>{"EVENT_TYPE_STRATEGIC_DIALOGUE"});
  org.set_organization("org:un");
  EXPECT_EQ(Types(org).size(), 1u);
  org.set_organization("Organisation inconnue");
  EXPECT_TRUE(Types(org).empty());

  qv1::ListEventsRequest place;
  place.set_place("VALMONT");
  EXPECT_EQ(Types(place), std::vector<std::string>{"EVENT_TYPE_MEETING"});
  place.set_place("geneve");
  EXPECT_EQ(Types(place), std::vector<std::string>{"EVENT_TYPE_STRATEGIC_DIALOGUE"});

  qv1::ListEventsRequest type;
  type.set_type(rv1::EVENT_TYPE_PHONE_CALL);
  EXPECT_EQ(Types(type), std::vector<std::string>{"EVENT_TYPE_PHONE_CALL"});
  type.set_type(static_cast<rv1::EventType>(99));
  EXPECT_EQ(store_->ListEvents(type).status().code(), absl::StatusCode::kInvalidArgument);

  qv1::ListEventsRequest series;
  series.set_series("dialogue strategique");
  EXPECT_EQ(Types(series), std::vector<std::string>{"EVENT_TYPE_STRATEGIC_DIALOGUE"});

  qv1::ListEventsRequest words;
  words.set_text("céréales");
  EXPECT_EQ(Types(words), (std::vector<std::string>{"EVENT_TYPE_PHONE_CALL",
                                                     "EVENT_TYPE_STRATEGIC_DIALOGUE"}));
  words.set_text("cereales EAU");
  EXPECT_EQ(Types(words), std::vector<std::string>{"EVENT_TYPE_STRATEGIC_DIALOGUE"});
  words.set_text("  ,, ");
  EXPECT_EQ(store_->ListEvents(words).status().code(), absl::StatusCode::kInvalidArgument);

  // Filters combine: a person and a type, countries and text.
  qv1::ListEventsRequest combined;
  combined.set_person("Karl Brun");
  combined.set_type(rv1::EVENT_TYPE_STRATEGIC_DIALOGUE);
  EXPECT_EQ(Types(combined), std::vector<std::string>{"EVENT_TYPE_STRATEGIC_DIALOGUE"});
  combined.set_type(rv1::EVENT_TYPE_MEETING);
  EXPECT_TRUE(Types(combined).empty());
  qv1::ListEventsRequest countries_text;
  countries_text.add_countries("FR");
  countries_text.set_text("eau");
  countries_text.set_from_date("2025-04");
  EXPECT_EQ(Types(countries_text), std::vector<std::string>{"EVENT_TYPE_STRATEGIC_DIALOGUE"});
}

TEST_F(AnalystReadsTest, PageTokensAreBoundToTheNewFilters) {
  qv1::ListEventsRequest any;
  any.add_countries("DE");
  any.add_countries("BE");
  any.set_country_match(qv1::COUNTRY_MATCH_ANY);
  any.set_page_size(2);
  absl::StatusOr<qv1::ListEventsResponse> first = store_->ListEvents(any);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->events_size(), 2);
  ASSERT_FALSE(first->next_page_token().empty());
  // Same token under "all": other filters, refused.
  qv1::ListEventsRequest all = any;
  all.set_country_match(qv1::COUNTRY_MATCH_ALL);
  all.set_page_token(first->next_page_token());
  EXPECT_EQ(store_->ListEvents(all).status().code(), absl::StatusCode::kInvalidArgument);
  any.set_page_token(first->next_page_token());
  absl::StatusOr<qv1::ListEventsResponse> last = store_->ListEvents(any);
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_EQ(last->events_size(), 1);
  EXPECT_TRUE(last->next_page_token().empty());
  EXPECT_EQ(last->citations_size(), 1);
}

TEST_F(AnalystReadsTest, StaleTokenResumesAfterItsEventWasRemoved) {
  qv1::ListEventsRequest request;
  request.add_countries("FR");
  request.set_page_size(1);
  absl::StatusOr<qv1::ListEventsResponse> first = store_->ListEvents(request);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->events(0).date(), "2025-03-04");
  // The event the token points after disappears (its document now reports
  // nothing); the listing goes on from where it was.
  Put(DocBuilder("valmont", kValmont));
  request.set_page_token(first->next_page_token());
  request.set_page_size(0);  // default size
  absl::StatusOr<qv1::ListEventsResponse> rest = store_->ListEvents(request);
  ASSERT_TRUE(rest.ok()) << rest.status();
  ASSERT_EQ(rest->events_size(), 2);
  EXPECT_EQ(rest->events(0).date(), "2025-05-02");
  EXPECT_TRUE(rest->next_page_token().empty());
}

TEST_F(AnalystReadsTest, TimelinePageSizesAndEmptyResults) {
  qv1::TimelineRequest request;
  request.add_countries("FR");
  request.set_page_size(100000);  // over the maximum: clamped, one page
  absl::StatusOr<qv1::TimelineResponse> t = store_->Timeline(request);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->entries_size(), 3);
  EXPECT_TRUE(t->next_page_token().empty());
  request.set_page_size(-1);
  EXPECT_EQ(store_->Timeline(request).status().code(), absl::StatusCode::kInvalidArgument);
  request.set_page_size(0);
  request.set_page_token("not a token");
  EXPECT_EQ(store_->Timeline(request).status().code(), absl::StatusCode::kInvalidArgument);
  qv1::TimelineRequest empty;
  empty.add_countries("JP");
  t = store_->Timeline(empty);
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->entries().empty());
  EXPECT_TRUE(t->next_page_token().empty());
}

TEST_F(AnalystReadsTest, TimelineOfAPersonOrAPair) {
  qv1::TimelineRequest person;
  person.set_person("emile zorn");
  absl::StatusOr<qv1::TimelineResponse> t = store_->Timeline(person);
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->entries_size(), 3);
  EXPECT_EQ(t->entries(0).event().date(), "2025-03-04");
  EXPECT_EQ(t->entries(2).event().date(), "2025-06-10");
  for (const qv1::TimelineEntry& e : t->entries()) {
    ASSERT_FALSE(e.citations().empty()) << e.event().id();
    EXPECT_TRUE(absl::StrContains(e.citations(0).sentence(), "Émile Zorn"));
  }
  EXPECT_FALSE(t->referenced_entities().empty());

  qv1::TimelineRequest pair;
  pair.add_countries("fr");
  pair.add_countries("de");
  t = store_->Timeline(pair);
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->entries_size(), 2);
  EXPECT_EQ(t->entries(0).event().type(), rv1::EVENT_TYPE_PHONE_CALL);

  pair.set_page_size(1);
  t = store_->Timeline(pair);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->entries_size(), 1);
  pair.set_page_token(t->next_page_token());
  t = store_->Timeline(pair);
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->entries_size(), 1);
  EXPECT_EQ(t->entries(0).event().type(), rv1::EVENT_TYPE_STRATEGIC_DIALOGUE);
  EXPECT_TRUE(t->next_page_token().empty());

  qv1::TimelineRequest both = person;
  both.add_countries("FR");
  EXPECT_EQ(store_->Timeline(both).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->Timeline(qv1::TimelineRequest()).status().code(),
            absl::StatusCode::kInvalidArgument);
  qv1::TimelineRequest nobody;
  nobody.set_person("Personne");
  t = store_->Timeline(nobody);
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->entries().empty());
}

TEST_F(AnalystReadsTest, SearchEntitiesRanksExactPrefixFuzzy) {
  qv1::SearchEntitiesRequest request;
  request.set_query("ana vell");
  absl::StatusOr<qv1::SearchEntitiesResponse> r = store_->SearchEntities(request);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_FALSE(r->matches().empty());
  EXPECT_EQ(r->matches(0).entity().id(), "person:ana-vel");
  EXPECT_EQ(r->matches(0).kind(), qv1::MATCH_KIND_EXACT);

  request.set_query("ONU");  // an alias
  r = store_->SearchEntities(request);
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->matches().empty());
  EXPECT_EQ(r->matches(0).entity().id(), "org:un");
  EXPECT_EQ(r->matches(0).matched(), "ONU");

  request.set_query("val");
  r = store_->SearchEntities(request);
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->matches().empty());
  EXPECT_EQ(r->matches(0).entity().id(), "place:valmont");
  EXPECT_EQ(r->matches(0).kind(), qv1::MATCH_KIND_PREFIX);

  request.set_query("Karl Bruhn");  // a typo
  r = store_->SearchEntities(request);
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->matches().empty());
  EXPECT_EQ(r->matches(0).entity().id(), "person:karl-brun");
  EXPECT_EQ(r->matches(0).kind(), qv1::MATCH_KIND_FUZZY);
  EXPECT_EQ(r->matches(0).distance(), 1);

  // Exact before prefix: "Genève" exactly, never after a longer name.
  request.set_query("GENEVE");
  request.set_type(rv1::ENTITY_TYPE_PLACE);
  r = store_->SearchEntities(request);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->matches_size(), 1);
  EXPECT_EQ(r->matches(0).kind(), qv1::MATCH_KIND_EXACT);

  request.set_type(rv1::ENTITY_TYPE_PERSON);
  r = store_->SearchEntities(request);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->matches().empty());

  request.set_query("--");
  EXPECT_EQ(store_->SearchEntities(request).status().code(), absl::StatusCode::kInvalidArgument);
  request.set_query("zorn");
  request.set_max_results(-1);
  EXPECT_EQ(store_->SearchEntities(request).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(AnalystReadsTest, SearchEntitiesFindsTransliterationsAndAliases) {
  const std::string t = "Zheenbek Kulubaev est arrivé à Astana.";
  DocBuilder b("astana", t);
  const auto k = SpanOf(t, "Zheenbek Kulubaev");
  b.Person("p1", "person:zheenbek-kulubaev", "Zheenbek Kulubaev", "KG", k.first, k.second);
  rv1::Entity* astana = b.records().add_entities();
  astana->set_id("l1");
  astana->set_type(rv1::ENTITY_TYPE_PLACE);
  astana->set_key("place:astana");
  astana->set_name("Astana");
  astana->add_aliases("Nur-Sultan");
  Put(b);

  qv1::SearchEntitiesRequest request;
  request.set_query("kouloub");
  absl::StatusOr<qv1::SearchEntitiesResponse> r = store_->SearchEntities(request);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_FALSE(r->matches().empty());
  EXPECT_EQ(r->matches(0).entity().name(), "Zheenbek Kulubaev");

  request.set_query("noursoultan");
  r = store_->SearchEntities(request);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_FALSE(r->matches().empty());
  EXPECT_EQ(r->matches(0).entity().id(), "place:astana");
  EXPECT_EQ(r->matches(0).kind(), qv1::MATCH_KIND_EXACT);
  EXPECT_EQ(r->matches(0).matched(), "Nur-Sultan");
}

TEST_F(AnalystReadsTest, AnnotatedDocumentCarriesMentionsEventsAndOffices) {
  absl::StatusOr<qv1::AnnotatedDocument> d = store_->GetAnnotatedDocument("valmont");
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->document().clean_text(), kValmont);
  int mentions = 0, events = 0, offices = 0;
  int previous_start = -1;
  for (const qv1::Annotation& a : d->annotations()) {
    EXPECT_GE(a.span().start(), previous_start);
    previous_start = a.span().start();
    const std::string surface =
        text::SliceCodePoints(d->document().clean_text(), a.span().start(), a.span().end());
    if (a.kind() == "mention") {
      ++mentions;
      EXPECT_EQ(surface, a.label());
    } else if (a.kind() == "event") {
      ++events;
      EXPECT_EQ(a.ref(), "event:2025-03-04:BE-FR:meeting");
    } else if (a.kind() == "office") {
      ++offices;
      EXPECT_EQ(a.ref(), "person:ana-vel");
    }
  }
  EXPECT_EQ(mentions, 2);
  EXPECT_EQ(events, 1);
  EXPECT_EQ(offices, 1);
  EXPECT_EQ(store_->GetAnnotatedDocument("nope").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetAnnotatedDocument("").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(AnalystReadsTest, RelationProfileLinesAreCited) {
  qv1::GetRelationProfileRequest request;
  request.add_countries("FR");
  request.add_countries("BE");
  absl::StatusOr<qv1::RelationProfile> p = store_->GetRelationProfile(request);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->event_count(), 2);
  ASSERT_EQ(p->by_year_and_type_size(), 2);
  EXPECT_EQ(p->by_year_and_type(0).year(), "2025");
  EXPECT_EQ(p->by_year_and_type(0).count(), 1);

  ASSERT_EQ(p->signed_agreements_size(), 1);
  EXPECT_EQ(p->signed_agreements(0).key(), "Accord sur l'eau");
  EXPECT_EQ(p->signed_agreements(0).date(), "2025-03-04");
  ASSERT_FALSE(p->signed_agreements(0).citations().empty());
  EXPECT_TRUE(absl::StrContains(p->signed_agreements(0).citations(0).sentence(), "accord sur l'eau"));

  ASSERT_EQ(p->mechanisms_size(), 1);
  EXPECT_EQ(p->mechanisms(0).key(), "Dialogue stratégique");
  EXPECT_EQ(p->mechanisms(0).count(), 4);
  EXPECT_EQ(p->mechanisms(0).citations(0).doc(), "geneve");

  EXPECT_EQ(p->first_event().date(), "2025-03-04");
  EXPECT_EQ(p->last_event().date(), "2025-06-10");
  EXPECT_EQ(p->first_event().citations(0).doc(), "valmont");

  ASSERT_GE(p->key_actors_size(), 2);
  EXPECT_EQ(p->key_actors(0).count(), 2);
  // Each actor's citation points at their own name in the cited sentence.
  std::map<std::string, std::string> texts = {
      {"valmont", kValmont}, {"call", kCall}, {"geneve", kGeneve}};
  std::map<std::string, std::string> surface = {{"person:emile-zorn", "Émile Zorn"},
                                                {"person:ana-vel", "Ana Vell"},
                                                {"person:karl-brun", "Karl Brun"},
                                                {"org:un", "Organisation des Nations unies"}};
  for (const qv1::ProfileLine& actor : p->key_actors()) {
    ASSERT_FALSE(actor.citations().empty()) << actor.key();
    for (const qv1::Citation& c : actor.citations()) {
      EXPECT_EQ(text::SliceCodePoints(texts[c.doc()], c.start(), c.end()), surface[actor.key()])
          << actor.key();
      EXPECT_TRUE(absl::StrContains(c.sentence(), surface[actor.key()])) << c.sentence();
    }
  }
}

TEST_F(AnalystReadsTest, SearchHitsAreCited) {
  absl::StatusOr<qv1::SearchDocumentsResponse> r = store_->SearchDocuments("céréales", 0);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->hits_size(), 2);
  for (const qv1::DocumentHit& hit : r->hits()) {
    EXPECT_TRUE(absl::StrContains(hit.citation().sentence(), "céréales")) << hit.citation().sentence();
    EXPECT_EQ(hit.citation().doc(), hit.document().id());
  }
}

TEST_F(AnalystReadsTest, RankedSearchStemsAndCitesTheBestSentence) {
  qv1::SearchRequest request;
  request.set_query("céréale eau");
  absl::StatusOr<qv1::SearchResponse> r = store_->Search(request);
  ASSERT_TRUE(r.ok()) << r.status();
  // Genève has both words, the call only "céréales", Valmont only "eau".
  ASSERT_EQ(r->total_count(), 3);
  ASSERT_EQ(r->hits_size(), 3);
  EXPECT_EQ(r->hits(0).document().id(), "geneve");
  EXPECT_GT(r->hits(0).score(), r->hits(1).score());
  EXPECT_TRUE(r->hits(0).document().clean_text().empty());
  const qv1::Citation& c = r->hits(0).snippet();
  EXPECT_EQ(c.doc(), "geneve");
  EXPECT_TRUE(absl::StartsWith(c.sentence(), "Le 10 juin 2025")) << c.sentence();
  EXPECT_EQ(text::SliceCodePoints(kGeneve, c.start(), c.end()), "céréales");

  request.set_query("telephone");  // stem of "téléphoné"
  r = store_->Search(request);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->hits_size(), 1);
  EXPECT_EQ(r->hits(0).document().id(), "call");

  request.set_max_results(1);
  request.set_query("Zorn");
  r = store_->Search(request);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total_count(), 3);
  EXPECT_EQ(r->hits_size(), 1);

  request.set_query("les");
  EXPECT_EQ(store_->Search(request).status().code(), absl::StatusCode::kInvalidArgument);
  request.set_query("Zorn");
  request.set_max_results(-2);
  EXPECT_EQ(store_->Search(request).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(AnalystReadsTest, RankedSearchFollowsReputsAndRemovals) {
  // The call document now speaks of wheat only: no more "céréales".
  const std::string t = "Le 2 mai 2025, Émile Zorn a parlé du blé.";
  DocBuilder b("call", t);
  Put(b);
  qv1::SearchRequest request;
  request.set_query("céréales");
  absl::StatusOr<qv1::SearchResponse> r = store_->Search(request);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->total_count(), 1);
  EXPECT_EQ(r->hits(0).document().id(), "geneve");
  request.set_query("blé");
  r = store_->Search(request);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->total_count(), 1);
  EXPECT_EQ(r->hits(0).document().id(), "call");
}

// A store written before index version 4 (no place, pair, search-form or
// posting keys, no version marker) gets them when opened.
TEST_F(AnalystReadsTest, OpeningAnOlderStoreAddsTheNewIndexes) {
  store_.reset();
  {
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const char* name :
         {"default", "documents", "doc_records", "entities", "events", "offices", "index"}) {
      families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    }
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), dir_, families, &handles, &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    std::vector<std::string> doomed;
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), handles[6]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const std::string key = it->key().ToString();
      for (const char* prefix : {"ev/l/", "ev/t/", "ev/s/", "ev/cc/", "en/c/", "en/w/", "en/m/", "fs/"}) {
        if (key.rfind(prefix, 0) == 0) doomed.push_back(key);
      }
    }
    it.reset();
    ASSERT_FALSE(doomed.empty());
    for (const std::string& k : doomed) ASSERT_TRUE(db->Delete({}, handles[6], k).ok());
    ASSERT_TRUE(db->Delete({}, handles[0], "index_version").ok());
    ASSERT_TRUE(db->Delete({}, handles[0], "fts_docs").ok());
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  }
  absl::StatusOr<std::unique_ptr<RecordStore>> again = RecordStore::Open(dir_);
  ASSERT_TRUE(again.ok()) << again.status();
  store_ = *std::move(again);
  qv1::ListEventsRequest place;
  place.set_place("Valmont");
  EXPECT_EQ(Types(place), std::vector<std::string>{"EVENT_TYPE_MEETING"});
  qv1::ListEventsRequest pair;
  pair.add_countries("DE");
  pair.add_countries("FR");
  EXPECT_EQ(Types(pair).size(), 2u);
  qv1::SearchRequest search;
  search.set_query("céréales");
  absl::StatusOr<qv1::SearchResponse> hits = store_->Search(search);
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(hits->total_count(), 2);
  qv1::SearchEntitiesRequest entity;
  entity.set_query("kar");
  absl::StatusOr<qv1::SearchEntitiesResponse> found = store_->SearchEntities(entity);
  ASSERT_TRUE(found.ok());
  ASSERT_FALSE(found->matches().empty());
  EXPECT_EQ(found->matches(0).entity().id(), "person:karl-brun");
}

TEST_F(AnalystReadsTest, ReopeningKeepsTheNewIndexes) {
  store_.reset();
  absl::StatusOr<std::unique_ptr<RecordStore>> again = RecordStore::Open(dir_);
  ASSERT_TRUE(again.ok()) << again.status();
  store_ = *std::move(again);
  qv1::ListEventsRequest place;
  place.set_place("Valmont");
  EXPECT_EQ(Types(place), std::vector<std::string>{"EVENT_TYPE_MEETING"});
}

}  // namespace
}  // namespace dragoman::query
