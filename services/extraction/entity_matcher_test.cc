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
  EXPECT_EQ(Keys("from Georgia to Géorgie"), V{"country:GE"});
}

TEST(EntityMatcherTest, IsoFrenchNamesFromTheCatalogue) {
  EXPECT_EQ(Keys("un voyage au Bhoutan"), (V{"country:BT"}));
}

TEST(EntityMatcherTest, PlacesWithFormerNamesAndOrganizations) {
  EXPECT_EQ(Keys("De Noursoultan à Alma-Ata, l'OCS et l'ONU"),
            (V{"place:astana", "place:almaty", "org:sco", "org:un"}));
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
