#include "services/query/citations.h"

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

}  // namespace
}  // namespace dragoman::query
