#include "services/extraction/text_index.h"

#include "common/text/unicode.h"
#include "gtest/gtest.h"

namespace dragoman::extraction {
namespace {

TEST(TokenizeTest, SplitsOnApostrophesAndHyphensAndFolds) {
  std::vector<Token> t = Tokenize("L’Étoile de Nur-Sultan, 3e édition");
  ASSERT_EQ(t.size(), 7u);
  EXPECT_EQ(t[0].folded, "l");
  EXPECT_EQ(t[1].folded, "etoile");
  EXPECT_TRUE(t[1].capitalized);
  EXPECT_EQ(t[3].folded, "nur");
  EXPECT_EQ(t[4].folded, "sultan");
  EXPECT_EQ(t[5].folded, "3e");
  EXPECT_FALSE(t[5].digits);
}

TEST(TokenizeTest, MarksAcronymsAndByteOffsets) {
  std::vector<Token> t = Tokenize("Où l'OCS siège");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[0].start, 0u);
  EXPECT_EQ(t[0].end, 3u);  // "Où" is three bytes
  EXPECT_TRUE(t[2].all_caps);
  EXPECT_FALSE(t[3].all_caps);
}

TEST(TextIndexTest, SentencesKeepHonorificsAndInitials) {
  TextIndex index("M. Dupont a vu S. Martin. Puis il est parti!\nNouvelle ligne");
  ASSERT_EQ(index.sentences().size(), 3u);
  EXPECT_EQ(index.Surface(index.sentences()[1].begin), "Puis");
  EXPECT_EQ(index.Surface(index.sentences()[2].begin), "Nouvelle");
  EXPECT_EQ(index.SentenceOf(4), 0u);  // "Martin"
}

TEST(TextIndexTest, JoinedOnlyAcrossSpacesHyphensApostrophes) {
  TextIndex index("Alma-Ata, Bichkek et d'Orsay");
  // Alma-Ata | , | Bichkek et d ' Orsay
  EXPECT_TRUE(index.Joined(0));
  EXPECT_FALSE(index.Joined(1));
  EXPECT_TRUE(index.Joined(2));
  EXPECT_TRUE(index.Joined(4));
  EXPECT_EQ(index.TokenAt(index.tokens()[2].start), 2u);
}

// The tokenizer's shortcuts (ASCII without ICU, a per-thread memo for the
// rest) must fold exactly as text::Fold does.
TEST(FoldWordTest, SameAsFold) {
  for (const char* word : {"Kazakhstan", "OCS", "2025", "1er", "Tokaïev", "ÉTRANGÈRES", "Ōsaka",
                           "Şavkat", "ΣΟΦΙΑΣ", "straße", "Ǆemal", "İzmir", "Pékin", "Pékin"}) {
    EXPECT_EQ(FoldWord(word), text::Fold(word)) << word;
  }
  std::string text = "Le ministre kazakh Murat NURTLEU a reçu à Pékin l’ambassadeur İzmir";
  for (const Token& t : Tokenize(text)) {
    EXPECT_EQ(t.folded, text::Fold(text.substr(t.start, t.end - t.start)));
  }
}

}  // namespace
}  // namespace dragoman::extraction
