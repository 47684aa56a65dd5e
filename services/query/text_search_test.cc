#include "services/query/text_search.h"

#include "gtest/gtest.h"

namespace dragoman::query {
namespace {

TEST(IndexWordsTest, FoldsAndSplitsOnPunctuation) {
  std::set<std::string> words = IndexWords("«Côte d’Ivoire», le 3 mai : Émile-Zorn!");
  EXPECT_EQ(words,
            (std::set<std::string>{"3", "cote", "d", "emile", "ivoire", "le", "mai", "zorn"}));
}

TEST(IndexWordsTest, KeepsOtherScripts) {
  std::set<std::string> words = IndexWords("Москва и Пекин");
  EXPECT_EQ(words.count("москва"), 1u);
  EXPECT_EQ(words.count("пекин"), 1u);
}

TEST(QueryWordsTest, DeduplicatesInOrder) {
  EXPECT_EQ(QueryWords("Zorn zorn VALMONT"), (std::vector<std::string>{"zorn", "valmont"}));
  EXPECT_TRUE(QueryWords(" ... ").empty());
}

TEST(FindFirstMatchTest, ReportsCodePointSpanAndSnippet) {
  const std::string text = "Été chaud. Le ministre Émile Zorn est arrivé à Valmont hier soir.";
  std::optional<TextMatch> m = FindFirstMatch(text, {"emile"}, 12);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->start, 23);
  EXPECT_EQ(m->end, 28);
  EXPECT_EQ(m->snippet, "…Le ministre Émile Zorn est…");
  EXPECT_FALSE(FindFirstMatch(text, {"absent"}).has_value());
  // Whole text: nothing cut, punctuation kept, lines joined.
  m = FindFirstMatch("  Bonjour\n\nValmont !", {"valmont"});
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->snippet, "Bonjour Valmont !");
}

}  // namespace
}  // namespace dragoman::query
