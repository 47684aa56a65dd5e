#include "services/query/full_text.h"

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

TEST(FullTextTest, Bm25FavoursRareTermsAndShortDocuments) {
  EXPECT_GT(Bm25(1, 1, 100, 10, 10), Bm25(1, 50, 100, 10, 10));
  EXPECT_GT(Bm25(1, 5, 100, 5, 10), Bm25(1, 5, 100, 50, 10));
  EXPECT_GT(Bm25(3, 5, 100, 10, 10), Bm25(1, 5, 100, 10, 10));
  EXPECT_GT(Bm25(1, 1, 1, 1, 1), 0.0);
}

}  // namespace
}  // namespace dragoman::query
