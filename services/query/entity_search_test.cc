#include "services/query/entity_search.h"

#include "gtest/gtest.h"

namespace dragoman::query {
namespace {

namespace qv1 = dragoman::query::v1;

TEST(EntitySearchTest, FormsFoldCaseAccentsAndRomanization) {
  EXPECT_EQ(SearchWords("Nur-Sultan"), (std::vector<std::string>{"nur", "sultan"}));
  EXPECT_EQ(CompactForm("Noursoultan"), CompactForm("Nur-Sultan"));
  EXPECT_EQ(CompactForm("Jeenbek Kouloubaïev"), CompactForm("Zheenbek Kulubaev"));
  EXPECT_TRUE(SearchWords("  ").empty());
}

TEST(EntitySearchTest, EditDistanceStopsAtTheLimit) {
  EXPECT_EQ(EditDistance("kulubaev", "kulubaev", 2), 0);
  EXPECT_EQ(EditDistance("kulubaev", "kulubayev", 2), 1);
  EXPECT_EQ(EditDistance("abc", "xyz", 1), 2);  // limit + 1
  EXPECT_EQ(EditDistance("", "ab", 3), 2);
}

TEST(EntitySearchTest, ExactBeforePrefixBeforeFuzzy) {
  EXPECT_EQ(MatchSpelling("noursoultan", "Nur-Sultan").kind, qv1::MATCH_KIND_EXACT);
  EXPECT_EQ(MatchSpelling("ZHEENBEK kulubaev", "Jeenbek Kouloubaev").kind, qv1::MATCH_KIND_EXACT);
  EXPECT_EQ(MatchSpelling("kouloub", "Zheenbek Kulubaev").kind, qv1::MATCH_KIND_PREFIX);
  EXPECT_EQ(MatchSpelling("wang", "Wang Yi").kind, qv1::MATCH_KIND_PREFIX);
  const SpellingMatch typo = MatchSpelling("kulubeav", "Zheenbek Kulubaev");
  EXPECT_EQ(typo.kind, qv1::MATCH_KIND_FUZZY);
  EXPECT_EQ(typo.distance, 2);
  EXPECT_EQ(MatchSpelling("pekin", "Valmont").kind, qv1::MATCH_KIND_UNSPECIFIED);

  EXPECT_TRUE(BetterMatch({qv1::MATCH_KIND_EXACT, 0}, {qv1::MATCH_KIND_PREFIX, 0}));
  EXPECT_TRUE(BetterMatch({qv1::MATCH_KIND_FUZZY, 1}, {qv1::MATCH_KIND_FUZZY, 2}));
  EXPECT_TRUE(BetterMatch({qv1::MATCH_KIND_FUZZY, 3}, {qv1::MATCH_KIND_UNSPECIFIED, 0}));
  EXPECT_FALSE(BetterMatch({qv1::MATCH_KIND_UNSPECIFIED, 0}, {qv1::MATCH_KIND_FUZZY, 3}));
}

TEST(EntitySearchTest, FuzzyBudgetGrowsWithLength) {
  EXPECT_EQ(FuzzyBudget(4), 1);
  EXPECT_EQ(FuzzyBudget(8), 2);
  EXPECT_EQ(FuzzyBudget(12), 3);
}

}  // namespace
}  // namespace dragoman::query
