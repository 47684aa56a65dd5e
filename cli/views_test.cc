#include "cli/views.h"

#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace dragoman::cli {
namespace {

namespace qv1 = dragoman::query::v1;
namespace rv1 = dragoman::records::v1;

qv1::Citation MakeCitation(const std::string& uri, const std::string& sentence) {
  qv1::Citation c;
  c.set_doc("d1");
  c.set_uri(uri);
  c.set_sentence(sentence);
  return c;
}

TEST(ViewsTest, CitedEventNamesParticipantsAndCites) {
  qv1::CitedEvent cited;
  rv1::Event* e = cited.mutable_event();
  e->set_id("event:2025-03-04:BE-FR:meeting");
  e->set_type(rv1::EVENT_TYPE_MEETING);
  e->set_date("2025-03-04");
  e->set_location("place:valmont");
  e->add_countries("BE");
  e->add_countries("FR");
  rv1::Participant* p = e->add_participants();
  p->set_entity("person:emile-zorn");
  p->set_role(rv1::ROLE_FOREIGN_MINISTER);
  p->set_country("FR");
  e->add_docs("d1");
  rv1::Entity* zorn = cited.add_referenced_entities();
  zorn->set_id("person:emile-zorn");
  zorn->set_name("Émile Zorn");
  rv1::Entity* valmont = cited.add_referenced_entities();
  valmont->set_id("place:valmont");
  valmont->set_name("Valmont");
  *cited.add_citations() = MakeCitation("notes/a.txt", "Émile Zorn a reçu Ana Vell.");
  const std::string out = FormatCitedEvent(cited);
  EXPECT_TRUE(absl::StrContains(out, "Émile Zorn (foreign_minister, FR)")) << out;
  EXPECT_TRUE(absl::StrContains(out, "Valmont")) << out;
  EXPECT_TRUE(absl::StrContains(out, "  [notes/a.txt] Émile Zorn a reçu Ana Vell.\n")) << out;
}

TEST(ViewsTest, EntityMatchesShowTheKindOfMatch) {
  qv1::SearchEntitiesResponse r;
  qv1::EntityMatch* m = r.add_matches();
  m->mutable_entity()->set_id("place:astana");
  m->mutable_entity()->set_type(rv1::ENTITY_TYPE_PLACE);
  m->mutable_entity()->set_name("Astana");
  m->set_kind(qv1::MATCH_KIND_FUZZY);
  m->set_distance(2);
  m->set_matched("Nur-Sultan");
  const std::string out = FormatEntityMatches(r);
  EXPECT_TRUE(absl::StrContains(out, "fuzzy:2  place:astana  place  Astana  -        Nur-Sultan"))
      << out;
  EXPECT_TRUE(absl::EndsWith(out, "1 entity\n")) << out;
}

TEST(ViewsTest, TimelineAndSearchCiteEveryLine) {
  qv1::TimelineResponse t;
  qv1::TimelineEntry* entry = t.add_entries();
  entry->mutable_event()->set_type(rv1::EVENT_TYPE_PHONE_CALL);
  *entry->add_citations() = MakeCitation("", "Un appel.");
  std::string out = FormatTimeline(t);
  EXPECT_TRUE(absl::StartsWith(out, "undated  phone_call  -  -  -\n  [d1] Un appel.\n")) << out;

  qv1::SearchResponse s;
  s.set_total_count(7);
  qv1::SearchHit* hit = s.add_hits();
  hit->set_score(3.14159);
  hit->mutable_document()->set_id("abcdef0123456789");
  hit->mutable_document()->set_uri("x.txt");
  *hit->mutable_snippet() = MakeCitation("x.txt", "Des céréales.");
  out = FormatSearch(s);
  EXPECT_TRUE(absl::StartsWith(out, "1.  3.14  -  abcdef012345  x.txt\n  [x.txt] Des céréales.\n"))
      << out;
  EXPECT_TRUE(absl::EndsWith(out, "1 of 7 documents\n")) << out;
}

TEST(ViewsTest, ProfileSectionsAreCited) {
  qv1::RelationProfile p;
  p.add_countries("BE");
  p.add_countries("FR");
  p.set_event_count(2);
  p.set_first_date("2025-03-04");
  p.set_last_date("2025-06-10");
  qv1::ProfileLine* a = p.add_signed_agreements();
  a->set_key("Accord sur l'eau");
  a->set_date("2025-03-04");
  *a->add_citations() = MakeCitation("v.txt", "Ils ont signé un accord sur l'eau.");
  qv1::ProfileLine* m = p.add_mechanisms();
  m->set_key("Dialogue stratégique");
  m->set_count(4);
  const std::string out = FormatProfile(p);
  EXPECT_TRUE(absl::StartsWith(out, "BE-FR: 2 events, 2025-03-04 to 2025-06-10\n")) << out;
  EXPECT_TRUE(absl::StrContains(
      out, "agreements:\n2025-03-04  Accord sur l'eau\n  [v.txt] Ils ont signé un accord sur l'eau.\n"))
      << out;
  EXPECT_TRUE(absl::StrContains(out, "Dialogue stratégique #4")) << out;
}

TEST(ViewsTest, AnnotatedDocumentListsSpansWithTheirText) {
  qv1::AnnotatedDocument d;
  d.mutable_document()->set_id("d1");
  d.mutable_document()->set_clean_text("Émile Zorn a reçu Ana Vell.");
  qv1::Annotation* a = d.add_annotations();
  a->mutable_span()->set_start(18);
  a->mutable_span()->set_end(26);
  a->set_kind("mention");
  a->set_ref("person:ana-vel");
  a->set_label("Ana Vell");
  const std::string out = FormatAnnotatedDocument(d);
  EXPECT_TRUE(absl::StrContains(out, "18-26  mention  Ana Vell  person:ana-vel  Ana Vell\n"))
      << out;
}

TEST(ViewsTest, JsonLineKeepsProtoFieldNames) {
  qv1::Citation c = MakeCitation("x.txt", "Une phrase.");
  c.set_sentence_start(3);
  const nlohmann::json j = nlohmann::json::parse(JsonLine(c));
  EXPECT_EQ(j["uri"], "x.txt");
  EXPECT_EQ(j["sentence_start"], 3);
}

}  // namespace
}  // namespace dragoman::cli
