#include "services/extraction/header.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace dragoman::extraction {
namespace {

TEST(HeaderTest, SkipsMastheadAndNavigation) {
  const std::string text =
      "Ministère des Affaires étrangères de Ruritanie\n"
      "Accueil | Actualités | Contact\n\n"
      "Le ministre reçoit son homologue de Syldavie pour des consultations\n\n"
      "2024-02-03 17:05\n\n"
      "Le 2 février 2024, le ministre a reçu son homologue pour un long échange de vues "
      "sur les questions régionales et la coopération économique entre les deux pays voisins.\n";
  Header h = ReadHeader(text);
  ASSERT_TRUE(h.title.has_value());
  EXPECT_EQ(*h.title, "Le ministre reçoit son homologue de Syldavie pour des consultations");
  ASSERT_TRUE(h.published.has_value());
  EXPECT_EQ(*h.published, "2024-02-03T17:05:00");
  EXPECT_EQ(text.substr(h.body_start, 10), "Le 2 févr");
}

TEST(HeaderTest, DatelineGivesDateAndPlace) {
  const std::string text =
      "Une visite de travail à Lisbonne consacrée à l'énergie\n\n"
      "Lisbonne, le 4 mars 2023\n\n"
      "Le ministre s'est rendu au Portugal.\n";
  Header h = ReadHeader(text);
  EXPECT_EQ(h.published.value_or(""), "2023-03-04");
  EXPECT_EQ(h.title.value_or(""), "Une visite de travail à Lisbonne consacrée à l'énergie");
  EXPECT_EQ(text.substr(h.dateline_start, h.dateline_end - h.dateline_start), "Lisbonne");
}

TEST(HeaderTest, BodyOpeningWithADateIsNotAPublicationDate) {
  const std::string text =
      "Le 5 mai 2022, le ministre des Affaires étrangères a rencontré à Vienne plusieurs "
      "responsables internationaux pour discuter de sécurité énergétique et de transport, "
      "avant de regagner la capitale dans la soirée du même jour.\n";
  Header h = ReadHeader(text);
  EXPECT_FALSE(h.published.has_value());
  EXPECT_FALSE(h.title.has_value());
}

TEST(HeaderTest, AgencyDatelineWithoutYearNamesThePlace) {
  const std::string text =
      "Les deux pays renforcent leurs échanges commerciaux selon un accord\n"
      "Publié le 12/09/2022 à 08h15\n"
      "VIENNE, 12 septembre (AAN) -- Les ministres se sont rencontrés ce lundi dans la "
      "capitale autrichienne pour examiner la mise en œuvre de leurs engagements communs.\n";
  Header h = ReadHeader(text);
  EXPECT_EQ(h.published.value_or(""), "2022-09-12T08:15:00");
  EXPECT_EQ(text.substr(h.dateline_start, h.dateline_end - h.dateline_start), "VIENNE");
  // Its date is the day of writing: it is not an event date.
  EXPECT_EQ(text.substr(h.dateline_date_end - 12, 12), "12 septembre");
}

TEST(HeaderTest, SignOffLineDatesADispatchWithoutHeaderDate) {
  const std::string text =
      "Les deux ministres parlent de pêche et de ports\n\n"
      "OSLO, 7 mars (NTB) -- Le ministre a reçu hier son homologue islandais pour parler de "
      "pêche, de ports et de liaisons maritimes entre les deux pays.\n\n"
      "(NTB, 7 mars 2025)\n";
  Header h = ReadHeader(text);
  EXPECT_EQ(h.published.value_or(""), "2025-03-07");
  // Only a closing parenthesis line counts, and a date in the story does not.
  const std::string no_sign_off =
      "Les deux ministres parlent de pêche et de ports\n\n"
      "OSLO -- Le ministre a reçu son homologue islandais pour parler de pêche, de ports et de "
      "liaisons maritimes entre les deux pays, comme le 7 mars 2024.\n\nFin de la dépêche.\n";
  EXPECT_FALSE(ReadHeader(no_sign_off).published.has_value());
}

TEST(HeaderTest, BareDatelineDateEndsBeforeTheStory) {
  for (const char* line : {"OSLO, 7 mars (NTB) -- Le ministre a reçu mardi son homologue.",
                           "OSLO (NTB), 7 mars -- Le ministre a reçu mardi son homologue.",
                           "OSLO, March 7 (NTB) -- The minister received on Tuesday his peer."}) {
    const std::string text = std::string("Les deux ministres parlent de pêche\n2025-03-07 10:00\n\n") +
                             line + " Ils ont parlé de pêche et de liaisons maritimes.\n";
    Header h = ReadHeader(text);
    ASSERT_GT(h.dateline_date_end, 0u) << line;
    const std::string before = text.substr(0, h.dateline_date_end);
    EXPECT_TRUE(absl::EndsWith(before, "7 mars") || absl::EndsWith(before, "March 7")) << before;
  }
  // A dateline with no date leaves the story's dates alone.
  const std::string text =
      "Les deux ministres parlent de pêche\n2025-03-07 10:00\n\nOSLO -- Le ministre a reçu "
      "mardi son homologue. Ils ont parlé de pêche et de liaisons maritimes.\n";
  EXPECT_EQ(ReadHeader(text).dateline_date_end, 0u);
}

}  // namespace
}  // namespace dragoman::extraction
