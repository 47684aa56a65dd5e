#ifndef DRAGOMAN_COMMON_NORMALIZE_BOILERPLATE_H_
#define DRAGOMAN_COMMON_NORMALIZE_BOILERPLATE_H_

#include "absl/strings/string_view.h"
#include "common/normalize/aligned_text.h"

namespace dragoman::normalize {

// Why a line is not article text.
enum class LineKind {
  kText,
  kPageTool,       // "Imprimer", "Partager : Facebook | X", "Haut de page"
  kMenu,           // "Accueil | Monde | Économie | Vidéos", "Accueil > Chine"
  kContact,        // postal address, phone and fax lines
  kCredit,         // "Photo : ...", "© ...", "Crédit photo", "(Photo/Xinhua)"
  kRelatedHeader,  // "A lire également", "Articles liés", "Read also"
  kCookieBanner,   // "Ce site utilise des cookies ..."
  kTags,           // "Mots-clés : ...", "Tags: ..."
};

// Classifies one line (already whitespace-normalized) by general shape:
// lists of interface words, short separator-joined menus, contact details,
// credits. Long sentences are always kText, so body paragraphs that merely
// mention a phone call or a photo are kept.
LineKind ClassifyLine(absl::string_view line);

// Removes boilerplate lines, and the link lists that follow a "read also"
// header, from whitespace-normalized text (lines joined by "\n",
// paragraphs by "\n\n"). Also drops a trailing wire end marker ("Fin",
// "Enditem") after the last sentence.
AlignedText RemoveBoilerplate(const AlignedText& text);

}  // namespace dragoman::normalize

#endif  // DRAGOMAN_COMMON_NORMALIZE_BOILERPLATE_H_
