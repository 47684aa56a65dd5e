#include "common/normalize/normalizer.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dragoman::normalize {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ResolveContentTypeTest, DeclaredThenExtensionThenSniffed) {
  EXPECT_EQ(*ResolveContentType("text/html; charset=UTF-8", "a.txt", "x"), ContentType::kHtml);
  EXPECT_EQ(*ResolveContentType("TEXT/PLAIN", "a.html", "<p>x"), ContentType::kPlainText);
  EXPECT_EQ(*ResolveContentType("", "https://example.org/page.htm?x=1", "x"), ContentType::kHtml);
  EXPECT_EQ(*ResolveContentType("", "notes.txt", "<html>"), ContentType::kPlainText);
  EXPECT_EQ(*ResolveContentType("", "key", "\xEF\xBB\xBF  <!DOCTYPE html><p>x"),
            ContentType::kHtml);
  EXPECT_EQ(*ResolveContentType("", "key", "<div class=a>x</div>"), ContentType::kHtml);
  EXPECT_EQ(*ResolveContentType("", "key", "Un texte < 3 mots"), ContentType::kPlainText);
  EXPECT_EQ(*ResolveContentType("application/octet-stream", "key", "texte"),
            ContentType::kPlainText);
  EXPECT_EQ(ResolveContentType("application/pdf", "a.pdf", "x").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(NormalizeTest, RejectsInvalidUtf8WithTheByteOffset) {
  auto r = Normalize("Bonjour \xC3\x28 monde", "text/plain", "a.txt");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("byte offset 8"));
}

TEST(NormalizeTest, RejectsBinary) {
  auto nul = Normalize(std::string("abc\0def", 7), "", "a.txt");
  ASSERT_FALSE(nul.ok());
  EXPECT_THAT(std::string(nul.status().message()), HasSubstr("NUL byte at byte offset 3"));
  auto pdf = Normalize("%PDF-1.7 rest", "", "a.bin");
  ASSERT_FALSE(pdf.ok());
  EXPECT_THAT(std::string(pdf.status().message()), HasSubstr("PDF"));
  auto controls = Normalize(std::string(40, '\x01') + "text", "", "a");
  EXPECT_EQ(controls.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(NormalizeTest, RejectsDocumentsWithNothingLeft) {
  for (const char* empty : {"", "   \n\n \t", "Imprimer\nPartager\n",
                            "<html><script>x()</script><nav>Menu</nav></html>"}) {
    auto r = Normalize(empty, "", "doc");
    ASSERT_FALSE(r.ok()) << empty;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  }
}

constexpr char kPlainPage[] =
    "\xEF\xBB\xBF"
    "Minist\xC3\xA8re de l'Exemple\r\n"
    "Accueil | Actualit\xC3\xA9s | Communiqu\xC3\xA9s | Contact\r\n"
    "\r\n"
    "Rencontre entre deux ministres \xC3\xA0 Portville\r\n"
    "\r\n"
    "2024-04-02 18:30\r\n"
    "\r\n"
    "Le 2 avril, le ministre   Jean   Exemple a re\xC3\xA7u son homologue.\r\n"
    "\r\n"
    "\r\n"
    "Les deux parties ont sign\xC3\xA9 un accord.\r\n"
    "\r\n"
    " Recommander \xC3\xA0    Imprimer\r\n"
    "\r\n"
    "L'adresse: 1 rue Exemple, Portville Code Postal 100000 Num\xC3\xA9ro de "
    "T\xC3\xA9l\xC3\xA9phone:00-11-22334455";

TEST(NormalizeTest, PlainTextPageLosesItsChrome) {
  auto r = Normalize(kPlainPage, "", "dossier/communique.txt");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->content_type, ContentType::kPlainText);
  EXPECT_EQ(r->clean_text,
            "Minist\xC3\xA8re de l'Exemple\n\n"
            "Rencontre entre deux ministres \xC3\xA0 Portville\n\n"
            "2024-04-02 18:30\n\n"
            "Le 2 avril, le ministre Jean Exemple a re\xC3\xA7u son homologue.\n\n"
            "Les deux parties ont sign\xC3\xA9 un accord.");
}

TEST(NormalizeTest, SpansMapBackToTheOriginalBytes) {
  const std::string original = kPlainPage;
  auto r = Normalize(original, "", "a.txt");
  ASSERT_TRUE(r.ok());
  SourceMap map(r->clean_text, r->alignment);
  // Code points of "Exemple a reçu" in the clean text.
  const std::string needle = "Exemple a re\xC3\xA7u";
  const size_t byte_at = r->clean_text.find(needle);
  ASSERT_NE(byte_at, std::string::npos);
  int cp = 0;
  for (size_t i = 0; i < byte_at; ++i) cp += (r->clean_text[i] & 0xC0) != 0x80;
  auto [b, e] = map.ToSource(cp, cp + 14);
  EXPECT_EQ(original.substr(b, e - b), needle);
  // A span across a collapsed run covers the spaces it replaced.
  const size_t jean = r->clean_text.find("Jean Exemple");
  int jcp = 0;
  for (size_t i = 0; i < jean; ++i) jcp += (r->clean_text[i] & 0xC0) != 0x80;
  auto [jb, je] = map.ToSource(jcp, jcp + 12);
  EXPECT_EQ(original.substr(jb, je - jb), "Jean   Exemple");
}

constexpr char kHtmlPage[] =
    "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<title>Visite d&#039;un ministre &ndash; Le Site</title>\n"
    "<script>window.menu = 1;</script>\n</head>\n<body>\n"
    "<header class=\"site\"><a href=\"/\">Le Site</a></header>\n"
    "<nav><ul><li><a href=\"/\">Accueil</a></li><li>Monde</li></ul></nav>\n"
    "<main><article>\n"
    "<p class=\"date\">Publi\xC3\xA9 le <time datetime=\"2024-06-03\">3 juin 2024</time></p>\n"
    "<h1>Visite d&rsquo;un ministre \xC3\xA0 Portville</h1>\n"
    "<figure><img src=\"x.jpg\" alt=\"\"><figcaption>Sur le quai &copy; "
    "Studio</figcaption></figure>\n"
    "<div class=\"texte\">\n"
    "  <p>Le ministre Jean&nbsp;Exemple a\n    rencontr\xC3\xA9 M.&nbsp;Paul Mod\xC3\xA8le "
    "le 2&nbsp;juin.</p>\n"
    "  <p>Ils ont &eacute;voqu&eacute; la coop&eacute;ration.</p>\n"
    "</div>\n"
    "<ul class=\"outils\"><li><a href=\"#\">Imprimer</a></li><li>Partager</li></ul>\n"
    "<h2>A lire &eacute;galement</h2><ul><li><a href=\"/a\">Un autre article</a></li>"
    "<li><a href=\"/b\">Encore un</a></li></ul>\n"
    "</article></main>\n"
    "<footer><p>Le Site &ndash; 3, rue Exemple &ndash; 99999 Portville</p></footer>\n"
    "</body></html>\n";

TEST(NormalizeTest, HtmlPageBecomesCleanParagraphsWithHints) {
  auto r = Normalize(kHtmlPage, "", "pages/visite.html");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->content_type, ContentType::kHtml);
  EXPECT_EQ(r->clean_text,
            "Publi\xC3\xA9 le 3 juin 2024\n\n"
            "Visite d\xE2\x80\x99un ministre \xC3\xA0 Portville\n\n"
            "Le ministre Jean Exemple a rencontr\xC3\xA9 M. Paul Mod\xC3\xA8le le 2 juin.\n\n"
            "Ils ont \xC3\xA9voqu\xC3\xA9 la coop\xC3\xA9ration.");
  EXPECT_EQ(r->title_hint, "Visite d\xE2\x80\x99un ministre \xC3\xA0 Portville");
  EXPECT_EQ(r->published_hint, "2024-06-03");
  EXPECT_EQ(r->language_hint, "fr");
}

TEST(NormalizeTest, HtmlSpansMapBackIntoTheMarkup) {
  const std::string original = kHtmlPage;
  auto r = Normalize(original, "text/html", "p");
  ASSERT_TRUE(r.ok());
  SourceMap map(r->clean_text, r->alignment);
  const std::string needle = "Paul Mod\xC3\xA8le";
  const size_t at = r->clean_text.find(needle);
  ASSERT_NE(at, std::string::npos);
  int cp = 0;
  for (size_t i = 0; i < at; ++i) cp += (r->clean_text[i] & 0xC0) != 0x80;
  auto [b, e] = map.ToSource(cp, cp + 11);
  EXPECT_EQ(original.substr(b, e - b), needle);
  // "évoqué" came from "&eacute;voqu&eacute;".
  const size_t ev = r->clean_text.find("\xC3\xA9voqu\xC3\xA9");
  int ecp = 0;
  for (size_t i = 0; i < ev; ++i) ecp += (r->clean_text[i] & 0xC0) != 0x80;
  auto [eb, ee] = map.ToSource(ecp, ecp + 6);
  EXPECT_EQ(original.substr(eb, ee - eb), "&eacute;voqu&eacute;");
}

TEST(NormalizeTest, OutputIsNfc) {
  auto r = Normalize("Kouloubae\xCC\x88v est arriv\x65\xCC\x81.", "text/plain", "a");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->clean_text, "Koulouba\xC3\xABv est arriv\xC3\xA9.");
}

TEST(NormalizeTest, PlainTextHasNoMarkupHints) {
  auto r = Normalize("<b>pas une balise</b> dans un texte", "text/plain", "a.txt");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->clean_text, "<b>pas une balise</b> dans un texte");
  EXPECT_TRUE(r->title_hint.empty());
}

TEST(NormalizeTest, CookieBannerAndCreditsAreRemoved) {
  auto r = Normalize(
      "Ce site utilise des cookies. En poursuivant votre navigation, vous acceptez.\n\n"
      "Un titre\n\nPhoto : Studio Exemple\n\nLe corps du texte.\n\n\xC2\xA9 Exemple 2024\n",
      "", "a.txt");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->clean_text, "Un titre\n\nLe corps du texte.");
}

TEST(NormalizeTest, ControlCharactersAreCountedWhereverTheyAre) {
  // More than eight controls and more than 1% of the bytes is binary;
  // tab, line feed, carriage return and form feed are text. Controls at
  // every offset (they are counted eight bytes at a time).
  std::mt19937 random(3);
  const std::string controls = std::string("\x01\x02\x1F\x7F\x0B\x1B", 6);
  const std::string allowed = "\t\n\r\f";
  for (int round = 0; round < 400; ++round) {
    std::string text(300 + random() % 700, 'a');
    const int n = static_cast<int>(random() % 14);
    std::vector<size_t> at;
    while (static_cast<int>(at.size()) < n) {
      const size_t k = 1 + random() % (text.size() - 2);
      if (std::find(at.begin(), at.end(), k) == at.end()) at.push_back(k);
    }
    for (size_t k : at) text[k] = controls[random() % controls.size()];
    for (int k = 0; k < 20; ++k) {
      const size_t p = 1 + random() % (text.size() - 2);
      if (std::find(at.begin(), at.end(), p) == at.end()) text[p] = allowed[random() % 4];
    }
    const bool binary = n > 8 && static_cast<size_t>(n) * 100 > text.size();
    auto result = Normalize(text, "text/plain", "a.txt");
    EXPECT_EQ(!result.ok() && absl::StrContains(result.status().message(), "control characters"),
              binary)
        << n << " controls in " << text.size() << " bytes";
  }
}

}  // namespace
}  // namespace dragoman::normalize
