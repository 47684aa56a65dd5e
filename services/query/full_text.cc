#include "services/query/full_text.h"

#include <libstemmer.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/text/unicode.h"

namespace dragoman::query {
namespace {

// Function words that carry no meaning for search, folded.
const std::set<std::string>& StopWords() {
  static const auto* words = new std::set<std::string>{
      // French
      "a", "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "et", "il",
      "ils", "l", "la", "le", "les", "leur", "lui", "mais", "ne", "ni", "nous", "on", "ou", "par",
      "pas", "pour", "qu", "que", "qui", "s", "sa", "se", "ses", "son", "sur", "un", "une", "d",
      "est", "ont", "y", "c", "n", "j", "m", "t",
      // English
      "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "he", "in", "is", "it",
      "its", "of", "on", "or", "that", "the", "to", "was", "were", "will", "with"};
  return *words;
}

// A stemmer per thread and language: sb_stemmer is not thread-safe.
struct Stemmers {
  std::unique_ptr<sb_stemmer, void (*)(sb_stemmer*)> fr{sb_stemmer_new("french", "UTF_8"),
                                                        sb_stemmer_delete};
  std::unique_ptr<sb_stemmer, void (*)(sb_stemmer*)> en{sb_stemmer_new("english", "UTF_8"),
                                                        sb_stemmer_delete};
};

std::string Stem(const std::string& lower_word, const std::string& language) {
  // No language has words this long; such a "word" is noise (a hash, an
  // attack) and stemming it only costs time under the writer lock.
  constexpr size_t kMaxStemmedBytes = 100;
  if (lower_word.size() > kMaxStemmedBytes) return text::Fold(lower_word);
  thread_local Stemmers stemmers;
  sb_stemmer* s = language == "en" ? stemmers.en.get() : stemmers.fr.get();
  if (s == nullptr) return text::Fold(lower_word);
  const sb_symbol* out = sb_stemmer_stem(
      s, reinterpret_cast<const sb_symbol*>(lower_word.data()), static_cast<int>(lower_word.size()));
  if (out == nullptr) return text::Fold(lower_word);
  return text::Fold(
      absl::string_view(reinterpret_cast<const char*>(out), sb_stemmer_length(s)));
}


// A word lower-cased (accents kept: the stemmers need them).
std::string Lower(absl::string_view raw) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(raw.data(), raw.size()));
  std::string lower;
  u.toLower().toUTF8String(lower);
  return lower;
}

struct Word {
  absl::string_view raw;  // as in the text
  int start, end;         // code points
};

// Words of `text`.
std::vector<Word> Words(absl::string_view text) {
  std::vector<Word> out;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0, word_start = -1;
  int cp = 0, word_cp = 0;
  auto flush = [&](int32_t end_byte) {
    out.push_back({text.substr(word_start, end_byte - word_start), word_cp, cp});
    word_start = -1;
  };
  while (i < length) {
    const int32_t at = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (text::IsWordCodePoint(c)) {
      if (word_start < 0) {
        word_start = at;
        word_cp = cp;
      }
    } else if (word_start >= 0) {
      flush(at);
    }
    ++cp;
  }
  if (word_start >= 0) flush(length);
  return out;
}

// The term of a word as it appears in a text of language `lang` ("fr" or
// "en"): "<lang>:<stem>", or "" for a stop word or a word without a stem.
// A pure function of its arguments, remembered per thread: lower-casing,
// folding and stemming each word was most of a put's text cost, and press
// releases reuse a small vocabulary. The returned reference is valid until
// the next call.
const std::string& TermOf(absl::string_view raw, const std::string& lang) {
  // Bounded so a stream of distinct words (or many serving threads) cannot
  // grow it without limit; forgetting everything at once is simplest and
  // the common words come back within a document.
  constexpr size_t kMaxRemembered = 16384;
  constexpr size_t kMaxRememberedBytes = 64;
  struct Memo {
    absl::flat_hash_map<std::string, std::string> fr, en;
  };
  thread_local Memo memo;
  auto& terms = lang == "en" ? memo.en : memo.fr;
  auto it = terms.find(raw);
  if (it != terms.end()) return it->second;
  std::string term;
  const std::string lower = Lower(raw);
  if (StopWords().count(text::Fold(lower)) == 0) {
    const std::string stem = Stem(lower, lang);
    if (!stem.empty()) term = absl::StrCat(lang, ":", stem);
  }
  if (raw.size() > kMaxRememberedBytes) {
    thread_local std::string unremembered;
    unremembered = std::move(term);
    return unremembered;
  }
  if (terms.size() >= kMaxRemembered) terms.clear();
  return terms.emplace(std::string(raw), std::move(term)).first->second;
}

}  // namespace

std::string StemLanguage(absl::string_view language) {
  return language == "en" ? "en" : "fr";
}

std::vector<TermOccurrence> AnalyzeText(absl::string_view text, absl::string_view language) {
  const std::string lang = StemLanguage(language);
  std::vector<TermOccurrence> out;
  for (const Word& w : Words(text)) {
    const std::string& term = TermOf(w.raw, lang);
    if (!term.empty()) out.push_back({term, w.start, w.end});
  }
  return out;
}

std::map<std::string, int> TermFrequencies(absl::string_view text, absl::string_view language) {
  const std::string lang = StemLanguage(language);
  std::map<std::string, int> out;
  for (const Word& w : Words(text)) {
    const std::string& term = TermOf(w.raw, lang);
    if (!term.empty()) ++out[term];
  }
  return out;
}

std::vector<std::vector<std::string>> QueryTerms(absl::string_view query) {
  std::vector<std::vector<std::string>> out;
  std::set<std::string> seen;
  for (const Word& w : Words(query)) {
    const std::string lower = Lower(w.raw);
    if (StopWords().count(text::Fold(lower))) continue;
    std::vector<std::string> terms;
    for (const char* lang : {"fr", "en"}) {
      const std::string stem = Stem(lower, lang);
      if (stem.empty()) continue;
      std::string term = absl::StrCat(lang, ":", stem);
      if (seen.insert(term).second) terms.push_back(std::move(term));
    }
    if (!terms.empty()) out.push_back(std::move(terms));
  }
  return out;
}

double Bm25(int term_frequency, int document_frequency, int document_count, int document_length,
            double average_length) {
  constexpr double k1 = 1.2, b = 0.75;
  const double n = std::max(document_count, document_frequency);
  const double idf = std::log(1.0 + (n - document_frequency + 0.5) / (document_frequency + 0.5));
  const double norm = 1.0 - b + b * (average_length > 0 ? document_length / average_length : 1.0);
  const double tf = term_frequency;
  return idf * (tf * (k1 + 1.0)) / (tf + k1 * norm);
}

}  // namespace dragoman::query
