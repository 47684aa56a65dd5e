#include "services/query/full_text.h"

#include <random>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace dragoman::query {
namespace {

TEST(FullTextTest, FrenchWordsMeetOnTheirStemWithOrWithoutAccents) {
  const auto tf = TermFrequencies("Les négociations et la négociation.", "fr");
  ASSERT_EQ(tf.size(), 1u) << "stop words dropped, both forms one stem";
  EXPECT_EQ(tf.begin()->second, 2);
  const auto query = QueryTerms("NEGOCIATIONS");
  ASSERT_EQ(query.size(), 1u);
  EXPECT_EQ(query[0][0], tf.begin()->first);
}

TEST(FullTextTest, EnglishDocumentsUseTheEnglishStemmer) {
  const auto tf = TermFrequencies("The ministers were meeting", "en");
  EXPECT_EQ(tf.count("en:minist"), 1u);
  EXPECT_EQ(tf.count("en:meet"), 1u);
  bool found = false;
  for (const auto& alternatives : QueryTerms("meetings")) {
    for (const std::string& t : alternatives) found = found || t == "en:meet";
  }
  EXPECT_TRUE(found);
}

TEST(FullTextTest, OccurrencesCarryCodePointSpans) {
  const auto terms = AnalyzeText("Été à Genève", "fr");
  ASSERT_EQ(terms.size(), 2u);  // "à" is a stop word
  EXPECT_EQ(terms[0].start, 0);
  EXPECT_EQ(terms[0].end, 3);
  EXPECT_EQ(terms[1].start, 6);
  EXPECT_EQ(terms[1].end, 12);
  EXPECT_TRUE(QueryTerms("le la les").empty());
}

// The term of one word in `lang`, computed without AnalyzeText's per-thread
// memo (QueryTerms stems each word afresh).
std::string UnmemoizedTerm(const std::string& word, const std::string& lang) {
  for (const auto& alternatives : QueryTerms(word)) {
    for (const std::string& t : alternatives) {
      if (t.rfind(lang + ":", 0) == 0) return t;
    }
  }
  return "";
}

TEST(FullTextTest, RememberedTermsEqualFreshOnes) {
  // More distinct words than the memo keeps, in both languages, twice over,
  // with case and accent variants, stop words and over-long words.
  const std::vector<std::string> pieces = {"né", "go", "CIA", "tion", "s", "É", "té", "ment",
                                           "LES", "de", "min", "ister", "ing", "à", "ß", "x"};
  std::mt19937 random(7);
  std::vector<std::string> words;
  for (int i = 0; i < 20000; ++i) {
    std::string w;
    const int n = 1 + static_cast<int>(random() % (i % 500 == 0 ? 40 : 4));
    for (int k = 0; k < n; ++k) w += pieces[random() % pieces.size()];
    words.push_back(w);
  }
  std::thread([&] {  // a thread of its own: starts with an empty memo
    for (int round = 0; round < 2; ++round) {
      for (size_t i = 0; i < words.size(); ++i) {
        const std::string lang = i % 3 == 0 ? "en" : "fr";
        const std::vector<TermOccurrence> terms = AnalyzeText(words[i], lang);
        const std::string expected = UnmemoizedTerm(words[i], lang);
        ASSERT_EQ(terms.empty() ? "" : terms[0].term, expected) << words[i] << " " << lang;
        ASSERT_LE(terms.size(), 1u);
      }
    }
  }).join();
}

TEST(FullTextTest, Bm25FavoursRareTermsAndShortDocuments) {
  EXPECT_GT(Bm25(1, 1, 100, 10, 10), Bm25(1, 50, 100, 10, 10));
  EXPECT_GT(Bm25(1, 5, 100, 5, 10), Bm25(1, 5, 100, 50, 10));
  EXPECT_GT(Bm25(3, 5, 100, 10, 10), Bm25(1, 5, 100, 10, 10));
  EXPECT_GT(Bm25(1, 1, 1, 1, 1), 0.0);
}

}  // namespace
}  // namespace dragoman::query
