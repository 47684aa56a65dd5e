#include "services/extraction/events.h"

#include "gtest/gtest.h"
#include "services/extraction/entity_matcher.h"
#include "services/extraction/persons.h"
#include "services/extraction/roles.h"
#include "services/extraction/test_gazetteer.h"

namespace dragoman::extraction {
namespace {

using records::v1::EventType;

struct Read {
  std::unique_ptr<Analysis> analysis;
  std::vector<EventDraft> events;
  std::vector<std::string> Participants(size_t e) const {
    std::vector<std::string> out;
    for (int p : events[e].participants) out.push_back(analysis->entities[p].key);
    return out;
  }
  std::string Location(size_t e) const {
    return events[e].location < 0 ? "" : analysis->entities[events[e].location].key;
  }
};

Read ReadEvents(absl::string_view text, std::optional<std::string> published,
                const std::string& language = "fr") {
  static const EntityMatcher* matcher = new EntityMatcher(TestGazetteer());
  static const RoleReader* reader = new RoleReader(TestGazetteer());
  Read r;
  r.analysis = std::make_unique<Analysis>(text);
  r.analysis->language = language;
  matcher->Match(r.analysis.get());
  reader->FindTitles(r.analysis.get());
  FindPersons(r.analysis.get());
  reader->Attribute(r.analysis.get());
  EventContext context;
  std::optional<absl::CivilDay> ref;
  if (published) ref = ParseDay(*published);
  context.dates = FindDates(text, ref);
  context.published = published;
  r.events = FindEvents(*r.analysis, context);
  return r;
}

using V = std::vector<std::string>;

TEST(EventsTest, MeetingWithDatePlaceAndParticipants) {
  Read r = ReadEvents("Le 3 février 2024, Wang Yi s'est entretenu à Tachkent avec Bakhtiyor "
                      "Saidov. Les deux ministres ont évoqué le commerce.",
                      std::nullopt);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].type, records::v1::EVENT_TYPE_MEETING);
  EXPECT_EQ(r.events[0].date.value_or(""), "2024-02-03");
  EXPECT_EQ(r.Location(0), "place:tashkent");
  EXPECT_EQ(r.Participants(0), (V{"person:wang-yi", "person:bakhtiyor-saidov"}));
  EXPECT_EQ(r.events[0].countries, (V{"CN", "UZ"}));
}

TEST(EventsTest, StrategicDialogueWithOrdinalAndAgreements) {
  Read r = ReadEvents(
      "Le 8 mai 2023, Wang Yi a tenu le troisième dialogue stratégique avec Murat Nurtleu à "
      "Pékin. Les deux parties ont signé le Programme d'échanges culturels pour 2024 et un "
      "mémorandum d'entente sur les visas.",
      std::nullopt);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].type, records::v1::EVENT_TYPE_STRATEGIC_DIALOGUE);
  EXPECT_EQ(r.events[0].ordinal.value_or(0), 3);
  EXPECT_EQ(r.Location(0), "place:beijing");
  EXPECT_EQ(r.events[0].agreements,
            (V{"Programme d'échanges culturels pour 2024", "mémorandum d'entente sur les visas"}));
}

TEST(EventsTest, PhoneCallWithRelativeDate) {
  Read r = ReadEvents("Hier, Sergey Lavrov a eu un entretien téléphonique avec Hakan Fidan.",
                      std::string("2024-06-05"));
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].type, records::v1::EVENT_TYPE_PHONE_CALL);
  EXPECT_EQ(r.events[0].date.value_or(""), "2024-06-04");
}

TEST(EventsTest, PlansAndWishesAreNotEvents) {
  Read r = ReadEvents("Xi Jinping effectuera une visite d'État au Kazakhstan le mois prochain "
                      "à l'invitation de Kassym-Jomart Tokaïev. Wang Yi souhaite rencontrer "
                      "bientôt Sergey Lavrov.",
                      std::string("2024-06-05"));
  EXPECT_TRUE(r.events.empty());
}

TEST(EventsTest, SummitCollectsParticipantsFromTheNextSentence) {
  Read r = ReadEvents(
      "Le 6 juillet 2024, le quinzième sommet de l'Union s'est tenu à Astana sous la présidence "
      "de Kassym-Jomart Tokaïev. Y ont pris part Shavkat Mirziyoyev et Emomali Rahmon.",
      std::nullopt);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].type, records::v1::EVENT_TYPE_SUMMIT);
  EXPECT_EQ(r.events[0].ordinal.value_or(0), 15);
  EXPECT_EQ(r.Participants(0), (V{"person:kassym-jomart-tokayev", "person:shavkat-mirziyoyev",
                                  "person:emomali-rahmon"}));
}

TEST(EventsTest, SidelinesGiveAMeetingAndTheGathering) {
  Read r = ReadEvents("Le 2 mars 2022, Wang Yi a rencontré Sergey Lavrov en marge de la "
                      "réunion ministérielle du G20.",
                      std::nullopt);
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[0].type, records::v1::EVENT_TYPE_MEETING);
  EXPECT_EQ(r.events[1].type, records::v1::EVENT_TYPE_MULTILATERAL_MEETING);
}

TEST(EventsTest, RepeatedMentionsMergeIntoOneEvent) {
  Read r = ReadEvents("Le 9 avril 2024, Xi Jinping a rencontré Vladimir Putin. Lors de la "
                      "rencontre, Xi Jinping a salué Vladimir Putin.",
                      std::nullopt);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].sentences.size(), 2u);
}

TEST(EventsTest, English) {
  Read r = ReadEvents("On 4 March 2024, Sergey Lavrov held talks with Ishaq Dar in Moscow.",
                      std::nullopt, "en");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].type, records::v1::EVENT_TYPE_MEETING);
  EXPECT_EQ(r.events[0].date.value_or(""), "2024-03-04");
  EXPECT_EQ(r.Location(0), "place:moscow");
}

TEST(EventsTest, OrdinalOfARoundOfTheDialogue) {
  Read r = ReadEvents("Le 2 juin 2024, Wang Yi et Sergey Lavrov ont tenu le septième cycle du "
                      "dialogue stratégique à Moscou.",
                      std::nullopt);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].type, records::v1::EVENT_TYPE_STRATEGIC_DIALOGUE);
  EXPECT_EQ(r.events[0].ordinal.value_or(0), 7);
}

TEST(EventsTest, Ordinals) {
  EXPECT_EQ(ParseOrdinal("quatrieme").value_or(0), 4);
  EXPECT_EQ(ParseOrdinal("3e").value_or(0), 3);
  EXPECT_EQ(ParseOrdinal("16th").value_or(0), 16);
  EXPECT_EQ(ParseOrdinal("premiere").value_or(0), 1);
  EXPECT_FALSE(ParseOrdinal("2025").has_value());
  EXPECT_FALSE(ParseOrdinal("grand").has_value());
}

}  // namespace
}  // namespace dragoman::extraction

namespace dragoman::extraction {
namespace {

TEST(EventsTest, OneByOneMeetingsSplitPerCounterpart) {
  Read r = ReadEvents("Le 7 mars 2024, Wang Yi s'est entretenu séparément avec Bakhtiyor Saidov "
                      "et avec Sirojiddin Muhriddin.",
                      std::nullopt);
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.Participants(0), (V{"person:wang-yi", "person:bakhtiyor-saidov"}));
  EXPECT_EQ(r.Participants(1), (V{"person:wang-yi", "person:sirojiddin-muhriddin"}));
}

TEST(EventsTest, ReportedSpeechAndVaguePastAreNotEvents) {
  Read r = ReadEvents("Le 9 mai 2024, Xi Jinping a rencontré Sergey Lavrov. Sergey Lavrov a "
                      "déclaré que lors du sommet Wang Yi avait rencontré Hakan Fidan. Murat "
                      "Nurtleu a rendu visite à Ishaq Dar l'an dernier.",
                      std::nullopt);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.Participants(0), (V{"person:xi-jinping", "person:sergey-lavrov"}));
}

TEST(EventsTest, SecondaryEventTakesTheDateNearestItsTrigger) {
  Read r = ReadEvents("Sergey Lavrov s'est entretenu ce vendredi à Moscou avec Wang Yi, en visite en "
                      "Russie du 11 au 14 juin.",
                      std::string("2025-06-13"));
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[0].type, records::v1::EVENT_TYPE_MEETING);
  EXPECT_EQ(r.events[0].date.value_or(""), "2025-06-13");
  EXPECT_EQ(r.events[1].type, records::v1::EVENT_TYPE_VISIT);
  EXPECT_EQ(r.events[1].date.value_or(""), "2025-06-11");
}

TEST(EventsTest, VaguePastInEnglishIsNotAnEvent) {
  Read r = ReadEvents("On 5 May 2024, Wang Yi held consultations with Ishaq Dar. Sergey Lavrov "
                      "also had a phone call with Hakan Fidan last week.",
                      std::nullopt, "en");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.Participants(0), (V{"person:wang-yi", "person:ishaq-dar"}));
}

TEST(EventsTest, TitlesAloneNameKnownPersons) {
  // "le chancelier" is the chancellor named before; "son homologue turc"
  // holds the subject's title for Turkey.
  Read r = ReadEvents(
      "Le 2 avril 2024, le chancelier Olaf Scholz a parlé avec le ministre des Affaires "
      "étrangères Hakan Fidan et le ministre des Affaires étrangères Sergey Lavrov. Le 3 avril "
      "2024, le chancelier s'est entretenu avec Emomali Rahmon. Le 4 avril 2024, Sergey Lavrov "
      "a reçu son homologue turc.",
      std::nullopt);
  ASSERT_EQ(r.events.size(), 3u);
  EXPECT_EQ(r.Participants(1), (V{"person:olaf-scholz", "person:emomali-rahmon"}));
  EXPECT_EQ(r.Participants(2), (V{"person:sergey-lavrov", "person:hakan-fidan"}));
}

TEST(EventsTest, PluralTitlesWithAdjectivesNameTheTitledPersons) {
  Read r = ReadEvents("Le ministre des Affaires étrangères Wang Yi et le ministre des Affaires "
                      "étrangères Bakhtiyor Saidov ont salué les liens. Le 3 mai 2024, les "
                      "ministres chinois et ouzbek ont eu une rencontre à Tachkent.",
                      std::nullopt);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.Participants(0), (V{"person:wang-yi", "person:bakhtiyor-saidov"}));
}

TEST(EventsTest, ReportedVisitWithItsOwnDateHasTheHostNotTheSpeaker) {
  Read r = ReadEvents("President Vladimir Putin welcomed the talks. Sergey Lavrov said that "
                      "President Xi Jinping's state visit to Russia last May had been a success.",
                      std::string("2025-03-20"), "en");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].type, records::v1::EVENT_TYPE_VISIT);
  EXPECT_EQ(r.events[0].date.value_or(""), "2024-05");
  EXPECT_EQ(r.Participants(0), (V{"person:xi-jinping", "person:vladimir-putin"}));
}

TEST(EventsTest, SidelineTalksTakePlaceWhereTheGatheringIs) {
  // The sentence between names another city; the bilateral talks still
  // happen at the gathering.
  Read r = ReadEvents("Le 9 octobre 2024, Wang Yi était à Astana pour une réunion "
                      "ministérielle de l'OCS. On y a salué l'ouverture d'un bureau de liaison "
                      "à Bichkek. En marge de la réunion, Wang Yi s'est entretenu avec "
                      "Bakhtiyor Saidov.",
                      std::nullopt);
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[0].type, records::v1::EVENT_TYPE_MULTILATERAL_MEETING);
  EXPECT_EQ(r.Location(0), "place:astana");
  EXPECT_EQ(r.events[1].type, records::v1::EVENT_TYPE_MEETING);
  EXPECT_EQ(r.Location(1), "place:astana");
  EXPECT_EQ(r.events[1].date.value_or(""), "2024-10-09");
}

TEST(EventsTest, ChronologyHeadingsGiveDateAndPlace) {
  Read r = ReadEvents("12/05/2023 – Tachkent.\nTroisième réunion des ministres des Affaires "
                      "étrangères du format.\nEn marge de la réunion, Wang Yi s'entretient avec "
                      "Bakhtiyor Saidov.",
                      std::nullopt);
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[0].type, records::v1::EVENT_TYPE_MULTILATERAL_MEETING);
  EXPECT_EQ(r.events[0].ordinal.value_or(0), 3);
  EXPECT_EQ(r.events[0].date.value_or(""), "2023-05-12");
  EXPECT_EQ(r.Location(0), "place:tashkent");
  EXPECT_EQ(r.events[1].type, records::v1::EVENT_TYPE_MEETING);
  EXPECT_EQ(r.Location(1), "place:tashkent");
}

TEST(EventsTest, SignedDocumentsListedAsBullets) {
  Read r = ReadEvents("Le 6 juin 2024, Vladimir Putin a rencontré Shavkat Mirziyoyev à Moscou. "
                      "Les deux présidents ont signé les documents suivants :\n"
                      "– l'Accord sur la coopération ferroviaire ;\n"
                      "– le Protocole relatif aux échanges d'étudiants.\n",
                      std::nullopt);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].agreements,
            (V{"Accord sur la coopération ferroviaire", "Protocole relatif aux échanges d'étudiants"}));
}

TEST(EventsTest, VisitGetsItsHostAndPlaceFromTheDaysMeeting) {
  Read r = ReadEvents("Le 10 juin 2024, Olaf Scholz est arrivé au Kazakhstan pour une visite "
                      "officielle. Reçu à Astana par Kassym-Jomart Tokaïev, il a évoqué "
                      "l'énergie.",
                      std::nullopt);
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[0].type, records::v1::EVENT_TYPE_VISIT);
  EXPECT_EQ(r.Participants(0), (V{"person:olaf-scholz", "person:kassym-jomart-tokayev"}));
  EXPECT_EQ(r.Location(0), "place:astana");
}

TEST(EventsTest, CouncilInATitleIsNotAGathering) {
  Read r = ReadEvents("Le 21 mai 2025, à Pékin, Wang Yi s'est entretenu avec Rashid Meredov, "
                      "vice-président du Conseil des ministres et ministre turkmène des Affaires "
                      "étrangères.",
                      std::nullopt);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].type, records::v1::EVENT_TYPE_MEETING);
  EXPECT_EQ(r.Participants(0), (V{"person:wang-yi", "person:rashid-meredov"}));
}

TEST(EventsTest, NumberedIntergovernmentalCommitteeIsAMeeting) {
  Read r = ReadEvents("Le 13 novembre 2024, la cinquième session du comité intergouvernemental de "
                      "coopération sino-turkmène s'est tenue à Achgabat, sous la coprésidence de "
                      "Rashid Meredov et de Ding Xuexiang.",
                      std::nullopt);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].type, records::v1::EVENT_TYPE_MEETING);
  EXPECT_EQ(r.events[0].ordinal.value_or(0), 5);
  EXPECT_EQ(r.events[0].date.value_or(""), "2024-11-13");
  EXPECT_EQ(r.Location(0), "place:ashgabat");
  EXPECT_EQ(r.Participants(0), (V{"person:rashid-meredov", "person:ding-xuexiang"}));

  Read en = ReadEvents("On 13 November 2024, the 5th meeting of the Turkmen-Chinese "
                       "Intergovernmental Cooperation Committee was held in Ashgabat, co-chaired "
                       "by Rashid Meredov and Ding Xuexiang.",
                       std::nullopt, "en");
  ASSERT_EQ(en.events.size(), 1u);
  EXPECT_EQ(en.events[0].ordinal.value_or(0), 5);

  // The next session is a plan; a parliamentary commission is not the two
  // governments meeting.
  EXPECT_TRUE(ReadEvents("La sixième session du comité intergouvernemental se tiendra à Pékin "
                         "l'an prochain, sous la coprésidence de Rashid Meredov et de Ding "
                         "Xuexiang.", std::string("2024-11-14")).events.empty());
  EXPECT_TRUE(ReadEvents("Le 13 novembre 2024, la session de la commission des affaires "
                         "étrangères a entendu Rashid Meredov et Ding Xuexiang.",
                         std::nullopt).events.empty());
}

}  // namespace
}  // namespace dragoman::extraction
