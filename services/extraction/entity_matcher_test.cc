#include "services/extraction/entity_matcher.h"

#include "gtest/gtest.h"
#include "services/extraction/test_gazetteer.h"

namespace dragoman::extraction {
namespace {

// key of each mention, "*" marking adjectives.
std::vector<std::string> Keys(absl::string_view text) {
  static const EntityMatcher* matcher = new EntityMatcher(TestGazetteer());
  Analysis a(text);
  matcher->Match(&a);
  std::vector<std::string> out;
  for (const Mention& m : a.mentions) {
    out.push_back(a.entities[m.entity].key + (m.adjective ? "*" : ""));
  }
  return out;
}

using V = std::vector<std::string>;

TEST(EntityMatcherTest, CountryNamesInBothLanguages) {
  EXPECT_EQ(Keys("La Chine et le Kirghizstan, puis Viêt Nam et South Korea."),
            (V{"country:CN", "country:KG", "country:VN", "country:KR"}));
}

TEST(EntityMatcherTest, AdjectivesAndCompounds) {
  EXPECT_EQ(Keys("le président ouzbek et la partie kazakhe"), (V{"country:UZ*", "country:KZ*"}));
  EXPECT_EQ(Keys("les relations sino-tadjikes et franco-allemandes"),
            (V{"country:CN*", "country:TJ*", "country:FR*", "country:DE*"}));
  EXPECT_EQ(Keys("le format Chine-Asie centrale"), (V{"country:CN"}));
  EXPECT_EQ(Keys("des consultations kazakho-ouzbèkes"), (V{"country:KZ*", "country:UZ*"}));
  // "Indo-Pacifique" is a region, not India.
  EXPECT_EQ(Keys("la stratégie indo-pacifique"), V{});
}

TEST(EntityMatcherTest, CountryNamesThatAreCommonWordsAreSkipped) {
  // "Réunion" opens headings; "Maurice" and "Dominique" are first names.
  EXPECT_EQ(Keys("Réunion des ministres avec Maurice et Dominique"), V{});
}

TEST(EntityMatcherTest, CountryNamesThatArePersonNamesAreGuarded) {
  EXPECT_EQ(Keys("from Georgia to Géorgie"), (V{"country:GE", "country:GE"}));
  EXPECT_EQ(Keys("King Abdullah II of Jordan met Chad's envoy."),
            (V{"country:JO", "country:TD"}));
  EXPECT_EQ(Keys("Jordan and Georgia signed."), (V{"country:JO", "country:GE"}));
  EXPECT_EQ(Keys("The Jordan delegation"), (V{"country:JO"}));
  // Inside a run of capitalized words they are names of persons.
  EXPECT_EQ(Keys("said Michael Jordan and Chad Smith"), V{});
  EXPECT_EQ(Keys("Jordan Peterson spoke"), V{});
  EXPECT_EQ(Keys("selon Salvador Illa, au Salvador"), (V{"country:SV"}));
}

TEST(EntityMatcherTest, DemonymsOfEveryCountry) {
  EXPECT_EQ(Keys("le ministre malien, la délégation burkinabè et des experts guinéens"),
            (V{"country:ML*", "country:BF*", "country:GN*"}));
  EXPECT_EQ(Keys("une entreprise équato-guinéenne et une ONG bissau-guinéenne"),
            (V{"country:GQ*", "country:GW*"}));
  EXPECT_EQ(Keys("la présidente lettone et le Premier ministre néo-zélandais"),
            (V{"country:LV*", "country:NZ*"}));
  EXPECT_EQ(Keys("the Malawian and Surinamese delegations, an Ecuadorian envoy"),
            (V{"country:MW*", "country:SR*", "country:EC*"}));
  // "congolais" stays with the DRC; no generic "coréen".
  EXPECT_EQ(Keys("un diplomate congolais et un artiste coréen"), (V{"country:CD*"}));
}

TEST(EntityMatcherTest, EnglishAdjectivesNeedTheirCapital) {
  EXPECT_EQ(Keys("a Polish minister"), (V{"country:PL*"}));
  EXPECT_EQ(Keys("they polish the text; a french window"), V{});
  // French adjectives are lower case and match in any case.
  EXPECT_EQ(Keys("Kazakh and kazakh, Turc et turc"),
            (V{"country:KZ*", "country:KZ*", "country:TR*", "country:TR*"}));
}

TEST(EntityMatcherTest, CompoundPrefixesNeedAHyphen) {
  EXPECT_EQ(Keys("les relations turco-azerbaïdjanaises et indo-pakistanaises"),
            (V{"country:TR*", "country:AZ*", "country:IN*", "country:PK*"}));
  EXPECT_EQ(Keys("Sino-Russian ties; the américano-chinois talks"),
            (V{"country:CN*", "country:RU*", "country:US*", "country:CN*"}));
  EXPECT_EQ(Keys("le sommet sino-centrasiatique"), (V{"country:CN*"}));
  // A prefix alone is not a country ("Indo" opens many words and names).
  EXPECT_EQ(Keys("Sino et Indo"), V{});
}

TEST(EntityMatcherTest, PhrasesThatDoNotNameTheCountry) {
  EXPECT_EQ(Keys("dans l'océan Indien et l'Indo-Pacifique"), V{});
  EXPECT_EQ(Keys("les pays latino-américains et nord-américains"), V{});
  EXPECT_EQ(Keys("the Indian Ocean and Latin American states"), V{});
  EXPECT_EQ(Keys("le ministre indien et les États-Unis"), (V{"country:IN*", "country:US"}));
  // A language is not its country; the adjective still is.
  EXPECT_EQ(Keys("le texte en russe et en kazakh, signé par la partie russe"), (V{"country:RU*"}));
}

TEST(EntityMatcherTest, IsoFrenchNamesFromTheCatalogue) {
  EXPECT_EQ(Keys("un voyage au Bhoutan"), (V{"country:BT"}));
}

TEST(EntityMatcherTest, PlacesWithFormerNamesAndOrganizations) {
  EXPECT_EQ(Keys("De Noursoultan à Alma-Ata, l'OCS et l'ONU"),
            (V{"place:astana", "place:almaty", "org:sco", "org:un"}));
}

TEST(EntityMatcherTest, CapitalsOfEveryContinent) {
  EXPECT_EQ(Keys("de Ouagadougou à Port-Louis, puis Saint-Domingue et Malé"),
            (V{"place:ouagadougou", "place:port-louis", "place:santo-domingo", "place:male"}));
  EXPECT_EQ(Keys("a male delegate"), V{});
}

TEST(EntityMatcherTest, AcronymsNeedCapitals) {
  // French "un" is not the United Nations.
  EXPECT_EQ(Keys("un accord"), V{});
  EXPECT_EQ(Keys("the UN and the EU"), (V{"org:un", "org:eu"}));
}

TEST(EntityMatcherTest, PersonsByAnyVariantLongestFirst) {
  EXPECT_EQ(Keys("Jeenbek Kouloubaev reçoit Kassym-Jomart Tokaïev"),
            (V{"person:zheenbek-kulubaev", "person:kassym-jomart-tokayev"}));
  EXPECT_EQ(Keys("Xi'an n'est pas Xi Jinping"), (V{"place:xian", "person:xi-jinping"}));
}

TEST(EntityMatcherTest, DomainNamesAreNotNames) {
  EXPECT_EQ(Keys("Source : French.news.cn et www.china.org.cn"), V{});
}

TEST(EntityMatcherTest, NamesDoNotSpanPunctuation) {
  EXPECT_EQ(Keys("Hong, Kong"), V{});
}

}  // namespace
}  // namespace dragoman::extraction
