#include "common/normalize/fold.h"

#include "absl/container/flat_hash_map.h"
#include "common/text/unicode.h"

namespace dragoman::normalize {
namespace {

// The whitespace Fold collapses; every other byte belongs to a word.
bool IsFoldSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Distinct non-ASCII words remembered per thread: a few press releases'
// vocabulary (about 1.5 MB per thread at most). Past it the memory starts
// over rather than grow.
constexpr size_t kMaxRememberedWords = 1 << 14;

// text::Fold of one word without ASCII whitespace. Fold trims what folds
// to spaces (no-break spaces), so the result may be empty.
const std::string& FoldWord(absl::string_view word) {
  thread_local absl::flat_hash_map<std::string, std::string> folded;
  auto it = folded.find(word);
  if (it != folded.end()) return it->second;
  if (folded.size() >= kMaxRememberedWords) folded.clear();
  return folded.emplace(std::string(word), text::Fold(word)).first->second;
}

}  // namespace

// Why word by word is exact: ASCII whitespace is a starter that composes
// with nothing, so NFD and NFC of "a b" are those of "a" and "b" around it;
// it is neither cased nor case-ignorable, so no case mapping context (the
// Greek final sigma) reaches across it; and Fold's own last step turns any
// run of spaces (no-break ones included) into one ' ' between non-empty
// text, which joining the folded words with one ' ' does too.
std::string FoldText(absl::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsFoldSpace(s[i])) ++i;
    const size_t begin = i;
    bool ascii = true;
    while (i < s.size() && !IsFoldSpace(s[i])) {
      ascii &= static_cast<unsigned char>(s[i]) < 0x80;
      ++i;
    }
    if (begin == i) break;
    const absl::string_view word = s.substr(begin, i - begin);
    if (ascii) {
      if (!out.empty()) out += ' ';
      for (char c : word) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
      continue;
    }
    const std::string& folded = FoldWord(word);
    if (folded.empty()) continue;
    if (!out.empty()) out += ' ';
    out += folded;
  }
  return out;
}

}  // namespace dragoman::normalize
