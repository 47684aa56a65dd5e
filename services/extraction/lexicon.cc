#include "services/extraction/lexicon.h"

#include <cstring>
#include <initializer_list>
#include <utility>

namespace dragoman::extraction {
namespace {

using List = std::initializer_list<const char*>;

const WordMap<uint32_t>& Lexicon() {
  static const auto* kLexicon = [] {
    auto* lexicon = new WordMap<uint32_t>;
    auto add = [lexicon](WordBit bit, List words) {
      for (const char* w : words) (*lexicon)[w] |= bit;
    };
    add(kFrenchWord, {"le", "la", "les", "des", "du", "de", "et", "est", "une", "un", "dans",
                       "pour", "avec", "sur", "que", "qui", "au", "aux", "a", "ont", "entre",
                       "par", "ce", "sont"});
    add(kEnglishWord, {"the", "of", "and", "to", "in", "is", "with", "for", "on", "that", "was",
                        "by", "said", "has", "have", "are", "be", "as", "at", "from", "this",
                        "its"});
    add(kPhoneWord,
         {"telephone", "telephonique", "telephoniques", "phone", "telephoned", "appel"});
    add(kSummitWord, {"sommet", "summit"});
    add(kGatheringWord, {"reunion", "conference", "session", "conseil", "meeting", "forum"});
    add(kMinisterialWord, {"ministres", "ministers", "ministerielle", "ministerial", "chefs",
                            "dirigeants", "leaders", "membres", "member"});
    add(kVisitWord, {"visite", "visit", "visited", "visiting", "tournee", "tour"});
    add(kMeetingWord, {"rencontre", "rencontres", "rencontrent", "met", "meets", "entretenu",
                        "entretenus", "entretenue", "entretiens", "entretien", "talks", "recu",
                        "recue", "received", "receives", "negociations", "pourparlers",
                        "parle", "parlent", "parles", "spoke", "consultations"});
    add(kPlanWord, {"va", "vont", "rendra", "effectuera", "participera", "participeront",
                     "prevoit", "prevu", "prevue", "prochain", "prochaine", "invite",
                     "souhaite", "souhaitent", "espere", "will", "would", "plans", "planned",
                     "upcoming", "next", "tiendra", "accueillera", "devrait", "devraient",
                     "preparer", "preparatifs", "futur", "future", "proposition", "propose"});
    add(kSpeechVerb, {"declare", "dit", "souligne", "indique", "estime", "affirme", "rappele",
                       "ajoute", "note", "precise", "explique", "said", "stressed", "noted",
                       "added", "stated", "underlined", "emphasized", "pointed"});
    add(kParticipationWord, {"part", "participe", "participer", "participaient", "assiste",
                              "attended", "reuni", "reunissait", "presents", "present", "aux",
                              "cotes"});
        // Every word FindEvents' trigger scan compares the current token
        // with, beyond the classes above (keep in step with events.cc).
    add(kEventCue, {"dialogue", "reunion", "session", "meeting", "entretient",
                     "entretiennent", "rendu", "successivement", "respectivement",
                     "separately", "separement", "respectively", "successively", "effectue",
                     "effectuee", "rendue", "arrive", "arrivee", "visited", "paid", "arrived",
                     "arrives", "arriving", "visiting", "en", "marge", "sidelines", "video",
                     "visioconference", "videoconference", "virtual", "virtuelle", "deux",
                     "two", "both", "an", "annee", "year", "last", "semaine", "recemment",
                     "recently", "precedemment", "previously", "auparavant"});
    add(kPluralTitleWord, {"ministres", "ministers", "presidents"});
    add(kLeaderWord, {"dirigeants", "leaders", "chefs"});
    add(kFrenchFutureWord, {"aura", "auront", "sera", "seront", "fera", "feront", "ira",
                             "iront", "viendra", "tiendra", "tiendront"});
    add(kSigningWord, {"signe", "signes", "signee", "signees", "signature", "signed", "sign",
                        "signent", "adopte", "adoptes", "adoptee", "adoptees", "adopted",
                        "publie", "publiee", "issued", "paraphe", "conclu", "enterine",
                        "approuve", "signing", "publient", "adoptent", "signeront"});
    add(kDocumentHead, {"declaration", "programme", "plan", "memorandum", "accord", "accords",
                         "traite", "communique", "protocole", "feuille", "convention",
                         "agreement", "treaty", "joint", "charte", "statement", "charter",
                         "protocol", "lettre", "letter", "arrangement", "contrat",
                         "contract"});
    add(kTitleFunctionWord, {"de", "du", "des", "d", "la", "l", "le", "les", "et", "en",
                              "pour", "entre", "sur", "of", "the", "and", "on", "between",
                              "for", "a", "au", "aux"});
    add(kTitleStopWord, {"qui", "que", "dont", "lors", "afin", "visant", "reaffirmant",
                          "which", "that", "during", "aimed", "signe", "signes", "signee",
                          "signees", "signed", "adopte", "adoptes", "adopted", "par", "by",
                          "ont", "ainsi", "as", "was", "were", "signent", "publient",
                          "adoptent", "sont", "est", "ont", "is", "are",
                          // Passive voice: "Un plan ... a été signé".
                          "ete", "been", "has", "have", "sera", "seront", "will"});
    add(kStopword,
         {"le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "et", "en", "au", "aux",
          "dans", "pour", "par", "sur", "selon", "ce", "cette", "ces", "il", "elle", "ils",
          "elles", "on", "son", "sa", "ses", "leur", "lors", "apres", "avant", "depuis",
          "pendant", "the", "a", "an", "in", "of", "and", "for", "with", "at", "by", "from",
          "his", "her", "their", "this", "that", "these", "mr", "mrs", "ms", "m", "mme",
          "president", "presidente", "ministre", "minister", "premier", "prime", "vice",
          "secretaire", "secretary", "conseiller", "ambassadeur", "ambassador", "chef",
          "republique", "republic", "monsieur", "madame", "sommet", "summit", "dialogue",
          "declaration", "accord", "traite", "programme", "plan", "comite", "bureau", "parti",
          "conseil", "council", "commission", "etat", "etats", "affaires", "foreign",
          "affairs", "deputy", "senator", "senateur", "xinhua", "photo", "source", "nord",
          "sud", "est", "ouest", "asie", "europe", "afrique", "amerique", "centrale",
          "ceinture", "route", "nations", "organisation", "union", "janvier", "fevrier",
          "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
          "novembre", "decembre", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
          "dimanche", "selon", "ministere", "ministry", "government", "gouvernement",
          "cabinet", "leader", "membre", "member", "political", "politique", "central",
          "committee", "haut", "haute", "representant", "representante", "national",
          "nationale", "senior", "general", "generale", "state", "councilor", "deux", "two",
          "cote", "chine", "china", "press", "presse", "service", "agence", "agency", "news",
          "actualites", "redaction"});
    add(kParticle, {"de", "da", "do", "dos", "von", "der", "van", "el", "al", "bin", "ibn",
                     "ben", "la"});
    return lexicon;
  }();
  return *kLexicon;
}

using lexicon_internal::kSecret0;
using lexicon_internal::kSecret1;
using lexicon_internal::Mix;

}  // namespace

const lexicon_internal::LexiconSlot* lexicon_internal::LexiconTable() {
  static const LexiconSlot* const kSlots = [] {
    constexpr size_t kMask = kLexiconSlots - 1;
    auto* slots = new LexiconSlot[kLexiconSlots];
    for (const auto& [word, bits] : Lexicon()) {
      const size_t hash = HashWord(word);
      size_t slot = hash & kMask;
      while (slots[slot].bits != 0) slot = (slot + 1) & kMask;
      slots[slot] = {hash, word, bits};
    }
    return slots;
  }();
  return kSlots;
}

namespace {

// Equality of two short words without a call to memcmp.
bool SameWord(absl::string_view a, absl::string_view b) {
  return a.size() == b.size() && lexicon_internal::SameBytes(a.data(), b.data(), a.size());
}

}  // namespace

size_t PhraseTrie::EdgeHash(uint32_t parent, size_t word_hash) {
  return Mix(word_hash ^ kSecret0, (parent + 1) * kSecret1);
}

void PhraseTrie::Grow() {
  std::vector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  const size_t mask = slots_.size() - 1;
  for (Slot& s : old) {
    if (s.child == kNone) continue;
    size_t at = s.hash & mask;
    while (slots_[at].child != kNone) at = (at + 1) & mask;
    slots_[at] = std::move(s);
  }
}

uint32_t PhraseTrie::Add(const std::vector<std::string>& words) {
  uint32_t node = kRoot;
  for (const std::string& w : words) {
    const uint32_t child = Next(node, {w, HashWord(w)});
    if (child != kNone) {
      node = child;
      continue;
    }
    // A quarter full at most: a word that starts no phrase, most of them,
    // is turned away at its first or second slot.
    if ((used_ + 1) * 4 > slots_.size()) Grow();
    const size_t hash = EdgeHash(node, HashWord(w));
    const size_t mask = slots_.size() - 1;
    size_t at = hash & mask;
    while (slots_[at].child != kNone) at = (at + 1) & mask;
    slots_[at] = {hash, node, node_count_, w};
    if (node == kRoot) {
      const size_t bit = FilterBit(HashWord(w));
      first_words_[bit / 64] |= uint64_t{1} << (bit % 64);
    }
    ++used_;
    node = node_count_++;
  }
  return node;
}

uint32_t PhraseTrie::Follow(uint32_t node, const HashedWord& word) const {
  const size_t hash = EdgeHash(node, word.hash);
  const size_t mask = slots_.size() - 1;
  for (size_t at = hash & mask;; at = (at + 1) & mask) {
    const Slot& s = slots_[at];
    if (s.child == kNone) return kNone;
    if (s.hash == hash && s.parent == node && SameWord(s.word, word.text)) return s.child;
  }
}

}  // namespace dragoman::extraction
