#include "services/extraction/persons.h"

#include "gtest/gtest.h"
#include "services/extraction/entity_matcher.h"
#include "services/extraction/roles.h"
#include "services/extraction/test_gazetteer.h"

namespace dragoman::extraction {
namespace {

// "<key>@<surface>" for every person mention.
std::vector<std::string> Persons(absl::string_view text) {
  static const EntityMatcher* matcher = new EntityMatcher(TestGazetteer());
  static const RoleReader* reader = new RoleReader(TestGazetteer());
  Analysis a(text);
  a.language = "fr";
  matcher->Match(&a);
  reader->FindTitles(&a);
  FindPersons(&a);
  std::vector<std::string> out;
  for (const Mention& m : a.mentions) {
    const DocEntity& e = a.entities[m.entity];
    if (e.kind != gazetteer::Kind::kPerson) continue;
    out.push_back(e.key + "@" +
                  std::string(a.index.Slice(a.index.tokens()[m.first].start,
                                            a.index.tokens()[m.end - 1].end)));
  }
  return out;
}

using V = std::vector<std::string>;

TEST(PersonsTest, ShortReferencesResolveToTheFullName) {
  EXPECT_EQ(Persons("Wang Yi est arrivé. Ensuite M. Wang a parlé, puis Kulubaev aussi ; "
                    "Jeenbek Kulubaev avait invité Wang."),
            (V{"person:wang-yi@Wang Yi", "person:wang-yi@M. Wang",
               "person:zheenbek-kulubaev@Kulubaev", "person:zheenbek-kulubaev@Jeenbek Kulubaev",
               "person:wang-yi@Wang"}));
}

TEST(PersonsTest, LoneFamilyNameAfterHonorificIsItsOwnPerson) {
  // No full name in the document: a one-word person, not Wang Yi.
  EXPECT_EQ(Persons("M. Wang a parlé."), V{"person:wang@Wang"});
}

TEST(PersonsTest, AmbiguousShortFormIsSkipped) {
  EXPECT_EQ(Persons("Wang Yi et Wang Wentao ; M. Wang a parlé."),
            (V{"person:wang-yi@Wang Yi", "person:wang-wentao@Wang Wentao"}));
}

TEST(PersonsTest, UnknownNamesAfterTitlesHonorificsOrBeforeAppositions) {
  EXPECT_EQ(Persons("Le ministre des Affaires étrangères Aurelio Quintana a reçu Mme Ilse "
                    "Vandermeer. Tomas Eklund, ambassadeur de Suède, était là."),
            (V{"person:aurelio-quintana@Aurelio Quintana", "person:ilse-vandermeer@Ilse Vandermeer",
               "person:tomas-eklund@Tomas Eklund"}));
}

TEST(PersonsTest, ShortFormsOfUnknownNames) {
  EXPECT_EQ(Persons("Le vice-ministre des Affaires étrangères Liu Bao a parlé. M. Liu a ajouté."),
            (V{"person:liu-bao@Liu Bao", "person:liu-bao@M. Liu"}));
}

TEST(PersonsTest, ParticlesAndPrecedingGivenNames) {
  EXPECT_EQ(Persons("La commissaire Ilse von der Berg, vice-présidente, arrive. "
                    "Serdar Berdimuhamedov reçoit Aman Berdimuhamedov, ministre du Commerce."),
            (V{"person:ilse-von-der-berg@Ilse von der Berg",
               "person:serdar-berdimuhamedov@Serdar Berdimuhamedov",
               "person:aman-berdimuhamedov@Aman Berdimuhamedov"}));
}

TEST(PersonsTest, BylineLine) {
  EXPECT_EQ(Persons("Un titre quelconque\nPar Anne Martin\nLe texte commence ici.\nAsie Centrale\n"
                    "Relations Bilatérales\nLe texte continue.\nPaul Durand"),
            (V{"person:anne-martin@Anne Martin", "person:paul-durand@Paul Durand"}));
}

TEST(PersonsTest, CapitalizedWordsAloneAreNotPersons) {
  EXPECT_EQ(Persons("Le Conseil Européen Du Commerce a publié un Rapport Annuel."), V{});
}

}  // namespace
}  // namespace dragoman::extraction

namespace dragoman::extraction {
namespace {

TEST(PersonsTest, UnknownNameAfterAPortfolioTitle) {
  EXPECT_EQ(Persons("Était présent le ministre de la Défense Aurelio Quintana."),
            (std::vector<std::string>{"person:aurelio-quintana@Aurelio Quintana"}));
}

TEST(PersonsTest, RegnalNumbersAreNotFamilyNames) {
  // "II" alone is not a second mention of Charles III; "M. Xi" still is Xi's.
  EXPECT_EQ(Persons("Charles III a écrit au roi. Le document II a été lu. Xi Jinping et M. Xi."),
            (V{"person:charles-iii@Charles III", "person:xi-jinping@Xi Jinping",
               "person:xi-jinping@M. Xi"}));
}

TEST(PersonsTest, UnknownNameBeforeAnAppositionAndItsShortForm) {
  EXPECT_EQ(Persons("Dilnoza Rakhimova, ministre ouzbèke de l'Économie, a reçu une délégation. "
                    "Mme Rakhimova a présenté le programme."),
            (V{"person:dilnoza-rakhimova@Dilnoza Rakhimova",
               "person:dilnoza-rakhimova@Mme Rakhimova"}));
}

}  // namespace
}  // namespace dragoman::extraction
