#include "services/extraction/text_index.h"

#include <algorithm>
#include <cstring>
#include <memory>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "absl/container/flat_hash_map.h"
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

// The ASCII cases of text::IsWordCodePoint and ICU's letter tests, which
// are most of the text: no call into ICU for them.
bool IsWordPoint(UChar32 c) {
  if (c >= 0 && c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
  return text::IsWordCodePoint(c);
}
bool IsUpper(UChar32 c) { return c < 0x80 ? c >= 'A' && c <= 'Z' : u_isupper(c); }
bool IsTitle(UChar32 c) { return c < 0x80 ? false : u_istitle(c); }
bool IsAlpha(UChar32 c) {
  return c < 0x80 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') : u_isalpha(c);
}

}  // namespace

namespace {

// Copies sizeof(Word) bytes with bit 5 of each set: the lower case of ASCII
// letters, digits unchanged.
template <typename Word>
inline void SetCaseBits(const char* from, char* to) {
  Word chunk;
  std::memcpy(&chunk, from, sizeof(Word));
  chunk |= static_cast<Word>(0x2020202020202020ull);
  std::memcpy(to, &chunk, sizeof(Word));
}

// FoldWord of a word with a non-ASCII byte, remembered per thread; valid
// until the next call.
const std::string& FoldNonAsciiWord(absl::string_view word) {
  // Direct-mapped by the word's hash: a hit is a hash and a compare, no
  // map probe; a word that collides is folded again (Fold is a pure
  // function, so only the time differs). Bounded: a long-running service
  // sees an open-ended vocabulary.
  struct Memo {
    bool used = false;
    std::string word;
    std::string folded;
  };
  constexpr size_t kSlots = 8192;
  thread_local std::unique_ptr<Memo[]> memos;
  if (memos == nullptr) memos.reset(new Memo[kSlots]);
  Memo& memo = memos[HashWord(word) & (kSlots - 1)];
  if (memo.used && memo.word.size() == word.size() &&
      lexicon_internal::SameBytes(memo.word.data(), word.data(), word.size())) {
    return memo.folded;
  }
  memo.used = true;
  memo.word.assign(word.data(), word.size());
  memo.folded = text::Fold(word);
  return memo.folded;
}

}  // namespace

std::string FoldWord(absl::string_view word) {
  bool ascii = true;
  for (char c : word) ascii &= static_cast<unsigned char>(c) < 0x80;
  if (ascii) {
    // NFD, mark removal and NFC leave ASCII alone; lower case is ASCII's.
    std::string out(word);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  return FoldNonAsciiWord(word);
}

namespace {

// ASCII byte classes, the tokenizer's inner loop.
enum AsciiClass : uint8_t { kNotWord = 0, kLower = 1, kUpper = 2, kDigit = 4 };
struct AsciiTable {
  uint8_t cls[128];
  constexpr AsciiTable() : cls() {
    for (int c = 'a'; c <= 'z'; ++c) cls[c] = kLower;
    for (int c = 'A'; c <= 'Z'; ++c) cls[c] = kUpper;
    for (int c = '0'; c <= '9'; ++c) cls[c] = kDigit;
  }
};
constexpr AsciiTable kAscii;

#ifdef __SSE2__
// How many of the 16 bytes at s, from the first, are ASCII letters or
// digits; adds their AsciiClasses to *seen. The same as stepping through
// them with kAscii.
inline uint32_t AsciiWordRun(const uint8_t* s, uint8_t* seen) {
  // Signed compares: bytes past ASCII are negative, outside every range.
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s));
  const __m128i lower = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('a' - 1)),
                                      _mm_cmplt_epi8(v, _mm_set1_epi8('z' + 1)));
  const __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)),
                                      _mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1)));
  const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                                      _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
  const uint32_t lowers = static_cast<uint32_t>(_mm_movemask_epi8(lower));
  const uint32_t uppers = static_cast<uint32_t>(_mm_movemask_epi8(upper));
  const uint32_t digits = static_cast<uint32_t>(_mm_movemask_epi8(digit));
  const uint32_t run = static_cast<uint32_t>(__builtin_ctz(~(lowers | uppers | digits)));
  const uint32_t in_run = (1u << run) - 1;  // run <= 16: the bit past the mask is clear
  *seen |= static_cast<uint8_t>(((lowers & in_run) != 0 ? kLower : 0) |
                                ((uppers & in_run) != 0 ? kUpper : 0) |
                                ((digits & in_run) != 0 ? kDigit : 0));
  return run;
}
#endif

// Grows the fold buffer to hold `needed` bytes, moving the views of the
// first `count` tokens with it.
void GrowFoldBuffer(FoldBuffer* buffer, size_t needed, std::vector<Token>* tokens, size_t count) {
  const char* old_base = buffer->data();
  buffer->resize(std::max(2 * buffer->size(), needed + 64));
  for (size_t k = 0; k < count; ++k) {
    Token& t = (*tokens)[k];
    t.folded = absl::string_view(buffer->data() + (t.folded.data() - old_base), t.folded.size());
  }
}

// Room for n more bytes at `used` in the fold buffer.
inline char* FoldRoom(FoldBuffer* buffer, size_t used, size_t n, std::vector<Token>* tokens,
                      size_t count) {
  if (used + n > buffer->size()) GrowFoldBuffer(buffer, used + n, tokens, count);
  return buffer->data() + used;
}

// Splits text into tokens, overwriting *out; their folded forms go to
// *fold_buffer (none when it is null: shapes only); also their code-point
// spans when code_points_out is not null.
void Split(absl::string_view text, FoldBuffer* fold_buffer, std::vector<Token>* out,
           std::vector<CodePointSpan>* code_points_out) {
  const bool fold = fold_buffer != nullptr;
  size_t fold_used = 0;
  // Started at half the text (words without the spaces between them) and
  // grown by FoldRoom: a reused buffer soon stops growing, and ordinary
  // texts (and so the tests) go through the growth path.
  if (fold && fold_buffer->size() < text.size() / 2 + 16) fold_buffer->resize(text.size() / 2 + 16);
  // The tokens of the previous text are overwritten in place: their folded
  // strings keep their buffers, and nothing is destroyed and rebuilt.
  std::vector<Token>& tokens = *out;
  size_t count = 0;
  if (tokens.capacity() < text.size() / 6 + 1) tokens.reserve(text.size() / 6 + 1);
  const int32_t length = static_cast<int32_t>(text.size());
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = 0;
  uint32_t code_points = 0;  // before i
  std::vector<CodePointSpan>* const code_point_spans = code_points_out;
  while (i < length) {
    int32_t start = i;
    UChar32 c;
    ++code_points;
    // Spaces and punctuation between words, mostly ASCII: no decoding.
    if (const uint8_t b = s[i]; b < 0x80) {
      ++i;
      if (kAscii.cls[b] == kNotWord) continue;
      c = b;
    } else {
      U8_NEXT(s, i, length, c);
      if (!IsWordPoint(c)) continue;
    }
    const uint32_t cp_start = code_points - 1;
    const int32_t first_end = i;
    const bool capitalized = IsUpper(c) || IsTitle(c);
    bool all_upper = capitalized, has_letter = IsAlpha(c), digits = c >= '0' && c <= '9';
    bool ascii = c < 0x80;
    uint8_t ascii_seen = 0;     // the AsciiClasses of the ASCII rest of the word
    int32_t multibyte_tail = 0;  // bytes past the first of each later non-ASCII code point
    while (i < length) {
#ifdef __SSE2__
      // Sixteen bytes at a time while they are ASCII letters and digits
      // (most words); the byte that ends the run goes through the loop below.
      if (i + 16 <= length) {
        const uint32_t run = AsciiWordRun(s + i, &ascii_seen);
        i += static_cast<int32_t>(run);
        if (run == 16) continue;
        // The byte after the run is no ASCII letter or digit: an ASCII
        // byte ends the word, another goes on to be decoded below.
        if (s[i] < 0x80) break;
      }
#endif
      // ASCII, most of the text, without decoding or code point tests.
      if (const uint8_t b = s[i]; b < 0x80) {
        const uint8_t cls = kAscii.cls[b];
        if (cls == kNotWord) break;
        ascii_seen |= cls;
        ++i;
        continue;
      }
      int32_t before = i;
      U8_NEXT(s, i, length, c);
      if (!IsWordPoint(c)) {
        i = before;
        break;
      }
      if (IsAlpha(c)) {
        has_letter = true;
        if (!IsUpper(c)) all_upper = false;
      }
      if (!(c >= '0' && c <= '9')) digits = false;
      ascii &= c < 0x80;
      multibyte_tail += i - before - 1;
    }
    if (ascii_seen & (kLower | kUpper)) {
      has_letter = true;
      digits = false;
    }
    if (ascii_seen & kLower) all_upper = false;
    const int32_t end = i;
    code_points += static_cast<uint32_t>(end - first_end - multibyte_tail);
    // Built in place: moving a Token (and its string) into the vector was
    // a visible share of the tokenizer.
    Token& t = count < tokens.size() ? tokens[count] : tokens.emplace_back();
    ++count;
    t.start = start;
    t.end = end;
    t.joined = false;
    t.capitalized = capitalized;
    if (code_point_spans != nullptr) {
      if (count > code_point_spans->size()) {
        code_point_spans->resize(std::max(count, 2 * code_point_spans->size()));
      }
      (*code_point_spans)[count - 1] = {cp_start, code_points};
    }
    t.all_caps = has_letter && all_upper;
    t.digits = digits;
    t.hash = 0;
    t.words = 0;
    if (!fold) {  // shapes only
      t.folded = absl::string_view();
      continue;
    }
    if (ascii) {  // FoldWord's ASCII case, without a second scan
      const size_t n = static_cast<size_t>(end - start);
      char* to = FoldRoom(fold_buffer, fold_used, n, &tokens, count - 1);
      // The word is ASCII letters and digits only, whose lower case is the
      // byte with bit 5 set (digits have it already): no tests, 8 at a time.
      const char* from = text.data() + start;
      size_t k = 0;
      for (; k + 8 <= n; k += 8) SetCaseBits<uint64_t>(from + k, to + k);
      if (k + 4 <= n) {
        SetCaseBits<uint32_t>(from + k, to + k);
        k += 4;
      }
      if (k + 2 <= n) {
        SetCaseBits<uint16_t>(from + k, to + k);
        k += 2;
      }
      if (k < n) to[k] = static_cast<char>(from[k] | 0x20);
      t.folded = absl::string_view(to, n);
      fold_used += n;
    } else {
      const std::string& folded = FoldNonAsciiWord(text.substr(t.start, t.end - t.start));
      char* to = FoldRoom(fold_buffer, fold_used, folded.size(), &tokens, count - 1);
      std::memcpy(to, folded.data(), folded.size());
      t.folded = absl::string_view(to, folded.size());
      fold_used += folded.size();
    }
    t.hash = HashWord(t.folded);
    t.words = WordBitsOf(t.hashed());
  }
  tokens.resize(count);
  if (code_point_spans != nullptr) code_point_spans->resize(count);
}

}  // namespace

TokenList Tokenize(absl::string_view text) {
  TokenList list;
  Split(text, &list.folded_, &list.tokens_, nullptr);
  return list;
}

std::vector<Token> TokenShapes(absl::string_view text) {
  std::vector<Token> tokens;
  Split(text, nullptr, &tokens, nullptr);
  return tokens;
}

void TokenShapes(absl::string_view text, std::vector<Token>* tokens) {
  Split(text, nullptr, tokens, nullptr);
}

namespace {

// GapBits of each byte.
struct GapBitTable {
  uint16_t bits[256];
  constexpr GapBitTable() : bits() {
    bits[static_cast<unsigned char>('\n')] = kGapNewline;
    bits[static_cast<unsigned char>(',')] = kGapComma;
    bits[static_cast<unsigned char>('.')] = kGapPeriod;
    bits[static_cast<unsigned char>(';')] = kGapSemicolon;
    bits[static_cast<unsigned char>(':')] = kGapColon;
    bits[static_cast<unsigned char>('(')] = kGapOpenParen;
    bits[static_cast<unsigned char>(')')] = kGapCloseParen;
    bits[static_cast<unsigned char>('/')] = kGapSlash;
    bits[static_cast<unsigned char>('!')] = kGapExclamation;
    bits[static_cast<unsigned char>('?')] = kGapQuestion;
  }
};
constexpr GapBitTable kGapBits;

// Whether a gap of at most 6 bytes joins the words around it into one
// name: only spaces, hyphens or apostrophes, at most one that is not a
// space; or the period of an initial ("S. Jaishankar").
bool JoiningGap(const Token& before, absl::string_view gap) {
  if (gap.empty() || gap.size() > 6) return false;
  if (before.end - before.start == 1 && before.all_caps &&
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

}  // namespace

TextIndex::TextIndex(absl::string_view text) { Reset(text); }

void TextIndex::Reset(absl::string_view text) {
  text_.assign(text.data(), text.size());
  Split(text_, &folded_, &tokens_, &code_points_);
  sentences_.clear();
  sentence_of_.resize(tokens_.size());
  gaps_.resize(tokens_.size());
  const size_t n = tokens_.size();
  size_t begin = 0;
  // One pass: each token's gap, then whether its sentence ends there.
  for (size_t i = 0; i < n; ++i) {
    Token& t = tokens_[i];
    const size_t gap_end = i + 1 < n ? tokens_[i + 1].start : text_.size();
    const absl::string_view gap(text_.data() + t.end, gap_end - t.end);
    uint16_t bits;
    if (gap.size() == 1) {
      // Most gaps are one space: no loop, joined without decoding.
      const unsigned char c = static_cast<unsigned char>(gap[0]);
      bits = kGapBits.bits[c] | (c == '.' ? kGapIsPeriod : 0);
      t.joined = i + 1 < n && (c == ' ' || JoiningGap(t, gap));
    } else {
      bits = 0;
      for (unsigned char c : gap) bits |= kGapBits.bits[c];
      t.joined = i + 1 < n && JoiningGap(t, gap);
    }
    gaps_[i] = bits;

    sentence_of_[i] = sentences_.size();
    bool ends = i + 1 == n;
    if (!ends) {
      if (bits & (kGapNewline | kGapExclamation | kGapQuestion | kGapSemicolon)) {
        ends = true;
      } else if (bits & kGapPeriod) {
        const size_t dot = gap.find('.');
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

size_t TextIndex::TokenAt(size_t byte) const {
  auto it = std::lower_bound(tokens_.begin(), tokens_.end(), byte,
                             [](const Token& t, size_t b) { return t.end <= b; });
  return static_cast<size_t>(it - tokens_.begin());
}

}  // namespace dragoman::extraction
