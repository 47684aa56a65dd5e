#include "services/extraction/text_index.h"

#include <algorithm>
#include <cstring>
#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/text/unicode.h"
#include "common/text/utf8.h"
#include "gtest/gtest.h"
#include "unicode/uchar.h"
#include "services/extraction/analysis.h"
#include "services/extraction/entity_matcher.h"
#include "services/extraction/lexicon.h"
#include "services/extraction/text_index_reference.h"

namespace dragoman::extraction {
namespace {

TEST(TokenizeTest, SplitsOnApostrophesAndHyphensAndFolds) {
  const TokenList t = Tokenize("L’Étoile de Nur-Sultan, 3e édition");
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
  const TokenList t = Tokenize("Où l'OCS siège");
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

// Folded forms live in one buffer per token list or index, which grows
// (moving the views made so far) and is reused: every view must still read
// the word's fold after growth, reuse on a shorter or longer text, and a
// move of the list.
TEST(FoldBufferTest, ViewsStayTheFoldsAfterGrowthReuseAndMoves) {
  std::string longer;
  for (int i = 0; i < 200; ++i) {
    longer += "Pékin ÉTRANGÈRES Şavkat ΣΟΦΙΑΣ straße Ǆemal İzmir ŉ ﬁn OCS a, ";
    longer += std::to_string(i);
    longer += i % 3 == 0 ? "\n" : " ";
  }
  const std::string shorter = "Le ministre İzmir a reçu à Pékin M. Wang.";
  auto expect_folds = [](absl::string_view text, const std::vector<Token>& tokens) {
    for (const Token& t : tokens) {
      const std::string surface(text.substr(t.start, t.end - t.start));
      ASSERT_EQ(t.folded, text::Fold(surface)) << surface;
    }
  };
  TextIndex index(shorter);
  expect_folds(shorter, index.tokens());
  for (const std::string* text : std::vector<const std::string*>{&longer, &shorter, &longer}) {
    index.Reset(*text);
    ASSERT_GT(index.tokens().size(), 0u);
    expect_folds(*text, index.tokens());
  }
  TokenList list = Tokenize(longer);
  ASSERT_GT(list.size(), 1000u);
  expect_folds(longer, list.tokens());
  TokenList moved = std::move(list);
  expect_folds(longer, moved.tokens());
  std::vector<TokenList> lists;
  for (int i = 0; i < 20; ++i) lists.push_back(Tokenize(i % 2 ? longer : shorter));
  for (int i = 0; i < 20; ++i) expect_folds(i % 2 ? longer : shorter, lists[i].tokens());
}

// Every token's code-point span is what text::OffsetMap gives for its
// byte span, whatever the scripts and the punctuation between words.
TEST(TokenizeTest, CodePointSpansMatchOffsetMap) {
  const std::string text =
      "« Pékin — Бишкек », 北京 l’OCS; Ōsaka… 3e 2025.\nTokaïev\u00a0et M.\u202fWang 😀 fin";
  const text::OffsetMap offsets(text);
  const TextIndex index(text);
  ASSERT_GT(index.tokens().size(), 10u);
  for (size_t i = 0; i < index.tokens().size(); ++i) {
    const Token& t = index.tokens()[i];
    EXPECT_EQ(static_cast<int>(index.CodePointStart(i)), offsets.ToCodePoint(t.start)) << index.Surface(i);
    EXPECT_EQ(static_cast<int>(index.CodePointEnd(i)), offsets.ToCodePoint(t.end)) << index.Surface(i);
  }
}

// What the lexicon and the gap bits say of each token is what the word
// lists and the text say.
TEST(TextIndexTest, WordBitsAndGapBits) {
  const TextIndex index("Le sommet. Puis, à Pékin (lundi) : la visite/www.gov.kz");
  const std::vector<Token>& t = index.tokens();
  EXPECT_TRUE(t[0].words & kFrenchWord);     // "le"
  EXPECT_TRUE(t[0].words & kStopword);
  EXPECT_TRUE(t[1].words & kSummitWord);     // "sommet"
  EXPECT_EQ(t[4].words, 0u);                 // "pekin"
  EXPECT_TRUE(index.GapHas(1, kGapPeriod));  // "sommet. Puis"
  EXPECT_TRUE(index.GapHas(2, kGapComma));
  EXPECT_TRUE(index.GapHas(4, kGapOpenParen));
  EXPECT_TRUE(index.GapHas(5, kGapCloseParen | kGapColon));
  EXPECT_TRUE(index.GapHas(7, kGapSlash));
  EXPECT_TRUE(index.GapHas(8, kGapIsPeriod));   // "www.gov"
  EXPECT_FALSE(index.GapHas(1, kGapIsPeriod));  // ". " is more than a period
  EXPECT_EQ(t[1].hash, HashWord("sommet"));
  EXPECT_EQ(WordBitsOf("sommet"), t[1].words);
}

// Tokens written over a reused buffer are those of a fresh split: nothing
// of the previous, longer text is left.
TEST(TokenizeTest, ReusedBufferHoldsOnlyTheNewText) {
  std::vector<Token> reused;
  TokenShapes("Le Président KAZAKH et 12 ministres, à Astana", &reused);
  TokenShapes("M. Wang 2025", &reused);
  const std::vector<Token> fresh = TokenShapes("M. Wang 2025");
  ASSERT_EQ(reused.size(), fresh.size());
  for (size_t i = 0; i < fresh.size(); ++i) {
    EXPECT_EQ(reused[i].start, fresh[i].start);
    EXPECT_EQ(reused[i].end, fresh[i].end);
    EXPECT_EQ(reused[i].capitalized, fresh[i].capitalized);
    EXPECT_EQ(reused[i].all_caps, fresh[i].all_caps);
    EXPECT_EQ(reused[i].digits, fresh[i].digits);
    EXPECT_TRUE(reused[i].folded.empty());
  }
  // A TextIndex reset on a shorter text: the same tokens and sentences as
  // a new one.
  TextIndex index("Le ministre kazakh a reçu M. Wang. Puis il est parti vers Astana!");
  index.Reset("Réunion à Bichkek. Fin");
  const TextIndex fresh_index("Réunion à Bichkek. Fin");
  ASSERT_EQ(index.tokens().size(), fresh_index.tokens().size());
  for (size_t i = 0; i < index.tokens().size(); ++i) {
    EXPECT_EQ(index.tokens()[i].folded, fresh_index.tokens()[i].folded);
    EXPECT_EQ(index.tokens()[i].words, fresh_index.tokens()[i].words);
    EXPECT_EQ(index.Joined(i), fresh_index.Joined(i));
    EXPECT_EQ(index.SentenceOf(i), fresh_index.SentenceOf(i));
    EXPECT_EQ(index.CodePointStart(i), fresh_index.CodePointStart(i));
  }
  EXPECT_EQ(index.sentences().size(), fresh_index.sentences().size());
}

// Random text from pieces that exercise the block tokenizer: ASCII words
// of every case and length (past 64 bytes too, so that runs cross
// blocks), letters and marks past ASCII, title-case letters, spaces and
// punctuation past ASCII, U+017F, and broken UTF-8.
std::string GeneratedText(std::mt19937* rng) {
  static const char* const kPieces[] = {
      " ", " ", " ", "  ", "\n", ", ", ". ", "-", "'", "\u2019", "\u00a0", "\u202f", "(", ")",
      ",", ".", ". ", ".\u00a0", "! ", "? ", "; ", " M. ", " Mme ", " S. ", "U.S.", " 2.5 ", "\u2010",
      "\u02bc", " - ", "--",
      ":", ";", "/", "!", "?", "\t", "_", "«", "»", "—", "…", "é", "É", "è", "ï", "ß", "ſ",
      "\u0301", "\u01c5", "ǆ", "İ", "ŉ", "ﬁ", "Ω", "ω", "Бишкек", "北京", "😀", "٣", "²", "Ⅻ",
      "Æ", "ø", "Þ", "ÿ", "ç", "Ñ", "ô", "Ü", "œ", "ª", "µ", "º", "×", "÷", "À", "ß", "Ý",
      "\xc3", "\xc3\xc3\xa9",
      "\x80", "\xc3", "\xe2\x80", "\xff", "\xc3\x28", "\xf0\x9f\x98", "\xed\xa0\x80",
      "\xc0\xaf"};
  static const char kLetters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string text;
  const int pieces = std::uniform_int_distribution<int>(0, 120)(*rng);
  for (int k = 0; k < pieces; ++k) {
    const int what = std::uniform_int_distribution<int>(0, 11)(*rng);
    if (what >= 10) {  // any code point of U+00A0-U+00FF
      const int c = std::uniform_int_distribution<int>(0xA0, 0xFF)(*rng);
      text += static_cast<char>(0xC0 | (c >> 6));
      text += static_cast<char>(0x80 | (c & 0x3F));
      continue;
    }
    if (what < 5) {  // an ASCII word, of one case or mixed
      const int length = std::uniform_int_distribution<int>(1, what == 0 ? 90 : 9)(*rng);
      const int style = std::uniform_int_distribution<int>(0, 4)(*rng);
      for (int j = 0; j < length; ++j) {
        char c = kLetters[std::uniform_int_distribution<int>(0, 61)(*rng)];
        if (style == 0 && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (style == 1 && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (style == 2) c = static_cast<char>('0' + j % 10);
        if (style == 3) c = static_cast<char>(j == 0 ? 'A' + j % 26 : 'a' + j % 26);
        text += c;
      }
    } else {
      text += kPieces[std::uniform_int_distribution<size_t>(0, std::size(kPieces) - 1)(*rng)];
    }
  }
  return text;
}

// The block tokenizer gives what the former loop (one code point at a
// time) gave: bounds, shapes, folds, code-point spans; and the hash and
// word bits of each fold; and the gaps and sentences of TextIndex. Every
// length from 0 to 200 bytes (blocks are 64) and random texts, through
// TextIndex, Tokenize and TokenShapes.
TEST(TokenizeTest, BlockTokenizerMatchesTheFormerLoop) {
  std::mt19937 rng(20251126);
  std::vector<std::string> texts;
  for (int i = 0; i < 3000; ++i) texts.push_back(GeneratedText(&rng));
  std::string base;
  while (base.size() < 200) base += GeneratedText(&rng);
  for (size_t n = 0; n <= 200; ++n) texts.push_back(base.substr(0, n));
  texts.push_back(std::string(130, 'a'));
  texts.push_back(std::string(64, 'B') + "\u00e9" + std::string(70, 'c'));
  TextIndex index("");
  std::vector<Token> shapes;
  for (const std::string& text : texts) {
    const std::vector<reference::ReferenceToken> expected = reference::SplitOneByOne(text);
    index.Reset(text);
    const TokenList list = Tokenize(text);
    TokenShapes(text, &shapes);
    ASSERT_EQ(index.tokens().size(), expected.size()) << text;
    ASSERT_EQ(list.size(), expected.size()) << text;
    ASSERT_EQ(shapes.size(), expected.size()) << text;
    for (size_t i = 0; i < expected.size(); ++i) {
      const reference::ReferenceToken& e = expected[i];
      for (const Token* t : {&index.tokens()[i], &list[i], static_cast<const Token*>(&shapes[i])}) {
        ASSERT_EQ(t->start, e.start) << text << " token " << i;
        ASSERT_EQ(t->end, e.end) << text << " token " << i;
        ASSERT_EQ(t->capitalized, e.capitalized) << text << " token " << i;
        ASSERT_EQ(t->all_caps, e.all_caps) << text << " token " << i;
        ASSERT_EQ(t->digits, e.digits) << text << " token " << i;
      }
      for (const Token* t : {&index.tokens()[i], &list[i]}) {
        ASSERT_EQ(t->folded, e.folded) << text << " token " << i;
        ASSERT_EQ(t->hash, HashWord(e.folded));
        ASSERT_EQ(t->words, WordBitsOf(e.folded));
      }
      ASSERT_TRUE(shapes[i].folded.empty());
      ASSERT_EQ(shapes[i].hash, 0u);
      ASSERT_EQ(shapes[i].words, 0u);
      ASSERT_EQ(index.CodePointStart(i), e.code_point_start) << text << " token " << i;
      ASSERT_EQ(index.CodePointEnd(i), e.code_point_end) << text << " token " << i;
    }
    // The gaps and sentences, as the former pass found them.
    const reference::ReferenceGaps gaps = reference::GapsOneByOne(text, expected);
    for (size_t i = 0; i < expected.size(); ++i) {
      ASSERT_EQ(index.Joined(i), gaps.joined[i]) << text << " token " << i;
      for (int bit = 0; bit < 11; ++bit) {
        ASSERT_EQ(index.GapHas(i, 1 << bit), (gaps.bits[i] & (1 << bit)) != 0)
            << text << " token " << i << " bit " << bit;
      }
      ASSERT_EQ(index.SentenceOf(i), gaps.sentence_of[i]) << text << " token " << i;
    }
    ASSERT_EQ(index.sentences().size(), gaps.sentences.size()) << text;
    for (size_t s = 0; s < gaps.sentences.size(); ++s) {
      ASSERT_EQ(index.sentences()[s].begin, gaps.sentences[s].first) << text;
      ASSERT_EQ(index.sentences()[s].end, gaps.sentences[s].second) << text;
    }
  }
}

// The block tokenizer reads the letters of Latin-1 from its masks with
// what ICU says of them: all of U+00C0-U+00FF but U+00D7 and U+00F7 are
// word letters, none is title case, and the capitals are U+00C0-U+00DE.
TEST(TokenizeTest, LatinOneLettersAreWhatIcuSays) {
  for (UChar32 c = 0xC0; c <= 0xFF; ++c) {
    const bool sign = c == 0xD7 || c == 0xF7;
    EXPECT_EQ(text::IsWordCodePoint(c), !sign) << c;
    EXPECT_EQ(static_cast<bool>(u_isalpha(c)), !sign) << c;
    EXPECT_EQ(static_cast<bool>(u_isupper(c)), !sign && c <= 0xDE) << c;
    EXPECT_FALSE(u_istitle(c)) << c;
  }
}

// The trie finds exactly the phrases added and their prefixes.
TEST(PhraseTrieTest, WalksPhrasesWordByWord) {
  PhraseTrie trie;
  const uint32_t asie = trie.Add({"asie"});
  const uint32_t centrale = trie.Add({"asie", "centrale"});
  const uint32_t mer = trie.Add({"mer", "de", "chine"});
  auto next = [&](uint32_t node, const std::string& w) {
    return trie.Next(node, {w, HashWord(w)});
  };
  EXPECT_EQ(next(PhraseTrie::kRoot, "asie"), asie);
  EXPECT_EQ(next(asie, "centrale"), centrale);
  EXPECT_EQ(next(next(next(PhraseTrie::kRoot, "mer"), "de"), "chine"), mer);
  EXPECT_EQ(next(PhraseTrie::kRoot, "centrale"), PhraseTrie::kNone);
  EXPECT_EQ(next(asie, "mer"), PhraseTrie::kNone);
  EXPECT_EQ(trie.Add({"asie", "centrale"}), centrale);  // added once
  for (int i = 0; i < 500; ++i) trie.Add({"w" + std::to_string(i), "x"});  // grows
  EXPECT_EQ(next(asie, "centrale"), centrale);
  EXPECT_NE(next(PhraseTrie::kRoot, "w499"), PhraseTrie::kNone);
}

}  // namespace
}  // namespace dragoman::extraction

namespace dragoman::extraction {
namespace {

// MentionAt's token index, kept up to date by AddMention, answers as a
// search of the mentions does, whatever order the mentions come in.
TEST(AnalysisTest, MentionIndexFollowsInsertionsInAnyOrder) {
  std::string text;
  for (int i = 0; i < 60; ++i) absl::StrAppend(&text, "mot", i, " ");
  std::mt19937 random(20250601);
  for (int round = 0; round < 200; ++round) {
    Analysis analysis(text);
    const size_t n = analysis.index.tokens().size();
    ASSERT_EQ(n, 60u);
    for (int k = 0; k < 25; ++k) {
      const size_t first = random() % n;
      const size_t end = std::min(n, first + 1 + random() % 4);
      const bool free = std::none_of(
          analysis.mentions.begin(), analysis.mentions.end(),
          [&](const Mention& m) { return m.first < end && first < m.end; });
      EXPECT_EQ(analysis.AddMention({first, end, k, false}), free);
      for (size_t t = 0; t < n; ++t) {
        int expected = -1;
        for (size_t i = 0; i < analysis.mentions.size(); ++i) {
          if (analysis.mentions[i].first <= t && t < analysis.mentions[i].end) expected = i;
        }
        ASSERT_EQ(analysis.MentionAt(t), expected) << "round " << round << " token " << t;
      }
    }
    EXPECT_TRUE(std::is_sorted(analysis.mentions.begin(), analysis.mentions.end(),
                               [](const Mention& a, const Mention& b) { return a.first < b.first; }));
  }
}

}  // namespace
}  // namespace dragoman::extraction

namespace dragoman::extraction {
namespace {

// The lexicon's byte compare (overlapping loads) agrees with memcmp for
// every length up to 40 and a difference at every position.
TEST(LexiconTest, SameBytesAgreesWithMemcmp) {
  char a[48], b[48];
  for (size_t n = 0; n <= 40; ++n) {
    for (size_t i = 0; i < n; ++i) a[i] = b[i] = static_cast<char>('a' + (i * 7) % 26);
    EXPECT_TRUE(lexicon_internal::SameBytes(a, b, n)) << n;
    for (size_t at = 0; at < n; ++at) {
      b[at] ^= 0x01;
      EXPECT_EQ(lexicon_internal::SameBytes(a, b, n), std::memcmp(a, b, n) == 0) << n << " " << at;
      EXPECT_FALSE(lexicon_internal::SameBytes(a, b, n)) << n << " " << at;
      b[at] ^= 0x01;
    }
  }
  EXPECT_NE(WordBitsOf("president"), 0u);
  EXPECT_EQ(WordBitsOf("presidenu"), 0u);
}

}  // namespace
}  // namespace dragoman::extraction

namespace dragoman::extraction {
namespace {

void ExpectSameEntity(const DocEntity& a, const DocEntity& b) {
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.entry, b.entry);
  EXPECT_EQ(a.key, b.key);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.country, b.country);
  EXPECT_EQ(a.surfaces, b.surfaces);
  EXPECT_EQ(a.document_scoped, b.document_scoped);
}

// An entity built in the storage of an earlier text's entity is the one
// FromEntry builds: nothing of the earlier entity (surfaces, scope) stays.
TEST(AnalysisTest, EntryEntitiesReuseNothingButStorage) {
  gazetteer::Entry minister;
  minister.id = "person:a-rather-long-identifier-of-a-minister";
  minister.kind = gazetteer::Kind::kPerson;
  minister.name = "A Rather Long Name Of A Minister";
  minister.country = "KZ";
  gazetteer::Entry country;
  country.id = "country:KG";
  country.kind = gazetteer::Kind::kCountry;
  country.name = "Kirghizistan";
  country.country = "KG";

  Analysis analysis("Un texte. Deux phrases.");
  for (int text = 0; text < 3; ++text) {
    DocEntity unknown;
    unknown.kind = gazetteer::Kind::kPerson;
    unknown.key = "person:someone-nobody-has-in-the-gazetteer";
    unknown.name = "Someone";
    unknown.document_scoped = true;
    unknown.surfaces = {"Someone with a long surface form", "S."};
    EXPECT_EQ(analysis.AddEntity(unknown), 0);
    const int m = analysis.AddEntryEntity(minister);
    EXPECT_EQ(m, 1);
    analysis.entities[m].surfaces.push_back("a surface longer than the short-string buffer");
    analysis.entities[m].document_scoped = true;  // as a later rule might
    EXPECT_EQ(analysis.AddEntryEntity(minister), m);  // found by key
    const int c = analysis.AddEntryEntity(country);
    ExpectSameEntity(analysis.entities[c], EntityMatcher::FromEntry(country));
    analysis.Reset("Un autre texte, plus long que le premier.");
    EXPECT_TRUE(analysis.entities.empty());
    // Built again over the spares of the entities above.
    const int k = analysis.AddEntryEntity(country);
    ExpectSameEntity(analysis.entities[k], EntityMatcher::FromEntry(country));
    const int n = analysis.AddEntryEntity(minister);
    ExpectSameEntity(analysis.entities[n], EntityMatcher::FromEntry(minister));
    analysis.Reset("Encore un texte.");
  }
}

}  // namespace
}  // namespace dragoman::extraction
