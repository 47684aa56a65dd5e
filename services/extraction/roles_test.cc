#include "services/extraction/roles.h"

#include "gtest/gtest.h"
#include "services/extraction/entity_matcher.h"
#include "services/extraction/persons.h"
#include "services/extraction/test_gazetteer.h"

namespace dragoman::extraction {
namespace {

using records::v1::Role;

// "<person key> <role> <country>" for every attributed title.
std::vector<std::string> Offices(absl::string_view text, const std::string& language = "fr") {
  static const EntityMatcher* matcher = new EntityMatcher(TestGazetteer());
  static const RoleReader* reader = new RoleReader(TestGazetteer());
  Analysis a(text);
  a.language = language;
  matcher->Match(&a);
  reader->FindTitles(&a);
  FindPersons(&a);
  reader->Attribute(&a);
  std::vector<std::string> out;
  for (const RoleMention& r : a.roles) {
    if (r.person < 0) continue;
    out.push_back(a.entities[r.person].key + " " + records::v1::Role_Name(r.role) + " " +
                  r.country);
  }
  return out;
}

using V = std::vector<std::string>;

TEST(RolesTest, TitleBeforeNameWithAdjective) {
  EXPECT_EQ(Offices("Hier, le président tadjik Emomali Rahmon a pris la parole."),
            (V{"person:emomali-rahmon ROLE_HEAD_OF_STATE TJ"}));
}

TEST(RolesTest, AdjectiveInsideTheTitle) {
  EXPECT_EQ(Offices("Le ministre ouzbek des Affaires étrangères Bakhtiyor Saidov est arrivé."),
            (V{"person:bakhtiyor-saidov ROLE_FOREIGN_MINISTER UZ"}));
}

TEST(RolesTest, ChainedAppositionWithCountry) {
  EXPECT_EQ(Offices("Nous avons accueilli hier à Genève Murat Nurtleu, vice-Premier ministre et "
                    "chef de la diplomatie de la République du Kazakhstan, pour un déjeuner."),
            (V{"person:murat-nurtleu ROLE_DEPUTY_HEAD_OF_GOVERNMENT KZ",
               "person:murat-nurtleu ROLE_FOREIGN_MINISTER KZ"}));
}

TEST(RolesTest, ChainAcrossPartyName) {
  EXPECT_EQ(Offices("Hier soir Wang Yi, également membre du Bureau politique (PCC) et "
                    "aussi ministre des Affaires étrangères, a parlé."),
            (V{"person:wang-yi ROLE_POLITBURO_MEMBER ", "person:wang-yi ROLE_FOREIGN_MINISTER "}));
}

TEST(RolesTest, ChainedTitlesBeforeTheNameAcrossAComplement) {
  EXPECT_EQ(Offices("On Monday, Politburo member of the Communist Party of China and Foreign "
                    "Minister Wang Yi met the press.", "en"),
            (V{"person:wang-yi ROLE_POLITBURO_MEMBER ", "person:wang-yi ROLE_FOREIGN_MINISTER "}));
  EXPECT_EQ(Offices("Hier, le membre du Bureau politique du Parti et ministre des Affaires "
                    "étrangères Wang Yi a parlé."),
            (V{"person:wang-yi ROLE_POLITBURO_MEMBER ", "person:wang-yi ROLE_FOREIGN_MINISTER "}));
  // A title that belongs to someone else before a comma is not borrowed.
  EXPECT_EQ(Offices("Sadyr Japarov, President of Kyrgyzstan, and Foreign Minister Wang Yi spoke.", "en"),
            (V{"person:sadyr-japarov ROLE_HEAD_OF_STATE KG", "person:wang-yi ROLE_FOREIGN_MINISTER "}));
}

TEST(RolesTest, ListOfAppositionsKeepsEachTitleWithItsName) {
  EXPECT_EQ(Offices("Étaient présents Jeyhun Bayramov, ministre des Affaires étrangères de "
                    "l'Azerbaïdjan, Hakan Fidan, ministre des Affaires étrangères de la Turquie, "
                    "et Ararat Mirzoyan, ministre arménien des Affaires étrangères."),
            (V{"person:jeyhun-bayramov ROLE_FOREIGN_MINISTER AZ",
               "person:hakan-fidan ROLE_FOREIGN_MINISTER TR",
               "person:ararat-mirzoyan ROLE_FOREIGN_MINISTER AM"}));
  // A title after a comma that no name precedes still goes to the name.
  EXPECT_EQ(Offices("Selon le ministre turc des Affaires étrangères, Hakan Fidan, rien n'a changé."),
            (V{"person:hakan-fidan ROLE_FOREIGN_MINISTER TR"}));
}

TEST(RolesTest, CounterpartOfAPartyTitledInAnEarlierSentence) {
  EXPECT_EQ(Offices("Le ministre des Affaires étrangères Wang Yi est arrivé à Astana. Il s'est "
                    "entretenu avec son homologue kazakh Kaïrat Abdrakhmanov."),
            (V{"person:wang-yi ROLE_FOREIGN_MINISTER ",
               "person:kairat-abdrakhmanov ROLE_FOREIGN_MINISTER KZ"}));
  EXPECT_EQ(Offices("Le ministre des Affaires étrangères Wang Yi est arrivé à Astana. Wang Yi "
                    "s'est entretenu avec son homologue kazakh Kaïrat Abdrakhmanov."),
            (V{"person:wang-yi ROLE_FOREIGN_MINISTER ",
               "person:kairat-abdrakhmanov ROLE_FOREIGN_MINISTER KZ"}));
}

TEST(RolesTest, SpokespersonsAreOther) {
  EXPECT_EQ(Offices("Aibek Smadiyarov, porte-parole du ministère, a répondu aux questions."),
            (V{"person:aibek-smadiyarov ROLE_OTHER "}));
  EXPECT_EQ(Offices("Foreign Ministry spokesperson Lin Jian said so.", "en"),
            (V{"person:lin-jian ROLE_OTHER "}));
}

TEST(RolesTest, ViceMinisterIsNotMinister) {
  EXPECT_EQ(Offices("Le vice-ministre des Affaires étrangères Sun Weidong était présent."),
            (V{"person:sun-weidong ROLE_DEPUTY_FOREIGN_MINISTER "}));
}

TEST(RolesTest, EnglishTitlesAndSlash) {
  EXPECT_EQ(Offices("Deputy Prime Minister and Foreign Minister Ishaq Dar spoke.", "en"),
            (V{"person:ishaq-dar ROLE_DEPUTY_HEAD_OF_GOVERNMENT ", "person:ishaq-dar ROLE_FOREIGN_MINISTER "}));
}

TEST(RolesTest, CounterpartTakesTheOtherPartysRole) {
  EXPECT_EQ(Offices("Le ministre des Affaires étrangères Hakan Fidan a appelé son homologue "
                    "azerbaïdjanais Jeyhun Bayramov."),
            (V{"person:hakan-fidan ROLE_FOREIGN_MINISTER ", "person:jeyhun-bayramov ROLE_FOREIGN_MINISTER AZ"}));
}

TEST(RolesTest, SecondPortfolioBelongsToTheTitle) {
  EXPECT_EQ(Offices("Minister of Foreign Affairs and Trade of Hungary Aron Kovacs arrived.", "en"),
            (V{"person:aron-kovacs ROLE_FOREIGN_MINISTER HU"}));
  // ... but a second title is a second office.
  EXPECT_EQ(Offices("Foreign Minister and Deputy Prime Minister Aron Kovacs arrived.", "en"),
            (V{"person:aron-kovacs ROLE_FOREIGN_MINISTER ", "person:aron-kovacs ROLE_DEPUTY_HEAD_OF_GOVERNMENT "}));
}

TEST(RolesTest, AppointmentsAndParenthesizedNames) {
  EXPECT_EQ(Offices("En mars, Hakan Fidan a été nommé ministre de la Défense de Hongrie."),
            (V{"person:hakan-fidan ROLE_MINISTER HU"}));
  EXPECT_EQ(Offices("le président de la Mongolie (Ukhnaagiin Khurelsukh) a parlé."),
            (V{"person:ukhnaagiin-khurelsukh ROLE_HEAD_OF_STATE MN"}));
}

TEST(RolesTest, AmbassadorServesTheSendingState) {
  EXPECT_EQ(Offices("Kazakh Foreign Minister Murat Nurtleu received Chinese Ambassador to "
                    "Kazakhstan Zhang Xiao.", "en"),
            (V{"person:murat-nurtleu ROLE_FOREIGN_MINISTER KZ", "person:zhang-xiao ROLE_AMBASSADOR CN"}));
  EXPECT_EQ(Offices("Il a reçu l'ambassadeur du Tadjikistan en Chine, Parviz Sadriddinov."),
            (V{"person:parviz-sadriddinov ROLE_AMBASSADOR TJ"}));
}

TEST(RolesTest, TitleBeforeAVerbIsNotGivenAway) {
  EXPECT_EQ(Offices("Le président a salué Sergey Lavrov."), V{});
}

}  // namespace
}  // namespace dragoman::extraction
