#ifndef DRAGOMAN_SERVICES_EXTRACTION_TEXT_INDEX_H_
#define DRAGOMAN_SERVICES_EXTRACTION_TEXT_INDEX_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/extraction/lexicon.h"

namespace dragoman::extraction {

// A word of the clean text: a run of letters, digits and combining marks.
// Apostrophes and hyphens split words ("d'Orsay" -> "d", "Orsay"), the same
// way gazetteer names are split, so phrases compare token by token.
struct Token {
  size_t start = 0;  // bytes into the text
  size_t end = 0;
  // text::Fold of the surface. Points into the fold buffer of the
  // TokenList or TextIndex that made the token, or into a TextIndex's text
  // for a word that is its own fold: valid while that lives.
  // (A string per token was a fifth of the tokenizer's cost.)
  absl::string_view folded;
  bool capitalized = false;  // first letter upper case
  bool all_caps = false;     // every letter upper case (acronyms)
  bool digits = false;       // only ASCII digits
  bool joined = false;       // TextIndex::Joined (set by TextIndex only)
  // Set with folded (zero for TokenShapes):
  uint32_t words = 0;  // WordBits: the rule word lists folded is in
  size_t hash = 0;     // HashWord(folded)
  HashedWord hashed() const { return {folded, hash}; }
};

// Characters between a token and the next, as bits (TextIndex::GapHas).
enum GapBit : uint16_t {
  kGapNewline = 1 << 0,
  kGapComma = 1 << 1,
  kGapPeriod = 1 << 2,
  kGapSemicolon = 1 << 3,
  kGapColon = 1 << 4,
  kGapOpenParen = 1 << 5,
  kGapCloseParen = 1 << 6,
  kGapSlash = 1 << 7,
  kGapExclamation = 1 << 8,
  kGapQuestion = 1 << 9,
  kGapIsPeriod = 1 << 10,  // the gap is exactly "."
};

// A token's span in code points, from the text's start.
struct CodePointSpan {
  uint32_t start = 0;
  uint32_t end = 0;
};

// The folded forms of tokens, one after the other; tokens' views point
// into it. Moving the vector keeps its bytes in place.
using FoldBuffer = std::vector<char>;

// Tokens with the buffer holding their folded forms. Move-only: a copy
// would point into the original's buffer.
class TokenList {
 public:
  TokenList() = default;
  TokenList(TokenList&&) = default;
  TokenList& operator=(TokenList&&) = default;
  TokenList(const TokenList&) = delete;
  TokenList& operator=(const TokenList&) = delete;

  const std::vector<Token>& tokens() const { return tokens_; }
  size_t size() const { return tokens_.size(); }
  bool empty() const { return tokens_.empty(); }
  const Token& operator[](size_t i) const { return tokens_[i]; }
  const Token& front() const { return tokens_.front(); }
  const Token& back() const { return tokens_.back(); }
  std::vector<Token>::const_iterator begin() const { return tokens_.begin(); }
  std::vector<Token>::const_iterator end() const { return tokens_.end(); }

 private:
  friend TokenList Tokenize(absl::string_view text);
  std::vector<Token> tokens_;
  FoldBuffer folded_;
};

// Splits text into words.
TokenList Tokenize(absl::string_view text);

// Tokenize without the folded forms (Token::folded left empty), for
// callers that look only at the words' shapes: capitals, digits, lengths.
std::vector<Token> TokenShapes(absl::string_view text);
// The same into *tokens, overwriting what it held: a caller that splits
// many lines keeps one buffer and allocates nothing per line.
void TokenShapes(absl::string_view text, std::vector<Token>* tokens);

// text::Fold of one word (no spaces, apostrophes or dashes inside). ASCII
// words are lowered in place of the ICU round trip, other words are
// remembered per thread: folding every token through ICU was the
// tokenizer's main cost.
std::string FoldWord(absl::string_view word);

// The clean text with its words, sentences and paragraphs, computed once
// and shared by every rule family.
class TextIndex {
 public:
  explicit TextIndex(absl::string_view text);
  // Tokens point into the index's buffers.
  TextIndex(const TextIndex&) = delete;
  TextIndex& operator=(const TextIndex&) = delete;

  // Indexes another text, keeping the buffers' capacity: one index reused
  // per thread allocates nothing for most documents.
  void Reset(absl::string_view text);

  absl::string_view text() const { return text_; }
  const std::vector<Token>& tokens() const { return tokens_; }
  absl::string_view Surface(size_t token) const;
  absl::string_view Slice(size_t begin_byte, size_t end_byte) const;
  // What separates token i from token i + 1.
  absl::string_view Gap(size_t token) const;
  // True when tokens i and i + 1 may belong to one name: only spaces,
  // hyphens or apostrophes between them, no line break.
  bool Joined(size_t token) const { return token < tokens_.size() && tokens_[token].joined; }
  // Whether the text after a token, up to the next one (or the end), holds
  // any of the GapBits.
  bool GapHas(size_t token, uint16_t bits) const { return (gaps_[token] & bits) != 0; }
  // A token's span in code points (what records count) from the start.
  uint32_t CodePointStart(size_t token) const { return code_points_[token].start; }
  uint32_t CodePointEnd(size_t token) const { return code_points_[token].end; }

  // Sentences as [first token, last token + 1). A sentence ends at ". ",
  // "!", "?", ";" or a line break, but not after "M." or an initial.
  struct Range {
    size_t begin = 0;
    size_t end = 0;
  };
  const std::vector<Range>& sentences() const { return sentences_; }
  // Index into sentences() of the sentence holding a token.
  size_t SentenceOf(size_t token) const { return sentence_of_[token]; }
  // Token index whose span contains or follows a byte offset.
  size_t TokenAt(size_t byte) const;

 private:
  std::string text_;
  std::vector<Token> tokens_;
  FoldBuffer folded_;  // the tokens' folded forms
  std::vector<Range> sentences_;
  std::vector<size_t> sentence_of_;
  std::vector<uint16_t> gaps_;  // GapBits, by token
  std::vector<CodePointSpan> code_points_;  // by token
};

}  // namespace dragoman::extraction

#endif  // DRAGOMAN_SERVICES_EXTRACTION_TEXT_INDEX_H_
