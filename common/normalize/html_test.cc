#include "common/normalize/html.h"

#include <string>

#include "gtest/gtest.h"

namespace dragoman::normalize {
namespace {

std::string Decode(absl::string_view s) { return DecodeEntities(s); }

TEST(DecodeEntitiesTest, NamedReferences) {
  EXPECT_EQ(Decode("l&rsquo;&Eacute;tat &amp; la r&eacute;gion"),
            "l\xE2\x80\x99\xC3\x89tat & la r\xC3\xA9gion");
  EXPECT_EQ(Decode("&laquo;&nbsp;oui&nbsp;&raquo;"), "\xC2\xAB\xC2\xA0oui\xC2\xA0\xC2\xBB");
  EXPECT_EQ(Decode("&hellip;&mdash;&ndash;&copy;"), "\xE2\x80\xA6\xE2\x80\x94\xE2\x80\x93\xC2\xA9");
}

TEST(DecodeEntitiesTest, NumericReferences) {
  EXPECT_EQ(Decode("&#233;&#xE9;&#XE9;&#39;"), "\xC3\xA9\xC3\xA9\xC3\xA9'");
  EXPECT_EQ(Decode("&#x1F600;"), "\xF0\x9F\x98\x80");
  // windows-1252 range, NUL, surrogates and out-of-range values.
  EXPECT_EQ(Decode("&#146;&#150;"), "\xE2\x80\x99\xE2\x80\x93");
  EXPECT_EQ(Decode("&#0;&#xD800;&#x110000;"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(DecodeEntitiesTest, LegacyUnterminatedAndUnknownReferences) {
  EXPECT_EQ(Decode("caf&eacute au lait"), "caf\xC3\xA9 au lait");
  EXPECT_EQ(Decode("a &amp b"), "a & b");
  EXPECT_EQ(Decode("R&D &unknown; & co"), "R&D &unknown; & co");
  EXPECT_EQ(Decode("&#;&#x;"), "&#;&#x;");
}

TEST(HtmlToTextTest, BlocksBecomeParagraphsAndEntitiesAreDecoded) {
  HtmlText out = HtmlToText(
      "<html><body><p>Premier&nbsp;paragraphe.</p><div>Second <b>bloc</b>"
      "</div>Ligne<br>suivante</body></html>");
  EXPECT_NE(out.text.text().find("Premier\xC2\xA0paragraphe."), std::string::npos);
  EXPECT_NE(out.text.text().find("paragraphe.\n\n"), std::string::npos);
  EXPECT_NE(out.text.text().find("Second bloc"), std::string::npos);
  EXPECT_NE(out.text.text().find("Ligne\nsuivante"), std::string::npos);
}

TEST(HtmlToTextTest, DropsScriptsStylesNavigationFootersAndFigures) {
  HtmlText out = HtmlToText(
      "<head><style>p { color: red }</style><script>var x = '<p>not text</p>';</script></head>"
      "<body><header><a href='/'>Portail</a></header>"
      "<nav><ul><li>Rubrique un</li><li>Rubrique deux</li></ul></nav>"
      "<article><p>Le texte utile.</p>"
      "<figure><img src='a.jpg'><figcaption>Une l\xC3\xA9gende &copy; Agence</figcaption></figure>"
      "</article><footer>Pied de page</footer><!-- <p>commentaire</p> --></body>");
  const std::string& t = out.text.text();
  EXPECT_NE(t.find("Le texte utile."), std::string::npos);
  for (const char* gone :
       {"color", "not text", "Portail", "Rubrique", "gende", "Pied", "commentaire"}) {
    EXPECT_EQ(t.find(gone), std::string::npos) << gone;
  }
}

TEST(HtmlToTextTest, KeepsTheHeaderOfTheArticleItself) {
  HtmlText out = HtmlToText(
      "<body><header>Site</header><article><header><h1>Le titre</h1></header>"
      "<p>Corps.</p></article></body>");
  EXPECT_NE(out.text.text().find("Le titre"), std::string::npos);
  EXPECT_EQ(out.text.text().find("Site"), std::string::npos);
  EXPECT_EQ(out.title, "Le titre");
}

TEST(HtmlToTextTest, DropsBoilerplateContainersByClassAndHiddenElements) {
  const char* page =
      "<body><div class=\"menu-haut\">Accueil Monde</div>"
      "<ol class='breadcrumb'><li>Accueil</li></ol>"
      "<div id=\"cookie-banner\">Nous utilisons des cookies</div>"
      "<div class=\"texte\"><p>Le contenu.</p></div>"
      "<span hidden>cach\xC3\xA9</span><div style=\"display: none\">invisible</div>"
      "<a class=\"skip-link\" href=\"#c\">Aller au contenu</a></body>";
  HtmlText out = HtmlToText(page);
  const std::string& t = out.text.text();
  EXPECT_NE(t.find("Le contenu."), std::string::npos);
  for (const char* gone : {"Accueil", "cookies", "cach", "invisible", "Aller"}) {
    EXPECT_EQ(t.find(gone), std::string::npos) << gone;
  }
  HtmlOptions keep;
  keep.drop_by_class = false;
  EXPECT_NE(HtmlToText(page, keep).text.text().find("Accueil"), std::string::npos);
}

TEST(HtmlToTextTest, ReadsHintsFromMarkup) {
  HtmlText out = HtmlToText(
      "<!DOCTYPE html><html lang=\"fr-FR\"><head>"
      "<title>Un titre de page | Le Site</title>"
      "<meta property=\"og:site_name\" content=\"Le Journal\">"
      "<meta property='article:published_time' content='2024-03-05T10:00:00+01:00'>"
      "</head><body><p>Texte.</p></body></html>");
  EXPECT_EQ(out.title, "Un titre de page");
  EXPECT_EQ(out.published, "2024-03-05T10:00:00+01:00");
  EXPECT_EQ(out.language, "fr");
  EXPECT_EQ(out.source, "Le Journal");
}

TEST(HtmlToTextTest, TimeElementGivesThePublishedDateAndH1BeatsTitle) {
  HtmlText out = HtmlToText(
      "<title>Autre</title><body><p>Publi\xC3\xA9 le <time datetime=\"2024-02-01\">1er "
      "f\xC3\xA9vrier</time></p><h1>  Rencontre  &laquo;&#160;au sommet&#160;&raquo; </h1>"
      "</body>");
  EXPECT_EQ(out.published, "2024-02-01");
  EXPECT_EQ(out.title, "Rencontre \xC2\xAB au sommet \xC2\xBB");
}

TEST(HtmlToTextTest, ToleratesBrokenMarkup) {
  HtmlText out =
      HtmlToText("<p class=\"a>b\" data-x='1 > 0'>Un < deux et 3 > 2<p>Fin sans fermeture <b>gras");
  const std::string& t = out.text.text();
  EXPECT_NE(t.find("Un < deux et 3 > 2"), std::string::npos);
  EXPECT_NE(t.find("Fin sans fermeture gras"), std::string::npos);
}

TEST(HtmlToTextTest, UnclosedDroppedElementStopsAtBodyEnd) {
  HtmlText out = HtmlToText("<body><p>Avant.</p><nav>menu</body><p>Apr\xC3\xA8s.</p>");
  EXPECT_NE(out.text.text().find("Avant."), std::string::npos);
  EXPECT_NE(out.text.text().find("Apr\xC3\xA8s."), std::string::npos);
  EXPECT_EQ(out.text.text().find("menu"), std::string::npos);
}

TEST(HtmlToTextTest, AlignmentPointsIntoTheMarkup) {
  const std::string page = "<p>Caf&eacute; <i>noir</i></p>";
  HtmlText out = HtmlToText(page);
  const std::string& t = out.text.text();
  const size_t at = t.find("noir");
  ASSERT_NE(at, std::string::npos);
  auto [begin, end] = out.text.SourceRange(at, at + 4);
  EXPECT_EQ(page.substr(begin, end - begin), "noir");
  const size_t e = t.find("\xC3\xA9");
  auto [eb, ee] = out.text.SourceRange(e, e + 2);
  EXPECT_EQ(page.substr(eb, ee - eb), "&eacute;");
}

}  // namespace
}  // namespace dragoman::normalize

namespace dragoman::normalize {
namespace {

TEST(HtmlToTextTest, ContainersHoldingTheArticleAreKeptWhateverTheirClass) {
  HtmlText out = HtmlToText(
      "<body><div class=\"layout-with-sidebar\"><p>Un.</p><p>Deux.</p><p>Trois.</p>"
      "<p>Quatre.</p></div><div class=\"related\"><ul><li>Lien un</li><li>Lien deux</li></ul>"
      "</div><div class=\"share\"><h1>Le titre</h1></div></body>");
  const std::string& t = out.text.text();
  EXPECT_NE(t.find("Quatre."), std::string::npos);
  EXPECT_NE(t.find("Le titre"), std::string::npos);
  EXPECT_EQ(t.find("Lien"), std::string::npos);
}

TEST(HtmlToTextTest, PageHeaderWithTheHeadlineIsKept) {
  HtmlText out = HtmlToText(
      "<body><header><a href=\"/\">Le Site</a></header>"
      "<header class=\"entry\"><h1>Le vrai titre</h1></header><article><p>Corps.</p></article>"
      "</body>");
  EXPECT_NE(out.text.text().find("Le vrai titre"), std::string::npos);
  EXPECT_EQ(out.text.text().find("Le Site"), std::string::npos);
  EXPECT_EQ(out.title, "Le vrai titre");
}

}  // namespace
}  // namespace dragoman::normalize
