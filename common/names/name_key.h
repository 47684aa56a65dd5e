#ifndef DRAGOMAN_COMMON_NAMES_NAME_KEY_H_
#define DRAGOMAN_COMMON_NAMES_NAME_KEY_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace dragoman::names {

// Person-name keys that survive the ways outlets romanize one name.
//
// French, English and official romanizations of Central Asian, Russian,
// Persian or Chinese names differ in predictable ways ("Jeenbek
// Kouloubaev" / "Zheenbek Kulubaev", "Tokaïev" / "Tokayev" / "Toqaev",
// "Rakhmon" / "Rahmon", "Berdimuhamedow" / "Berdimuhamedov"). A NameKey
// folds each word so those spellings meet, while different names (Wang Yi,
// Wang Wentao) keep different keys. It is deliberately a key, not a
// similarity score: equal keys are the whole matching rule, so the ids
// built from them are a pure function of the name and never depend on
// which spelling arrived first.
//
// Word folding, in order (on ICU "Any-Latin; Latin-ASCII; Lower" output,
// so accents, diaereses and Cyrillic are already plain Latin):
//   dzh, dj, zh -> j          Djaparov, Zhaparov, Japarov
//   initial ye -> e           Yermek, Ermek
//   tch, sh -> ch             Araghtchi/Araghchi, Shavkat/Chavkat
//   kh -> h                   Rakhmon, Rahmon
//   q -> k                    Qasym, Kasym
//   gue, gui -> ge, gi        Sergueï, Oukhnaaguiin
//   ou -> u                   Kouloubaev, Kulubaev
//   y -> i, not first         Bayramov, Baïramov (Yi, Yang keep it)
//   doubled letters -> one    Kassym, Zheenbek, Aliiev
//   final ow, ew -> ov, ev    Berdimuhamedow
//   final vowel+iev -> vowel+ev  Tokaiev (Tokaïev, Tokayev), not Aliev
//   final ine, ane -> in, an  Poutine, Salmane (French mute e)
//   words ben -> bin, el -> al   Arabic "son of" and article
//   Roman numerals are kept as they are (Elizabeth II).
// Whole-name rules: honorifics (M., Mme, Mr, Dr) are dropped; in names of
// three or more words a patronymic (-ovich, -evich, -ovna, -evna, -uly,
// -kyzy, -oglu ...) is dropped, and when it came last (the official
// "Family Given Patronymic" order) the family name moves to the end.
class NameKey {
 public:
  // Key of a display name ("Zheenbek Kulubaev") or of an id tail
  // ("zheenbek-kulubaev": hyphens and spaces both separate words).
  static NameKey Of(absl::string_view name);

  // Folded words in name order.
  const std::vector<std::string>& words() const { return words_; }
  bool empty() const { return words_.empty(); }
  // Words joined by '-': "jenbek-kulubaev". Usable as an id tail.
  std::string Slug() const;

  friend bool operator==(const NameKey& a, const NameKey& b) { return a.words_ == b.words_; }
  friend bool operator!=(const NameKey& a, const NameKey& b) { return !(a == b); }

 private:
  std::vector<std::string> words_;
};

// The transliteration folding of one word (see NameKey), e.g.
// "Kouloubaïev" -> "kulubaev".
std::string FoldNameWord(absl::string_view word);

// True when a word is a patronymic or a Turkic "son/daughter of" form.
bool IsPatronymic(absl::string_view folded_ascii_word);

}  // namespace dragoman::names

#endif  // DRAGOMAN_COMMON_NAMES_NAME_KEY_H_
