#include "services/extraction/header.h"

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
}

}  // namespace
}  // namespace dragoman::extraction
