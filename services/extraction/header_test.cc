#include "services/extraction/header.h"

#include <cstdlib>
#include <random>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "services/extraction/header_reference.h"
#include "services/extraction/test_gazetteer.h"
#include "services/extraction/text_index.h"

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


std::string Describe(const Header& h) {
  return absl::StrCat("title=", h.title.value_or("-"), " published=", h.published.value_or("-"),
                      " body=", h.body_start, " dateline=", h.dateline_start, "-",
                      h.dateline_end, " dateline_date_end=", h.dateline_date_end);
}

void ExpectSameAsBefore(absl::string_view text) {
  const std::string before = Describe(reference::ReadHeaderReference(text));
  EXPECT_EQ(Describe(ReadHeader(text)), before) << "text: \"" << text << "\"";
  // Given the text's tokens (as Extract does) instead of splitting lines.
  EXPECT_EQ(Describe(ReadHeader(text, Tokenize(text).tokens())), before)
      << "with the text's tokens: \"" << text << "\"";
  EXPECT_EQ(Describe(ReadHeader(text, TokenShapes(text))), before)
      << "with the text's shapes: \"" << text << "\"";
}

// The hand-written dateline, time and prefix tests against the former RE2
// and ICU ones (reference::ReadHeaderReference), on edge forms.
TEST(HeaderEquivalenceTest, EdgeForms) {
  const char* body =
      " Le ministre a reçu son homologue pour parler de pêche, de ports et de liaisons "
      "maritimes entre les deux pays voisins, puis ils ont signé un accord de coopération.\n";
  for (const char* head : {
           "Paris, le 4 mars 2023", "PARIS, 4 mars 2023 à 10h30", "Paris (AFP), 4 mars 2023 - 9:05",
           "Saint-Étienne, le 4 mars 2023", "L'Haÿ-les-Roses, 4 mars 2023", "Ørsta , 4 mars 2023",
           "Ḥims, 4 mars 2023", "ĐÀ NẴNG, 4 mars 2023", "paris, 4 mars 2023", "Paris 4 mars 2023",
           "Paris (AFP, 4 mars 2023", "2023-03-04T10:00", "2023-03-04 at 7h05", "2023-03-04 — 23:59:59",
           "2023-03-04 24:00", "2023-03-04 10:60", "2023-03-04 ,  1:05:7", "2023-03-04 T10:05",
           "Publié le 04/03/2023 à 08h15", "Par Jean Dupont, 4 mars 2023", "Ministère de X",
           "MINISTÈRE DES AFFAIRES", "Mis à jour le 4 mars 2023", "Partager sur les réseaux sociaux",
           "par\u00A0Jean", "Par\u00A0Jean Dupont et Marie Durand", "Ce site utilise des cookies",
           "ce\u0301 site utilise des cookies mais pas trop", "A\u0300 lire aussi dans nos pages",
           "By John Smith for the press service", "Home > News > Europe", "Le titre · la rubrique"}) {
    ExpectSameAsBefore(absl::StrCat("Une visite de travail consacrée à l'énergie et au climat\n", head,
                                    "\n", body));
    ExpectSameAsBefore(absl::StrCat(head, "\nUne visite de travail consacrée à l'énergie\n", body));
  }
  for (const char* dateline : {
           "VIENNE, 12 septembre (AAN) --", "VIENNE (AAN), 12 septembre --", "OSLO, March 7 (NTB) --",
           "OSLO, le 7 mars 2024 --", "OSLO, 1er mars --", "OSLO, 1ermars --", "OSLO, Le 7 mars --",
           "OSLO, le7 mars --", "OSLO,7 mars --", "OSLO, 7 mars, 2024 --", "OSLO, 7 mars 20245",
           "OSLO, 7 mars. 2024", "OSLO, March 7, 2024 --", "OSLO, Mar. 7 --", "OSLO, March7 --",
           "SAINT-PÉTERSBOURG, 3 mai (Agence) —", "SAINT PÉTERSBOURG – 3 mai", "N'DJAMENA, 3 mai -",
           "N’DJAMENA, 3 mai -", "ĐÀ NẴNG, 3 mai -", "ÅLESUND, 3 mai -", "OSLO (NTB -- 3 mai",
           "OSLO -- Le ministre", "Oslo, 3 mai --", "O, 3 mai --", "OSLO ,", "ΑΘΗΝΑ, 3 mai --",
           "OSLO, 7 ßmars --", "OSLO, 7 mārs --", "OSLO, 7 mars\u2019 --"}) {
    ExpectSameAsBefore(absl::StrCat("Les deux ministres parlent de pêche\n2025-03-07 10:00\n\n",
                                    dateline, body));
    ExpectSameAsBefore(absl::StrCat("Les deux ministres parlent de pêche\n\n", dateline, body));
  }
}

// The separator and four-digit scans go 16 bytes at a time: what they look
// for is put at every offset of a line, across the block edges.
TEST(HeaderEquivalenceTest, SeparatorsAndYearsAtEveryOffset) {
  const std::string body =
      "Le ministre a reçu son homologue pour parler de pêche, de ports et de liaisons maritimes "
      "entre les deux pays voisins, puis ils ont signé un accord de coopération.\n";
  const std::string line = "Les deux ministres parlent de pêche et de ports avec leurs voisins";
  for (const char* piece : {" | ", " > ", "·", "©", " |", "> ", "\xC2\xA0", "mars 2023", "2023",
                            "1 mars 2023", "4/3/2023", "2023-03-04", "12 34", "123", "mars 123",
                            "mars 12345"}) {
    for (size_t at = 0; at <= line.size(); ++at) {
      if (at < line.size() && (static_cast<unsigned char>(line[at]) & 0xC0) == 0x80) continue;
      const std::string head = line.substr(0, at) + piece + line.substr(at);
      ExpectSameAsBefore(absl::StrCat(head, "\n", body));
      ExpectSameAsBefore(absl::StrCat("Titre court de la page\n", head, "\n", body));
      const std::string shorter = absl::StrCat(head.substr(0, at + 9), "\n");
      ExpectSameAsBefore(absl::StrCat("Un titre pour la visite des ministres\n", shorter, body));
      if (HasFailure()) return;
    }
  }
}

// Generated headers: lines of place names, dates, times, punctuation and
// boilerplate words, before a body paragraph.
TEST(HeaderEquivalenceTest, GeneratedHeaders) {
  const std::vector<std::string> pieces = {
      "PARIS", "Paris", "SAINT-ÉTIENNE", "Élysée", "N'DJAMENA", "N’DJAMENA", "ÅLESUND", "ĐÀ",
      "ΑΘΗΝΑ", "œuvre", "ß", "le", "Le", "la", "de", "(AFP)", "(Xinhua", ")", "(", ",", ", ",
      " ", "  ", "\t", " — ", " – ", " - ", "--", ".", "·", " | ", " > ", "©", "à", "at", "T",
      "10:30", "9h05", "23:59:59", "24:00", "7", "12", "1er", "2024", "2025-03-07",
      "04/03/2023", "4 mars 2023", "15 juillet", "July 15", "March 7, 2024", "mars", "Mars",
      "Par", "By", "Ministère", "Ministry", "Accueil", "Publié le", "Mis à jour", "Share",
      "Les deux ministres parlent de pêche", "rencontre", "accord", "\u00A0", "e\u0301"};
  const char* rounds_flag = std::getenv("DRAGOMAN_HEADER_ROUNDS");
  const int rounds = rounds_flag ? std::atoi(rounds_flag) : 20000;
  std::mt19937 random(5);
  auto pick = [&] { return pieces[random() % pieces.size()]; };
  const std::string body =
      "Le ministre a reçu son homologue pour parler de pêche, de ports et de liaisons maritimes "
      "entre les deux pays voisins, puis ils ont signé un accord de coopération.\n";
  for (int round = 0; round < rounds; ++round) {
    std::string text;
    const int lines = 1 + random() % 4;
    for (int l = 0; l < lines; ++l) {
      const int length = 1 + random() % 8;
      for (int k = 0; k < length; ++k) text += pick();
      text += "\n";
    }
    if (random() % 2) {
      for (int k = 0; k < 4; ++k) text += pick();
    }
    text += body;
    if (random() % 3 == 0) text += absl::StrCat("\n", pick(), pick(), pick(), "\n");
    ExpectSameAsBefore(text);
    if (HasFailure()) return;
  }
}

// Fixtures, and fixtures with their first lines shuffled and cut.
TEST(HeaderEquivalenceTest, FixtureDocuments) {
  const std::vector<std::string> documents = FixtureDocuments();
  ASSERT_GE(documents.size(), 10u);
  std::mt19937 random(11);
  for (const std::string& document : documents) {
    ExpectSameAsBefore(document);
    std::vector<std::string> lines = absl::StrSplit(document, '\n');
    for (int k = 0; k < 40; ++k) {
      std::vector<std::string> head(lines.begin(), lines.begin() + std::min<size_t>(lines.size(), 16));
      std::shuffle(head.begin(), head.end(), random);
      std::string text = absl::StrJoin(head, "\n");
      text = text.substr(random() % (text.size() / 4 + 1));
      ExpectSameAsBefore(text);
    }
  }
}

}  // namespace
}  // namespace dragoman::extraction
