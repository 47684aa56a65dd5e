#include "services/query/citations.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "common/text/utf8.h"
#include "gtest/gtest.h"

namespace dragoman::query {
namespace {

constexpr char kText[] =
    "Réunion à Valmont\n"
    "\n"
    "Le ministre Émile Zorn a reçu Ana Vell lundi. Ils ont parlé   de l'eau.\n"
    "Une déclaration commune a été signée.";

int Find(const std::string& text, const std::string& what) {
  const size_t byte = text.find(what);
  return text::OffsetMap(text).ToCodePoint(byte);
}

TEST(SentenceIndexTest, CitesTheSentenceContainingTheSpan) {
  const std::string text = kText;
  dragoman::records::v1::Document d;
  d.set_id("doc1");
  d.set_uri("notes/valmont.txt");
  d.set_clean_text(text);
  const SentenceIndex index(text);
  const int start = Find(text, "Ana Vell");
  const dragoman::query::v1::Citation c = index.Cite(d, start, start + 8);
  EXPECT_EQ(c.doc(), "doc1");
  EXPECT_EQ(c.uri(), "notes/valmont.txt");
  EXPECT_EQ(c.start(), start);
  EXPECT_EQ(c.end(), start + 8);
  EXPECT_EQ(c.sentence(), "Le ministre Émile Zorn a reçu Ana Vell lundi.");
  // The span lies inside the sentence's own span, and slicing the text
  // there reads the cited name.
  EXPECT_LE(c.sentence_start(), c.start());
  EXPECT_GE(c.sentence_end(), c.end());
  EXPECT_EQ(text::SliceCodePoints(text, c.start(), c.end()), "Ana Vell");
}

TEST(SentenceIndexTest, HeadlinesEndAtLineBreaksAndSpacesCollapse) {
  const std::string text = kText;
  dragoman::records::v1::Document d;
  d.set_clean_text(text);
  const SentenceIndex index(text);
  EXPECT_EQ(index.Cite(d, 0, 7).sentence(), "Réunion à Valmont");
  const int eau = Find(text, "l'eau");
  EXPECT_EQ(index.Cite(d, eau, eau + 5).sentence(), "Ils ont parlé de l'eau.");
}

TEST(SentenceIndexTest, SpanAcrossSentencesCoversBoth) {
  const std::string text = kText;
  dragoman::records::v1::Document d;
  d.set_clean_text(text);
  const SentenceIndex index(text);
  const int from = Find(text, "lundi"), to = Find(text, "parlé") + 5;
  EXPECT_EQ(index.Cite(d, from, to).sentence(),
            "Le ministre Émile Zorn a reçu Ana Vell lundi. Ils ont parlé de l'eau.");
}

TEST(SentenceIndexTest, OutOfRangeSpansAreClamped) {
  const std::string text = "Une phrase.";
  const SentenceIndex index(text);
  EXPECT_EQ(index.Covering(-5, 100), std::make_pair(0, 11));
  const SentenceIndex empty("");
  EXPECT_EQ(empty.Covering(0, 3), std::make_pair(0, 0));
}

// The reference: every boundary of the whole text, by a forward pass over
// its UTF-16 form (how SentenceIndex worked before it found boundaries
// lazily over the UTF-8).
std::pair<int, int> ReferenceCovering(const std::string& text, int start, int end) {
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  const int total = u.countChar32();
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(
      icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
  EXPECT_TRUE(U_SUCCESS(status));
  it->setText(u);
  std::vector<int> boundaries;
  int32_t prev16 = 0;
  int cp = 0;
  for (int32_t b = it->first(); b != icu::BreakIterator::DONE; b = it->next()) {
    cp += u.countChar32(prev16, b - prev16);
    prev16 = b;
    boundaries.push_back(cp);
  }
  if (boundaries.empty() || boundaries.front() != 0) boundaries.insert(boundaries.begin(), 0);
  if (boundaries.back() != total) boundaries.push_back(total);
  start = std::clamp(start, 0, total);
  end = std::clamp(end, start, total);
  const int from = *std::prev(std::upper_bound(boundaries.begin(), boundaries.end(), start));
  auto e = std::lower_bound(boundaries.begin(), boundaries.end(), std::max(end, from + 1));
  return {from, e == boundaries.end() ? total : *e};
}

// Texts made of pieces that exercise the sentence rules: abbreviations,
// numbers, quotes and brackets, line breaks of every kind, runs of spaces,
// lines that start with spaces or punctuation, multi-byte letters.
std::string RandomText(std::mt19937* rng) {
  static const std::vector<std::string> kPieces = {
      "Le ministre", " a reçu", " M.", " Dr.", " l'ambassadeur", " à Paris", ".", ". ", "? ",
      "! ", "...", " 3.5", " 12.", " U.S.", " «", "»", " (", ")", "\"", "'", "\n", "\n\n", "\r\n",
      "\r", "   ", "\t", " ", " Émile", " éTÉ", " ÆØÅ", " 北京。", " 😀", " x.y", " Ils", " ils",
      "\xc2\x85", "\xe2\x80\xa8", "\xe2\x80\xa9", " ;", ",", ":", " -", " —", " .)", " ?»",
      // Sentence starts after a terminator and spaces (where SentenceIndex
      // may cut the text), and near misses.
      ". A", ".  Bonjour", "? Oui", "! Non", " M. Dupont", ".\xcc\x81 X", ". \xcc\x81X",
      "\xc2\xad", ". \xc2\xabLe", " .B", ".\xc2\xa0X", ". 1", ". a", "Le", "A", ".\"", ". \"La",
      "..", " e.g. Le", ".) Les", ". \n", "?! Et"};
  std::string text;
  const int n = static_cast<int>((*rng)() % 60);
  for (int i = 0; i < n; ++i) text += kPieces[(*rng)() % kPieces.size()];
  return text;
}

TEST(SentenceIndexTest, BoundariesFromPrefixesEqualAFullForwardPass) {
  std::mt19937 rng(20251126);
  dragoman::records::v1::Document d;
  for (int round = 0; round < 4000; ++round) {
    const std::string text = RandomText(&rng);
    d.set_clean_text(text);
    const int total = text::OffsetMap(text).code_points();
    // One index asked in a random order (lazy state carried across calls)
    // and a fresh one per span.
    const SentenceIndex shared(text);
    for (int k = 0; k < 40; ++k) {
      const int start = static_cast<int>(rng() % (total + 3)) - 1;
      const int end = start + static_cast<int>(rng() % 12) - 2;
      const std::pair<int, int> want = ReferenceCovering(text, start, end);
      ASSERT_EQ(shared.Covering(start, end), want) << "text \"" << text << "\" span " << start
                                                   << ".." << end;
      ASSERT_EQ(SentenceIndex(text).Covering(start, end), want);
      const int from = std::clamp(start, 0, total);
      ASSERT_EQ(shared.Cite(d, from, std::max(from, end)).sentence(),
                CollapseSpaces(text::SliceCodePoints(text, want.first, want.second)));
    }
  }
}

}  // namespace
}  // namespace dragoman::query
