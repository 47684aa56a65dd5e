#include "services/extraction/text_index.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "common/text/unicode.h"
#include "unicode/uchar.h"
#include "unicode/utf8.h"

namespace dragoman::extraction {
namespace {


bool IsJoiner(UChar32 c) {
  return c == ' ' || c == 0xA0 || c == 0x202F || c == '-' || c == 0x2010 ||
         c == 0x2011 || c == '\'' || c == 0x2019 || c == 0x02BC;
}

// Words after which a period does not end a sentence.
bool IsAbbreviation(absl::string_view word) {
  static const auto* kWords = new absl::flat_hash_set<std::string>{
      "M", "Mme", "Mmes", "MM", "Mr", "Mrs", "Ms", "Dr", "St", "Ste", "Me", "Mgr",
      "Pr", "Jr", "Sr", "No", "Gen", "Col", "Sen", "Rep", "U", "S", "p", "av", "env"};
  if (word.size() == 1) return true;  // initials: "S. Jaishankar"
  return kWords->contains(std::string(word));
}

}  // namespace

std::vector<Token> Tokenize(absl::string_view text) {
  std::vector<Token> tokens;
  const int32_t length = static_cast<int32_t>(text.size());
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = 0;
  while (i < length) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (!text::IsWordCodePoint(c)) continue;
    Token t;
    t.start = start;
    t.capitalized = u_isupper(c) || u_istitle(c);
    bool all_upper = t.capitalized, has_letter = u_isalpha(c), digits = c >= '0' && c <= '9';
    int32_t end = i;
    while (i < length) {
      int32_t before = i;
      U8_NEXT(s, i, length, c);
      if (!text::IsWordCodePoint(c)) {
        i = before;
        break;
      }
      if (u_isalpha(c)) {
        has_letter = true;
        if (!u_isupper(c)) all_upper = false;
      }
      if (!(c >= '0' && c <= '9')) digits = false;
      end = i;
    }
    t.end = end;
    t.all_caps = has_letter && all_upper;
    t.digits = digits;
    t.folded = text::Fold(text.substr(t.start, t.end - t.start));
    tokens.push_back(std::move(t));
  }
  return tokens;
}

TextIndex::TextIndex(absl::string_view text) : text_(text), tokens_(Tokenize(text_)) {
  sentence_of_.resize(tokens_.size());
  size_t begin = 0;
  for (size_t i = 0; i < tokens_.size(); ++i) {
    sentence_of_[i] = sentences_.size();
    bool ends = i + 1 == tokens_.size();
    if (!ends) {
      absl::string_view gap = Gap(i);
      if (gap.find('\n') != absl::string_view::npos || gap.find('!') != absl::string_view::npos ||
          gap.find('?') != absl::string_view::npos || gap.find(';') != absl::string_view::npos) {
        ends = true;
      } else if (size_t dot = gap.find('.'); dot != absl::string_view::npos) {
        // "M. Wang" and "S. Jaishankar" keep going; so do "2.5" and "U.S.".
        const bool space_after = dot + 1 < gap.size();
        ends = space_after && !IsAbbreviation(Surface(i)) &&
               !(tokens_[i].digits && tokens_[i + 1].digits);
        if (ends && !tokens_[i + 1].capitalized && !tokens_[i + 1].digits) {
          // A lower-case word after the period: still the same sentence.
          ends = false;
        }
      }
    }
    if (ends) {
      sentences_.push_back({begin, i + 1});
      begin = i + 1;
    }
  }
}

absl::string_view TextIndex::Surface(size_t token) const {
  return Slice(tokens_[token].start, tokens_[token].end);
}

absl::string_view TextIndex::Slice(size_t begin_byte, size_t end_byte) const {
  return absl::string_view(text_).substr(begin_byte, end_byte - begin_byte);
}

absl::string_view TextIndex::Gap(size_t token) const {
  if (token + 1 >= tokens_.size()) return Slice(tokens_[token].end, text_.size());
  return Slice(tokens_[token].end, tokens_[token + 1].start);
}

bool TextIndex::Joined(size_t token) const {
  if (token + 1 >= tokens_.size()) return false;
  absl::string_view gap = Gap(token);
  if (gap.empty() || gap.size() > 6) return false;
  // An initial: "S. Jaishankar".
  if (tokens_[token].end - tokens_[token].start == 1 && tokens_[token].all_caps &&
      (gap == ". " || gap == "." || gap == ".\u00a0")) {
    return true;
  }
  const auto* s = reinterpret_cast<const uint8_t*>(gap.data());
  int32_t i = 0, n = static_cast<int32_t>(gap.size());
  int non_space = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (!IsJoiner(c)) return false;
    if (c != ' ' && c != 0xA0 && c != 0x202F) ++non_space;
  }
  return non_space <= 1;
}

size_t TextIndex::TokenAt(size_t byte) const {
  auto it = std::lower_bound(tokens_.begin(), tokens_.end(), byte,
                             [](const Token& t, size_t b) { return t.end <= b; });
  return static_cast<size_t>(it - tokens_.begin());
}

}  // namespace dragoman::extraction
