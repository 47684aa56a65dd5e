#include "common/normalize/charset.h"

#include <string>
#include <utility>

#include "common/normalize/normalizer.h"
#include "gtest/gtest.h"

namespace dragoman::normalize {
namespace {

using Range = std::pair<size_t, size_t>;

TEST(DeclaredCharsetTest, FromMediaTypeMetaOrByteOrderMark) {
  EXPECT_EQ(DeclaredCharset("text/plain; charset=ISO-8859-1", "x", false), "iso-8859-1");
  EXPECT_EQ(DeclaredCharset("text/html;charset=\"windows-1252\"", "x", true), "windows-1252");
  EXPECT_EQ(DeclaredCharset("", "<head><META CHARSET='Windows-1252'>", true), "windows-1252");
  EXPECT_EQ(DeclaredCharset("",
                            "<meta http-equiv=\"Content-Type\" "
                            "content=\"text/html; charset=iso-8859-15\">",
                            true),
            "iso-8859-15");
  EXPECT_EQ(DeclaredCharset("", "<meta charset=latin1>", false), "");  // not HTML
  EXPECT_EQ(DeclaredCharset("", "\xFF\xFEh\0", false), "utf-16le");
  EXPECT_EQ(DeclaredCharset("text/plain", "plain", false), "");
  EXPECT_TRUE(IsUtf8("UTF-8"));
  EXPECT_FALSE(IsUtf8("latin1"));
}

TEST(DecodeToUtf8Test, Latin1IsAlignedCharacterByCharacter) {
  auto t = DecodeToUtf8("caf\xE9 noir", "iso-8859-1");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->text(), "caf\xC3\xA9 noir");
  EXPECT_EQ(t->SourceRange(3, 5), Range(3, 4));   // é is one source byte
  EXPECT_EQ(t->SourceRange(6, 10), Range(5, 9));  // "noir"
}

TEST(DecodeToUtf8Test, Utf16WithByteOrderMark) {
  const std::string bytes("\xFF\xFEh\0\xE9\0", 6);
  auto t = DecodeToUtf8(bytes, "utf-16le");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->text(), "h\xC3\xA9");
  EXPECT_EQ(t->SourceRange(0, 1), Range(2, 4));
  EXPECT_EQ(t->SourceRange(1, 3), Range(4, 6));
}

TEST(DecodeToUtf8Test, UnknownCharsetIsAnError) {
  EXPECT_EQ(DecodeToUtf8("x", "no-such-charset-42").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(NormalizeCharsetTest, DeclaredLatin1HtmlIsTranscodedAndAligned) {
  const std::string page =
      "<html><head><meta charset=\"windows-1252\"></head><body>"
      "<p>R\xE9union \x96 Paris, l\x92\xE9t\xE9 dernier.</p></body></html>";
  auto r = Normalize(page, "", "page.html");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->clean_text,
            "R\xC3\xA9union \xE2\x80\x93 Paris, l\xE2\x80\x99\xC3\xA9t\xC3\xA9 dernier.");
  SourceMap map(r->clean_text, r->alignment);
  auto [b, e] = map.ToSource(0, 7);  // "Réunion"
  EXPECT_EQ(page.substr(b, e - b), "R\xE9union");
  auto [pb, pe] = map.ToSource(10, 15);  // "Paris"
  EXPECT_EQ(page.substr(pb, pe - pb), "Paris");
}

TEST(NormalizeCharsetTest, MediaTypeCharsetForPlainText) {
  auto r = Normalize("Le pr\xE9sident a re\xE7u le ministre.", "text/plain; charset=iso-8859-1",
                     "a.txt");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->clean_text, "Le pr\xC3\xA9sident a re\xC3\xA7u le ministre.");
}

TEST(NormalizeCharsetTest, ValidUtf8WinsOverAWrongLabel) {
  auto r = Normalize("D\xC3\xA9j\xC3\xA0 vu.", "text/plain; charset=iso-8859-1", "a.txt");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->clean_text, "D\xC3\xA9j\xC3\xA0 vu.");
}

TEST(NormalizeCharsetTest, Utf16HtmlIsRead) {
  const std::string ascii = "<p>Bonjour</p>";
  std::string bytes = "\xFF\xFE";
  for (char c : ascii) {
    bytes.push_back(c);
    bytes.push_back('\0');
  }
  auto r = Normalize(bytes, "", "page");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->content_type, ContentType::kHtml);
  EXPECT_EQ(r->clean_text, "Bonjour");
}

}  // namespace
}  // namespace dragoman::normalize
