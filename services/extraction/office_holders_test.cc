#include "services/extraction/office_holders.h"

#include "gtest/gtest.h"
#include "services/extraction/entity_matcher.h"
#include "services/extraction/persons.h"
#include "services/extraction/roles.h"
#include "services/extraction/test_gazetteer.h"

namespace dragoman::extraction {
namespace {

// "<key>@<surface>" for every person mention, after linking on `date`.
std::vector<std::string> Persons(absl::string_view text, absl::string_view date) {
  static const EntityMatcher* matcher = new EntityMatcher(TestGazetteer());
  static const RoleReader* reader = new RoleReader(TestGazetteer());
  Analysis a(text);
  a.language = "fr";
  matcher->Match(&a);
  reader->FindTitles(&a);
  FindPersons(&a);
  reader->Attribute(&a);
  LinkTitledFamilyNames(TestGazetteer(), date, &a);
  std::vector<std::string> out;
  for (const Mention& m : a.mentions) {
    const DocEntity& e = a.entities[m.entity];
    if (e.kind != gazetteer::Kind::kPerson) continue;
    out.push_back(e.key + "@" + std::string(a.index.Slice(a.index.tokens()[m.first].start,
                                                          a.index.tokens()[m.end - 1].end)));
  }
  return out;
}

using V = std::vector<std::string>;

TEST(OfficeHoldersTest, TitledFamilyNameIsTheHolderOfThatDay) {
  // Two Japarovs in office in 2023: the title tells them apart.
  EXPECT_EQ(Persons("Xi Jinping a reçu le président kirghize Djaparov. Li Qiang a rencontré le "
                    "Premier ministre kirghize Djaparov.",
                    "2023-05-20"),
            (V{"person:xi-jinping@Xi Jinping", "person:sadyr-japarov@Djaparov",
               "person:li-qiang@Li Qiang", "person:akylbek-japarov@Djaparov"}));
}

TEST(OfficeHoldersTest, LaterShortReferencesFollow) {
  EXPECT_EQ(Persons("Le ministre turc des Affaires étrangères Çavuşoglu est arrivé. "
                    "M. Çavuşoglu a parlé.",
                    "2019-06-01"),
            (V{"person:mevlut-cavusoglu@Çavuşoglu", "person:mevlut-cavusoglu@Çavuşoglu"}));
}

TEST(OfficeHoldersTest, NothingIsGuessed) {
  // A handover day: two holders, no link.
  EXPECT_EQ(Persons("Le président kazakh Tokaev a parlé.", "2019-03-20"),
            (V{"person:tokaev@Tokaev"}));
  // The holder's names do not end with that word.
  EXPECT_EQ(Persons("Le président kazakh Nazarbaïev a parlé.", "2024-05-01"),
            (V{"person:nazarbaiev@Nazarbaïev"}));
  // A title without a name stays without a person.
  EXPECT_EQ(Persons("Le président kazakh a parlé.", "2024-05-01"), V{});
  // No date, no link.
  EXPECT_EQ(Persons("Le président kirghize Djaparov a parlé.", ""),
            (V{"person:djaparov@Djaparov"}));
}

}  // namespace
}  // namespace dragoman::extraction
