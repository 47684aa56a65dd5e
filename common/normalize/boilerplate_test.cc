#include "common/normalize/boilerplate.h"

#include <string>

#include "gtest/gtest.h"

namespace dragoman::normalize {
namespace {

TEST(ClassifyLineTest, PageTools) {
  for (const char* line :
       {"Imprimer", " Recommander \xC3\xA0    Imprimer", "Haut de page  |  Imprimer  |  Partager",
        "Partager : Facebook | X | LinkedIn | Courriel",
        "Partager   Imprimer   Envoyer \xC3\xA0 un ami",
        "Rechercher  |  English  |  Espa\xC3\xB1ol", "FR | EN | \xD0\xA0\xD0\xA3\xD0\xA1",
        "Retour en haut de la page", "Aller au contenu principal",
        "S'abonner \xC3\xA0 notre lettre", "Share this article"}) {
    EXPECT_EQ(ClassifyLine(line), LineKind::kPageTool) << line;
  }
}

TEST(ClassifyLineTest, MenusAndBreadcrumbs) {
  for (const char* line :
       {"Accueil | Politique | \xC3\x89"
        "conomie | Culture | Vid\xC3\xA9os",
        "Accueil > Monde", "Actualit\xC3\xA9s > Europe",
        "Accueil  >  Dossiers  >  Asie  >  R\xC3\xA9gion", "Home | About | Newsroom | Contact",
        "Sant\xC3\xA9 \xC2\xB7 Sciences \xC2\xB7 Sports",
        "Vous \xC3\xAAtes ici : Accueil \xC2\xBB Actualit\xC3\xA9s"}) {
    EXPECT_EQ(ClassifyLine(line), LineKind::kMenu) << line;
  }
}

TEST(ClassifyLineTest, ContactDetails) {
  for (const char* line :
       {"L'adresse: 12 avenue des Tilleuls, Ville Code Postal 10001",
        "Adresse : 4, rue du Port, 99000 Portville",
        "Num\xC3\xA9ro de T\xC3\xA9l\xC3\xA9phone:00-11-22334455",
        "T\xC3\xA9l. : +33 (0)1 23 45 67 89",
        "Service de presse | Tel: +99-12-3456789 | Fax: +99-12-3456780",
        "Minist\xC3\xA8re de l'Exemple \xE2\x80\x93 18, quai des Lilas \xE2\x80\x93 75999 Paris"}) {
    EXPECT_EQ(ClassifyLine(line), LineKind::kContact) << line;
  }
}

TEST(ClassifyLineTest, CreditsAndCopyright) {
  for (const char* line :
       {"Photo : la d\xC3\xA9l\xC3\xA9gation \xC3\xA0 son arriv\xC3\xA9"
        "e. \xC2\xA9 Agence",
        "Cr\xC3\xA9"
        "dit photo : Service de presse",
        "\xC2\xA9 Un minist\xC3\xA8re \xE2\x80\x93 Mentions",
        "Copyright \xC2\xA9 2001-2024 exemple.org. Tous droits r\xC3\xA9serv\xC3\xA9s.",
        "Tous droits r\xC3\xA9serv\xC3\xA9s \xE2\x80\x93 Le Quotidien",
        "Les ministres posent pour une photo de groupe. (Photo/Xinhua)",
        "R\xC3\xA9"
        "daction : Jean Exemple",
        "Deux pays voisins Photo:Agence"}) {
    EXPECT_EQ(ClassifyLine(line), LineKind::kCredit) << line;
  }
}

TEST(ClassifyLineTest, RelatedCookiesAndTags) {
  EXPECT_EQ(ClassifyLine("A lire \xC3\xA9galement"), LineKind::kRelatedHeader);
  EXPECT_EQ(ClassifyLine("\xC3\x80 lire aussi :"), LineKind::kRelatedHeader);
  EXPECT_EQ(ClassifyLine("Articles li\xC3\xA9s"), LineKind::kRelatedHeader);
  EXPECT_EQ(ClassifyLine("Read also"), LineKind::kRelatedHeader);
  EXPECT_EQ(ClassifyLine("Ce site utilise des cookies pour mesurer l'audience. En poursuivant, "
                         "vous acceptez leur utilisation."),
            LineKind::kCookieBanner);
  EXPECT_EQ(ClassifyLine("Mots-cl\xC3\xA9s : sommet   diplomatie"), LineKind::kTags);
}

TEST(ClassifyLineTest, ArticleTextIsKept) {
  for (const char* line :
       {"Le ministre a re\xC3\xA7u son homologue au 12, rue de la Paix, puis ils ont parl\xC3\xA9 "
        "de la coop\xC3\xA9ration r\xC3\xA9gionale pendant deux heures.",
        "Les deux dirigeants se sont entretenus par t\xC3\xA9l\xC3\xA9phone le 3 mai.",
        "Entretien du ministre avec son homologue (Paris, 2 mai 2024)", "Paris, le 2 mai 2024",
        "2024-05-02 21:40", "Le score : 3 > 2 pour les visiteurs.",
        "Chine > Kazakhstan : les \xC3\xA9"
        "changes progressent fortement cette ann\xC3\xA9"
        "e",
        "Source : Agence | 2024-05-02 21:40",
        "Publi\xC3\xA9 le : 2024-05-02 09:05 | Source : Radio", "Ministère des Affaires étrangères",
        "Chine-Asie centrale : un sommet \xC3\xA0 Astana",
        "Imprimer les billets co\xC3\xBBte cher, a dit le ministre.",
        "The photo shows the two ministers shaking hands in front of the press."}) {
    EXPECT_EQ(ClassifyLine(line), LineKind::kText) << line;
  }
}

AlignedText Plain(absl::string_view s) {
  AlignedText t;
  t.AppendLinear(s, 0);
  return t;
}

TEST(RemoveBoilerplateTest, DropsToolLinesAndRelatedLists) {
  const std::string doc =
      "Accueil | Monde | Culture | Sport\n"
      "\n"
      "Un titre d'article\n"
      "\n"
      "Le premier paragraphe raconte une rencontre.\n"
      "\n"
      "A lire \xC3\xA9galement\n"
      "- Un autre sujet sans rapport\n"
      "- Encore un titre\n"
      "\n"
      "Partager : Facebook | X\n";
  AlignedText out = RemoveBoilerplate(Plain(doc));
  const std::string& t = out.text();
  EXPECT_NE(t.find("Un titre d'article"), std::string::npos);
  EXPECT_NE(t.find("Le premier paragraphe"), std::string::npos);
  for (const char* gone : {"Accueil", "lire", "autre sujet", "Encore", "Partager"}) {
    EXPECT_EQ(t.find(gone), std::string::npos) << gone;
  }
}

TEST(RemoveBoilerplateTest, RelatedListEndsAtTheNextSentence) {
  const std::string doc =
      "Corps.\n\nVoir aussi\n\nUn lien\nUn autre lien\n\nLa suite de l'article reprend ici.\n";
  const std::string t = RemoveBoilerplate(Plain(doc)).text();
  EXPECT_EQ(t.find("lien"), std::string::npos);
  EXPECT_NE(t.find("La suite de l'article reprend ici."), std::string::npos);
}

TEST(RemoveBoilerplateTest, StripsWireEndMarkers) {
  EXPECT_EQ(RemoveBoilerplate(Plain("Un.\n\nDeux phrases. Fin\n")).text(),
            "Un.\n\nDeux phrases.\n");
  EXPECT_EQ(RemoveBoilerplate(Plain("It ended well. Enditem")).text(), "It ended well.");
  EXPECT_EQ(RemoveBoilerplate(Plain("Texte.\n\nFin\n")).text(), "Texte.\n\n");
  // "fin" inside prose stays.
  EXPECT_EQ(RemoveBoilerplate(Plain("Il a mis fin")).text(), "Il a mis fin");
}

TEST(RemoveBoilerplateTest, KeptTextKeepsItsAlignment) {
  const std::string doc = "Imprimer\nLe texte.";
  AlignedText out = RemoveBoilerplate(Plain(doc));
  EXPECT_EQ(out.text(), "Le texte.");
  auto [b, e] = out.SourceRange(0, out.text().size());
  EXPECT_EQ(doc.substr(b, e - b), "Le texte.");
}

}  // namespace
}  // namespace dragoman::normalize
