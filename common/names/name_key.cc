#include "common/names/name_key.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"

namespace dragoman::names {
namespace {

// ICU transliterators are not safe for concurrent use: one per thread.
icu::Transliterator* ToAscii() {
  thread_local std::unique_ptr<icu::Transliterator> t = [] {
    UErrorCode status = U_ZERO_ERROR;
    // Latin-ASCII alone turns the Cyrillic romanization's "ž" into "z";
    // the digraphs keep "Жээнбек" next to "Zheenbek".
    UParseError parse_error;
    std::unique_ptr<icu::Transliterator> tr(icu::Transliterator::createFromRules(
        "dragoman-name-ascii",
        icu::UnicodeString::fromUTF8(":: Any-Latin; ž > zh; Ž > Zh; š > sh; Š > Sh; č > ch; "
                                     "Č > Ch; :: Latin-ASCII; :: Any-Lower;"),
        UTRANS_FORWARD, parse_error, status));
    if (U_FAILURE(status)) tr.reset();
    return tr;
  }();
  return t.get();
}

std::string AsciiLower(absl::string_view utf8) {
  std::string out;
  if (icu::Transliterator* t = ToAscii()) {
    icu::UnicodeString s = icu::UnicodeString::fromUTF8(
        icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    t->transliterate(s);
    s.toUTF8String(out);
  } else {
    out = std::string(utf8);
  }
  return absl::AsciiStrToLower(out);
}

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

void ReplaceAll(std::string& s, absl::string_view from, absl::string_view to) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (absl::string_view(s).substr(i, from.size()) == from) {
      out.append(to.data(), to.size());
      i += from.size();
    } else {
      out += s[i++];
    }
  }
  s = std::move(out);
}

bool IsHonorific(absl::string_view w) {
  return w == "m" || w == "mme" || w == "mlle" || w == "mr" || w == "mrs" || w == "ms" || w == "dr";
}

bool IsRomanNumeral(absl::string_view w) {
  for (absl::string_view r :
       {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"}) {
    if (w == r) return true;
  }
  return false;
}

// Folds an ASCII-lowered word (letters only).
std::string FoldAsciiWord(std::string w) {
  if (IsRomanNumeral(w)) return w;  // "Elizabeth II" is not "Elizabeth I"
  // Arabic "son of" and article, as French and English write them.
  if (w == "ben") return "bin";
  if (w == "el") return "al";
  ReplaceAll(w, "dzh", "j");
  ReplaceAll(w, "dj", "j");
  ReplaceAll(w, "zh", "j");
  if (absl::StartsWith(w, "ye") && w.size() > 3) w.erase(0, 1);
  ReplaceAll(w, "tch", "ch");
  ReplaceAll(w, "sh", "ch");
  ReplaceAll(w, "kh", "h");
  ReplaceAll(w, "q", "k");
  ReplaceAll(w, "gue", "ge");
  ReplaceAll(w, "gui", "gi");
  ReplaceAll(w, "ou", "u");
  // Inside a word only: an initial "y" is a consonant ("Yi", "Yang").
  for (size_t i = 1; i < w.size(); ++i) {
    if (w[i] == 'y') w[i] = 'i';
  }
  std::string single;
  for (char c : w) {
    if (single.empty() || single.back() != c) single += c;
  }
  w = std::move(single);
  if (absl::EndsWith(w, "ow")) w.replace(w.size() - 2, 2, "ov");
  if (absl::EndsWith(w, "ew")) w.replace(w.size() - 2, 2, "ev");
  if (w.size() >= 5 && absl::EndsWith(w, "iev") && IsVowel(w[w.size() - 4])) {
    w.erase(w.size() - 3, 1);
  }
  // French keeps a final n oral with a mute e: Poutine, Salmane.
  if (w.size() >= 5 && (absl::EndsWith(w, "ine") || absl::EndsWith(w, "ane"))) w.pop_back();
  return w;
}

// ASCII-lowered words of a name: letters and digits, split on anything else.
std::vector<std::string> AsciiWords(absl::string_view name) {
  const std::string lower = AsciiLower(name);
  std::vector<std::string> words;
  std::string cur;
  for (char c : lower) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c))) {
      cur += c;
    } else if (c == '\'') {
      continue;  // "O'Brien", "Ma'ruf": one word
    } else if (!cur.empty()) {
      words.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  return words;
}

}  // namespace

bool IsPatronymic(absl::string_view w) {
  // Azerbaijani and Turkic names write "son of" as a separate word.
  if (w == "oglu" || w == "ogly" || w == "uly" || w == "kyzy" || w == "qizi" || w == "kizi") {
    return true;
  }
  if (w.size() < 6) return false;
  for (absl::string_view suffix : {"ovich", "evich", "ovitch", "evitch", "ovna", "evna", "ichna",
                                   "uly", "ulu", "kyzy", "kizi", "qizi", "ogly", "oglu"}) {
    if (absl::EndsWith(w, suffix)) return true;
  }
  return false;
}

std::string FoldNameWord(absl::string_view word) {
  std::string out;
  for (const std::string& w : AsciiWords(word)) out += FoldAsciiWord(w);
  return out;
}

NameKey NameKey::Of(absl::string_view name) {
  std::vector<std::string> words = AsciiWords(name);
  while (!words.empty() && IsHonorific(words.front())) words.erase(words.begin());
  if (words.size() >= 3) {
    const bool last_is_patronymic = IsPatronymic(words.back());
    std::vector<std::string> kept;
    for (std::string& w : words) {
      if (!IsPatronymic(w)) kept.push_back(std::move(w));
    }
    // "Kulubaev Zheenbek Moldokanovich": family, given, patronymic.
    if (last_is_patronymic && kept.size() == 2) std::swap(kept[0], kept[1]);
    if (!kept.empty()) words = std::move(kept);
  }
  NameKey key;
  for (const std::string& w : words) {
    std::string folded = FoldAsciiWord(w);
    if (!folded.empty()) key.words_.push_back(std::move(folded));
  }
  return key;
}

std::string NameKey::Slug() const { return absl::StrJoin(words_, "-"); }

}  // namespace dragoman::names
