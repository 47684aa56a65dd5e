#include "services/extraction/dates.h"

#include "gtest/gtest.h"

namespace dragoman::extraction {
namespace {

std::vector<std::string> Values(absl::string_view text, std::optional<absl::CivilDay> ref) {
  std::vector<std::string> out;
  for (const DateMention& d : FindDates(text, ref)) out.push_back(d.value);
  return out;
}

using V = std::vector<std::string>;
const absl::CivilDay kRef(2025, 3, 14);  // a Friday

TEST(DatesTest, AbsoluteForms) {
  EXPECT_EQ(Values("Le 1er février 2024, rien.", std::nullopt), V{"2024-02-01"});
  EXPECT_EQ(Values("Mis en ligne 2023-12-05 08:10", std::nullopt), V{"2023-12-05"});
  EXPECT_EQ(Values("Note du 07/01/2025", std::nullopt), V{"2025-01-07"});
  EXPECT_EQ(Values("Seoul, 9 October 2024", std::nullopt), V{"2024-10-09"});
  EXPECT_EQ(Values("on August 3, 2022 in Oslo", std::nullopt), V{"2022-08-03"});
}

TEST(DatesTest, AbbreviatedMonths) {
  EXPECT_EQ(Values("BEIJING, Feb. 6 (Xinhua)", kRef), V{"2025-02-06"});
  EXPECT_EQ(Values("le 3 sept. 2024", std::nullopt), V{"2024-09-03"});
  EXPECT_EQ(Values("Sept. 2023", std::nullopt), V{"2023-09"});
  // "mar" alone is not March; "mars" is.
  EXPECT_EQ(Values("le 4 mars 2021", std::nullopt), V{"2021-03-04"});
}

TEST(DatesTest, RangesGiveTheFirstDay) {
  EXPECT_EQ(Values("du 14 au 16 mai 2024", std::nullopt), V{"2024-05-14"});
  EXPECT_EQ(Values("les 2 et 3 octobre 2021", std::nullopt), V{"2021-10-02"});
}

TEST(DatesTest, MonthYear) {
  EXPECT_EQ(Values("en novembre 2019, à Lima", std::nullopt), V{"2019-11"});
}

TEST(DatesTest, NoYearResolvedAgainstReference) {
  EXPECT_EQ(Values("le 10 mars", kRef), V{"2025-03-10"});
  // Far after the reference: last year's.
  EXPECT_EQ(Values("le 20 décembre", kRef), V{"2024-12-20"});
  // Without a reference or an earlier full date: not guessed.
  EXPECT_TRUE(Values("le 10 mars", std::nullopt).empty());
  EXPECT_EQ(Values("Le 3 mai 2020 puis le 9 juin", std::nullopt), (V{"2020-05-03", "2020-06-09"}));
}

TEST(DatesTest, LastNamedMonth) {
  EXPECT_EQ(Values("en novembre dernier", kRef), V{"2024-11"});
  EXPECT_EQ(Values("last February", kRef), V{"2025-02"});
  EXPECT_EQ(Values("last March", kRef), V{"2024-03"});
  EXPECT_TRUE(Values("en novembre dernier", std::nullopt).empty());
}

TEST(DatesTest, RelativeWords) {
  EXPECT_EQ(Values("hier soir", kRef), V{"2025-03-13"});
  EXPECT_EQ(Values("réuni mardi", kRef), V{"2025-03-11"});
  EXPECT_EQ(Values("ce vendredi", kRef), V{"2025-03-14"});
  EXPECT_EQ(Values("vendredi dernier", kRef), V{"2025-03-07"});
  EXPECT_EQ(Values("last Friday", kRef), V{"2025-03-07"});
  EXPECT_EQ(Values("le mois dernier", kRef), V{"2025-02"});
  EXPECT_EQ(Values("cette année", kRef), V{"2025"});
  EXPECT_EQ(Values("yesterday", kRef), V{"2025-03-13"});
  EXPECT_TRUE(Values("samedi", std::nullopt).empty());
}

TEST(DatesTest, VeilleCountsFromTheLastDate) {
  EXPECT_EQ(Values("Le 1er avril 2022, X ; la veille, Y", std::nullopt),
            (V{"2022-04-01", "2022-03-31"}));
}

TEST(DatesTest, VeilleOfAWeekday) {
  EXPECT_EQ(Values("reçu jeudi ; la veille, il avait vu", kRef), (V{"2025-03-13", "2025-03-12"}));
}

TEST(DatesTest, VeilleIgnoresSpans) {
  // "du 2 au 4 mars" is a span: "la veille" is the day before Wednesday.
  EXPECT_EQ(Values("reçu mercredi, en visite du 2 au 4 mars. La veille, rien", kRef),
            (V{"2025-03-12", "2025-03-02", "2025-03-11"}));
}

TEST(DatesTest, WeekdayBeforeADateIsNotSeparate) {
  EXPECT_EQ(Values("lundi 2 juin 2025", std::nullopt), V{"2025-06-02"});
}

TEST(DatesTest, ImpossibleDaysAreDropped) {
  EXPECT_TRUE(Values("le 31 février 2024", std::nullopt).empty());
  EXPECT_TRUE(Values("le 30/02/2024", std::nullopt).empty());
}

TEST(DatesTest, ParseDay) {
  EXPECT_TRUE(ParseDay("2024-02-29").has_value());
  EXPECT_FALSE(ParseDay("2023-02-29").has_value());
  EXPECT_FALSE(ParseDay("2023-02").has_value());
  // Found by the dates fuzzer: whitespace inside is not a date.
  EXPECT_FALSE(ParseDay("2010-6\n-15").has_value());
  EXPECT_FALSE(ParseDay("2010- 6-15").has_value());
}

TEST(DatesTest, EnglishDayBeforeAndAfter) {
  // kRef is Friday 14 March 2025; "on Wednesday" is the 12th.
  EXPECT_EQ(Values("They met on Wednesday; he had arrived the previous day.", kRef),
            (V{"2025-03-12", "2025-03-11"}));
  EXPECT_EQ(Values("On 3 March 2025 they met, and the following day they signed.", std::nullopt),
            (V{"2025-03-03", "2025-03-04"}));
}

}  // namespace
}  // namespace dragoman::extraction
