#include "services/extraction/dates.h"

#include <cstdlib>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "services/extraction/dates_regex_reference.h"
#include "services/extraction/test_gazetteer.h"

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


// Forms only the scanner's matchers can get subtly wrong, each checked
// against the former expressions (reference::FindDatesWithRegexes).
std::string Describe(const std::vector<DateMention>& dates) {
  std::string out;
  for (const DateMention& d : dates) {
    absl::StrAppend(&out, d.start, "-", d.end, ":", d.value, d.explicit_year ? "Y" : "",
                    d.relative ? "R" : "", " ");
  }
  return out;
}

void ExpectSameAsRegexes(absl::string_view text, std::optional<absl::CivilDay> ref) {
  EXPECT_EQ(Describe(FindDates(text, ref)),
            Describe(reference::FindDatesWithRegexes(text, ref)))
      << "text: \"" << text << "\" reference: "
      << (ref ? absl::FormatCivilTime(*ref) : std::string("none"));
}

const std::optional<absl::CivilDay> kReferences[] = {
    std::nullopt, absl::CivilDay(2025, 3, 14), absl::CivilDay(2024, 12, 1),
    absl::CivilDay(2023, 1, 31), absl::CivilDay(1900, 1, 2)};

TEST(DatesScannerTest, EdgeFormsMatchTheFormerExpressions) {
  for (const char* text : {
           "1er mai 2024", "1ER mai 2024", "1re mai", "1ere mai 2024", "1e mai", "1st May 2024",
           "21st of May", "3rd June, 2024", "12 et 13 mai", "12 and 13 May 2024", "12 - 13 mai",
           "12 au 13 mai", "12 aug 2024", "12 au août", "12 AOÛT 2024", "12 FÉVR. 2024",
           "12 fevr 2024", "12 déc.", "12 DÉC 2024", "du 1er au 3 juin 2024", "du 1ER au 3 juin",
           "Du 14 mai au 2 juin", "du 14 mai. au 2 juin.", "du 14 au 16 maison", "du 14 au 16 mai 20245",
           "du 14 au 16 mai\n2024", "du 4 au 5", "March 20", "Mar. 3rd, 2024", "Sept. 12",
           "Sep 12 2024", "May 2024", "mai de l'an 2024", "mai de l\u2019an 2024", "sept. 2024",
           "mai 1899", "mai 0000", "12 mai 0000", "mars dernier", "last march", "last mayday",
           "novembre  dernier", "lundi 2 juin", "lundis", "mardi dernier", "last Friday",
           "avant-hier", "avant-hiers", "aujourd\u2019hui", "Cet Après-midi", "CETTE ANNÉE",
           "cette annee", "this year", "the previous month", "2024-01-02", "2024-01-02-03",
           "12024-01-02", "2024-13-02", "07/01/2025", "7/1/2025", "123/1/2025", "1/123/2025",
           "07/01/20255", "31/02/2024", "\xC5\xBF" "eptembre 2024", "12 \xC5\xBF" "ept. 2024",
           "mar\xC5\xBF 2024", "x\xC5\xBF" "ept 2024", "thi\xC5\xBF year", "\xC5\xBF" "amedi",
           "May 5\xC5\xBFt", "12\tmai\f2024", "12\vmai 2024", "12_mai", "_12 mai", "a12 mai",
           "12 mai_", "12 mai2024", "12 mai,2024", "12 mai, 2024", "12 mai,  2024"}) {
    for (const auto& ref : kReferences) ExpectSameAsRegexes(text, ref);
  }
}

// Generated text: the vocabulary of every expression, in every case and
// accent form, glued with the separators they care about.
TEST(DatesScannerTest, GeneratedTextMatchesTheFormerExpressions) {
  const std::vector<std::string> words = {
      "janvier", "Janv.", "JAN", "février", "FÉVRIER", "fevrier", "févr", "feb", "Mars", "mar",
      "march", "avril", "apr", "avr", "april", "mai", "MAY", "juin", "june", "jun", "juillet",
      "juil", "jul", "July", "août", "AOÛT", "aout", "aug", "August", "septembre", "sept",
      "sep", "September", "octobre", "oct", "novembre", "nov", "décembre", "déc", "DEC",
      "december", "\xC5\xBF" "ept", "marſ", "lundi", "Mardi", "mercredi", "jeudi", "vendredi",
      "samedi", "dimanche", "monday", "Tuesday", "wednesday", "thursday", "friday",
      "saturday", "sunday", "hier", "avant-hier", "aujourd'hui", "aujourd\u2019hui",
      "la veille", "le lendemain", "the previous day", "the day before", "the next day",
      "the following day", "ce soir", "ce matin", "cet après-midi", "yesterday", "today",
      "this evening", "this morning", "tonight", "le mois dernier", "the previous month",
      "last month", "cette année", "this year", "last", "dernier", "du", "au", "et", "and",
      "de", "l'an", "1er", "1re", "1ER", "st", "nd", "rd", "th", "e", "1", "3", "07", "12",
      "31", "32", "00", "123", "1899", "1900", "2024", "2025", "0000", "2201", "20245",
      "2024-01-02", "2024-02-30", "07/01/2025", "x", "_", "é", "ſ", "\xE2\x84\xAA", "le", "la",
      "Du", "AU", "Last", "DERNIER", "l\u2019an", "1ere", "Mai.", "sept.", "s", "E", "2"};
  const std::vector<std::string> glue = {" ", " ", " ", "  ", "\t", "\n", "\f", "\v", "",
                                         ",", ", ", ".", ". ", "/", "-", "'", "(", ")", " - "};
  // DRAGOMAN_DATES_ROUNDS and DRAGOMAN_DATES_SEED run it longer by hand.
  const char* rounds_flag = std::getenv("DRAGOMAN_DATES_ROUNDS");
  const char* seed_flag = std::getenv("DRAGOMAN_DATES_SEED");
  const int rounds = rounds_flag ? std::atoi(rounds_flag) : 60000;
  std::mt19937 random(seed_flag ? std::atoi(seed_flag) : 20250601);
  auto pick = [&](const std::vector<std::string>& from) {
    return from[std::uniform_int_distribution<size_t>(0, from.size() - 1)(random)];
  };
  for (int round = 0; round < rounds; ++round) {
    std::string text;
    const int length = std::uniform_int_distribution<int>(1, 10)(random);
    for (int k = 0; k < length; ++k) {
      if (k > 0 || random() % 4 == 0) text += pick(glue);
      text += pick(words);
    }
    if (random() % 4 == 0) text += pick(glue);
    const auto& ref = kReferences[random() % std::size(kReferences)];
    ExpectSameAsRegexes(text, ref);
    if (HasFailure()) return;  // one counterexample is enough to read
  }
}

// The project's documents: every fixture, whole and cut at random places.
TEST(DatesScannerTest, FixtureDocumentsMatchTheFormerExpressions) {
  const std::vector<std::string> documents = FixtureDocuments();
  ASSERT_GE(documents.size(), 10u);
  std::mt19937 random(7);
  for (const std::string& document : documents) {
    for (const auto& ref : kReferences) ExpectSameAsRegexes(document, ref);
    for (int k = 0; k < 50; ++k) {
      const size_t a = random() % (document.size() + 1), b = random() % (document.size() + 1);
      ExpectSameAsRegexes(absl::string_view(document).substr(std::min(a, b), std::max(a, b) - std::min(a, b)),
                          kReferences[random() % std::size(kReferences)]);
    }
  }
}

}  // namespace
}  // namespace dragoman::extraction
