#include "services/extraction/extractor.h"

#include "common/text/utf8.h"
#include "google/protobuf/arena.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/unknown_field_set.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/extraction/test_gazetteer.h"

namespace dragoman::extraction {
namespace {

const Extractor& TheExtractor() {
  static const Extractor* e = Extractor::Create(TestGazetteer())->release();
  return *e;
}

ExtractionInput Input(const std::string& text) {
  ExtractionInput in;
  in.document_id = "dtest";
  in.text = text;
  in.uri = "/tmp/release.txt";
  return in;
}

const char kRelease[] =
    "Ministère des Affaires étrangères\n\n"
    "Wang Yi s'entretient avec le ministre kirghize des Affaires étrangères à Bichkek\n\n"
    "2024-10-02 21:30\n\n"
    "Le 2 octobre 2024, Wang Yi, ministre des Affaires étrangères, s'est entretenu à Bichkek "
    "avec Jeenbek Kouloubaev, ministre des Affaires étrangères de la République kirghize.\n\n"
    "M. Wang a rappelé l'importance de l'OCS. Kulubaev a salué la coopération sino-kirghize.\n";

// Each thread reuses one analysis from document to document: what a
// document gives does not depend on the documents read before it, even a
// much longer one or a large one whose buffers were let go.
TEST(ExtractorTest, SameRecordsWhateverWasReadBefore) {
  auto first = TheExtractor().Extract(Input(kRelease));
  ASSERT_TRUE(first.ok()) << first.status();
  std::string longer;
  for (int i = 0; i < 20; ++i) longer += kRelease;
  std::string large;
  while (large.size() < (200 << 10)) large += kRelease;
  for (const std::string& before : {longer, std::string("Astana."), large}) {
    ASSERT_TRUE(TheExtractor().Extract(Input(before)).ok());
    auto again = TheExtractor().Extract(Input(kRelease));
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_EQ(again->SerializeAsString(), first->SerializeAsString());
  }
}

// A caller may keep one output message for many documents: what it held
// before (more entities, events, offices, longer strings) leaves no trace.
TEST(ExtractorTest, ReusedMessageGetsTheSameRecords) {
  std::string longer;
  for (int i = 0; i < 5; ++i) longer += kRelease;
  ExtractionInput other = Input(longer + "Le président Xi Jinping a reçu M. Wang.\n");
  other.document_id = "a-much-longer-document-id-than-the-one-of-the-test";
  other.title_hint = "Titre";
  other.source_hint = "source";
  records::v1::DocumentRecords reused;
  for (const ExtractionInput& input : {Input(kRelease), other, Input(kRelease), Input("Astana."),
                                       other, Input(kRelease)}) {
    auto fresh = TheExtractor().Extract(input);
    ASSERT_TRUE(fresh.ok()) << fresh.status();
    ASSERT_TRUE(TheExtractor().Extract(input, &reused).ok());
    EXPECT_EQ(reused.SerializeAsString(), fresh->SerializeAsString());
    EXPECT_EQ(reused.DebugString(), fresh->DebugString());
  }
  EXPECT_EQ(TheExtractor().Extract(Input("abc\xff"), &reused).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(reused.ByteSizeLong(), 0u);
}

// Sets every field of m, recursively: its elements and sub-messages get
// every field too, and each repeated field three more elements; an
// unknown field at every level from `unknown_from` on (0: m's own).
void FillEveryField(google::protobuf::Message* m, int unknown_from, int depth = 0) {
  const google::protobuf::Descriptor* d = m->GetDescriptor();
  const google::protobuf::Reflection* r = m->GetReflection();
  using google::protobuf::FieldDescriptor;
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && f->is_repeated()) {
      for (int k = 0; k < r->FieldSize(*m, f); ++k) {
        FillEveryField(r->MutableRepeatedMessage(m, f, k), unknown_from, depth + 1);
      }
    }
    for (int k = 0; k < (f->is_repeated() ? 3 : 1); ++k) {
      const std::string text = "old " + f->name() + std::string(k * 20, '-');
      switch (f->cpp_type()) {
        case FieldDescriptor::CPPTYPE_STRING:
          f->is_repeated() ? r->AddString(m, f, text) : r->SetString(m, f, text);
          break;
        case FieldDescriptor::CPPTYPE_INT32:
          f->is_repeated() ? r->AddInt32(m, f, 77) : r->SetInt32(m, f, 77);
          break;
        case FieldDescriptor::CPPTYPE_ENUM:
          f->is_repeated() ? r->AddEnumValue(m, f, 3) : r->SetEnumValue(m, f, 3);
          break;
        case FieldDescriptor::CPPTYPE_MESSAGE:
          if (depth < 3) {
            FillEveryField(f->is_repeated() ? r->AddMessage(m, f) : r->MutableMessage(m, f),
                           unknown_from, depth + 1);
          }
          break;
        default:
          FAIL() << "field type not covered: " << f->full_name();
      }
    }
  }
  if (depth >= unknown_from) r->MutableUnknownFields(m)->AddVarint(999, 1);
}

// What a reused message held before, however odd (every field set, unknown
// fields, more elements everywhere), leaves no trace, on the heap and on
// an arena: the result is what Clear() and a fill give.
TEST(ExtractorTest, ReusedMessageIsAsIfCleared) {
  std::string longer;
  for (int i = 0; i < 5; ++i) longer += kRelease;
  ExtractionInput other = Input(longer + "Le président Xi Jinping a reçu M. Wang.\n");
  other.document_id = "a-much-longer-document-id-than-the-one-of-the-test";
  google::protobuf::Arena arena;
  records::v1::DocumentRecords heap;
  records::v1::DocumentRecords* on_arena =
      google::protobuf::Arena::CreateMessage<records::v1::DocumentRecords>(&arena);
  for (records::v1::DocumentRecords* reused : {&heap, on_arena}) {
    // Undated, with a person the gazetteer does not know: offices with no
    // date, participants with no country.
    const ExtractionInput undated = Input(
        "Rencontre à Bichkek\n\nLe ministre des Affaires étrangères Wang Yi a rencontré "
        "M. Jean Durand, ambassadeur, à Bichkek. Wang Yi et Jean Durand ont parlé de commerce.\n");
    // A call: an event with no place.
    const ExtractionInput call = Input(
        "Entretien téléphonique\n\nLe 3 mars 2024, Wang Yi a eu un entretien téléphonique avec "
        "Jeenbek Kouloubaev, ministre des Affaires étrangères de la République kirghize.\n");
    for (const ExtractionInput& input : {Input(kRelease), other, Input("Astana."), other, undated,
                                         Input(kRelease), undated, call, other, call}) {
      auto fresh = TheExtractor().Extract(input);
      ASSERT_TRUE(fresh.ok()) << fresh.status();
      // Unknown fields at every level, below the top, below the elements
      // (in spans and participants), nowhere; then nothing more set.
      for (int unknown_from : {0, 1, 2, 9, -1}) {
        if (unknown_from >= 0) FillEveryField(reused, unknown_from);
        ASSERT_TRUE(TheExtractor().Extract(input, reused).ok());
        EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*reused, *fresh))
            << reused->DebugString();
        EXPECT_EQ(reused->SerializeAsString(), fresh->SerializeAsString());
      }
    }
  }
}

TEST(ExtractorTest, EndToEndRecords) {
  auto r = TheExtractor().Extract(Input(kRelease));
  ASSERT_TRUE(r.ok()) << r.status();
  const auto& doc = r->document();
  EXPECT_EQ(doc.id(), "dtest");
  EXPECT_EQ(doc.uri(), "/tmp/release.txt");
  EXPECT_EQ(doc.language(), "fr");
  EXPECT_EQ(doc.published(), "2024-10-02T21:30:00");
  EXPECT_EQ(doc.title(), "Wang Yi s'entretient avec le ministre kirghize des Affaires "
                         "étrangères à Bichkek");
  EXPECT_EQ(doc.extractor_version(), kExtractorVersion);

  std::map<std::string, const records::v1::Entity*> by_key;
  for (const auto& e : r->entities()) by_key[e.key()] = &e;
  ASSERT_TRUE(by_key.count("person:wang-yi"));
  ASSERT_TRUE(by_key.count("person:zheenbek-kulubaev"));
  ASSERT_TRUE(by_key.count("place:bishkek"));
  ASSERT_TRUE(by_key.count("country:KG"));
  ASSERT_TRUE(by_key.count("country:CN"));  // from "sino-kirghize"
  ASSERT_TRUE(by_key.count("org:sco"));
  const auto* kulubaev = by_key["person:zheenbek-kulubaev"];
  EXPECT_EQ(kulubaev->name(), "Zheenbek Kulubaev");
  EXPECT_EQ(kulubaev->country(), "KG");
  EXPECT_EQ(kulubaev->mentions_size(), 2);
  // Spans are code points into the text.
  for (const auto& m : kulubaev->mentions()) {
    std::string s = text::SliceCodePoints(kRelease, m.start(), m.end());
    EXPECT_TRUE(s == "Jeenbek Kouloubaev" || s == "Kulubaev") << s;
    EXPECT_EQ(m.doc(), "dtest");
  }
  EXPECT_EQ(by_key["person:wang-yi"]->mentions_size(), 3);  // title, body, "M. Wang"

  ASSERT_EQ(r->events_size(), 1);
  const auto& ev = r->events(0);
  EXPECT_EQ(ev.type(), records::v1::EVENT_TYPE_MEETING);
  EXPECT_EQ(ev.date(), "2024-10-02");
  EXPECT_EQ(ev.location(), by_key["place:bishkek"]->id());
  ASSERT_EQ(ev.participants_size(), 2);
  EXPECT_EQ(ev.participants(1).entity(), kulubaev->id());
  EXPECT_EQ(ev.participants(1).role(), records::v1::ROLE_FOREIGN_MINISTER);
  EXPECT_EQ(ev.participants(1).country(), "KG");
  EXPECT_EQ(ev.docs(0), "dtest");

  int foreign_ministers = 0;
  for (const auto& o : r->offices()) {
    if (o.role() == records::v1::ROLE_FOREIGN_MINISTER) ++foreign_ministers;
    EXPECT_EQ(o.as_of(), "2024-10-02");
    EXPECT_EQ(o.doc(), "dtest");
  }
  EXPECT_EQ(foreign_ministers, 2);
}

TEST(ExtractorTest, HintsFillWhatTheTextDoesNotSay) {
  ExtractionInput in = Input("Un texte court sans date ni titre.");
  in.published_hint = "2023-01-05";
  in.title_hint = "Titre fourni";
  in.language_hint = "fr";
  in.source_hint = "Agence";
  auto r = TheExtractor().Extract(in);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->document().published(), "2023-01-05");
  EXPECT_EQ(r->document().title(), "Titre fourni");
  EXPECT_EQ(r->document().source(), "Agence");
  EXPECT_EQ(r->events_size(), 0);
}

TEST(ExtractorTest, OddInputsDoNotBreakTheRules) {
  for (const char* text : {".", "M.", "Le", "\n\n\n", "((((", "Wang Yi,", "Wang Yi, ministre",
                           "le président", "du 3 au", "– l'Accord", "2025-13-45 99:99",
                           "Le 31 février 2024, Xi Jinping a rencontré Vladimir Putin.",
                           "Les deux ministres ont signé les documents suivants :\n– le Traité",
                           "Ont pris part à la réunion Wang Yi et",
                           "M. Wang. M. Wang. M. Wang.", "sino-", "Par\nAnne",
                           // A gathering nobody is named at yet, then pronouns.
                           "Le 3 mai 2024, troisième sommet des dirigeants du format.\n"
                           "Il a rencontré séparément Wang Yi. Elle a reçu son homologue."}) {
    auto r = TheExtractor().Extract(Input(text));
    ASSERT_TRUE(r.ok()) << text << ": " << r.status();
    for (const auto& e : r->entities()) {
      for (const auto& m : e.mentions()) {
        EXPECT_LE(0, m.start());
        EXPECT_LT(m.start(), m.end());
        EXPECT_LE(m.end(), static_cast<int>(text::CodePointCount(text)));
      }
    }
  }
  // An impossible date is not an event date.
  auto r = TheExtractor().Extract(Input("Le 31 février 2024, Xi Jinping a rencontré Vladimir Putin."));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->events_size(), 1);
  EXPECT_FALSE(r->events(0).has_date());
}

TEST(ExtractorTest, LoneFamilyNamesAreKeyedPerDocument) {
  auto r = TheExtractor().Extract(Input("Mme Vandermeer a salué M. Quintana."));
  ASSERT_TRUE(r.ok()) << r.status();
  std::vector<std::string> keys;
  for (const auto& e : r->entities()) keys.push_back(e.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"person:vandermeer@dtest", "person:quintana@dtest"}));
}

TEST(ExtractorTest, RejectsBadText) {
  EXPECT_EQ(TheExtractor().Extract(Input("")).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(TheExtractor().Extract(Input("abc\xff")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(TheExtractor().Extract(Input(std::string(kMaxTextBytes + 1, 'a'))).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace dragoman::extraction
