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

// What the tokenizer asks of a code point, as bits.
enum PointProperty : uint8_t { kWordPointBit = 1, kAlphaBit = 2, kUpperBit = 4, kTitleBit = 8 };
uint8_t ComputePointProperties(UChar32 c) {
  return (IsWordPoint(c) ? kWordPointBit : 0) | (IsAlpha(c) ? kAlphaBit : 0) |
         (IsUpper(c) ? kUpperBit : 0) | (IsTitle(c) ? kTitleBit : 0);
}
// The properties of a code point past ASCII. Those of two UTF-8 bytes
// (below U+0800: accented Latin, Greek, Cyrillic, most of the letters past
// ASCII in the texts) come from a table filled once from ICU's answers, so
// they are the same; the four ICU calls per letter were most of the cost of
// words with accents.
inline uint8_t PointProperties(UChar32 c) {
  static const uint8_t* const kTwoBytePoints = [] {
    auto* table = new uint8_t[0x800];
    for (UChar32 k = 0; k < 0x800; ++k) table[k] = ComputePointProperties(k);
    return table;
  }();
  if (c >= 0 && c < 0x800) return kTwoBytePoints[c];
  return ComputePointProperties(c);
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


// Grows the fold buffer to hold `needed` bytes, moving the views of the
// first `count` tokens with it (those that point into it: a lower-case
// ASCII word of a TextIndex is a view into the text itself).
void GrowFoldBuffer(FoldBuffer* buffer, size_t needed, std::vector<Token>* tokens, size_t count) {
  const uintptr_t old_begin = reinterpret_cast<uintptr_t>(buffer->data());
  const uintptr_t old_end = old_begin + buffer->size();
  buffer->resize(std::max(2 * buffer->size(), needed + 64));
  for (size_t k = 0; k < count; ++k) {
    Token& t = (*tokens)[k];
    const uintptr_t at = reinterpret_cast<uintptr_t>(t.folded.data());
    if (at < old_begin || at >= old_end) continue;
    t.folded = absl::string_view(buffer->data() + (at - old_begin), t.folded.size());
  }
}

// Room for n more bytes at `used` in the fold buffer.
inline char* FoldRoom(FoldBuffer* buffer, size_t used, size_t n, std::vector<Token>* tokens,
                      size_t count) {
  if (used + n > buffer->size()) GrowFoldBuffer(buffer, used + n, tokens, count);
  return buffer->data() + used;
}

// The classes of 64 bytes of text, one bit per byte (bit k: byte k): the
// tokenizer finds word starts, word ends and the case of most words in
// these masks instead of testing byte after byte. Besides ASCII, the
// letters of Latin-1 (U+00C0-U+00FF but for the signs U+00D7 and U+00F7:
// two bytes, C3 80-BF; French accents) are word bytes here: all of them
// are letters, none title case, and the capitals are U+00C0-U+00DE
// (TokenizeTest.LatinOneLettersAreWhatIcuSays checks this against ICU).
struct BlockClasses {
  uint64_t word = 0;   // ASCII letter or digit, or a byte of a Latin-1 letter
  uint64_t upper = 0;  // ASCII capital, or the first byte of a Latin-1 capital
  uint64_t lower = 0;  // ASCII lower case, or the first byte of a Latin-1 one
  uint64_t latin = 0;  // the first byte of a Latin-1 letter
  uint64_t high = 0;   // 0x80 or more: a byte of a longer code point
  uint64_t odd = 0;    // high but not word: read code point by code point
};

#ifdef __SSE2__
// The bytes of v in [lo, hi] (both ASCII): shifted so that lo is the
// smallest signed byte, one signed compare tells the range.
template <char kLo, char kHi>
inline __m128i InRange(__m128i v) {
  const __m128i shifted = _mm_add_epi8(v, _mm_set1_epi8(static_cast<char>(0x80 - kLo)));
  return _mm_cmplt_epi8(shifted, _mm_set1_epi8(static_cast<char>(0x80 + (kHi - kLo) + 1)));
}
#endif

// Classifies s[0, 64); reads s[64] too (the second byte of a letter that
// starts at 63).
inline BlockClasses ClassifyBytes(const uint8_t* s) {
  BlockClasses b;
#ifdef __SSE2__
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 16 * k));
    const __m128i lower = InRange<'a', 'z'>(v);
    const __m128i upper = InRange<'A', 'Z'>(v);
    const __m128i digit = InRange<'0', '9'>(v);
    // C3 followed by 80-BF (signed: below -64), not 97 or B7.
    const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 16 * k + 1));
    const __m128i sign = _mm_or_si128(_mm_cmpeq_epi8(next, _mm_set1_epi8(static_cast<char>(0x97))),
                                      _mm_cmpeq_epi8(next, _mm_set1_epi8(static_cast<char>(0xB7))));
    const __m128i latin = _mm_andnot_si128(
        sign, _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xC3))),
                            _mm_cmplt_epi8(next, _mm_set1_epi8(-64))));
    // Capitals: second byte 80-9E (signed: below -97).
    const __m128i latin_upper =
        _mm_and_si128(latin, _mm_cmplt_epi8(next, _mm_set1_epi8(static_cast<char>(0x9F))));
    const int shift = 16 * k;
    auto bits = [shift](__m128i m) {
      return static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(m))) << shift;
    };
    b.lower |= bits(_mm_or_si128(lower, _mm_andnot_si128(latin_upper, latin)));
    b.upper |= bits(_mm_or_si128(upper, latin_upper));
    b.latin |= bits(latin);
    b.word |= bits(_mm_or_si128(_mm_or_si128(lower, upper), digit));
    b.high |= bits(v);
  }
#else
  for (int k = 0; k < 64; ++k) {
    const uint64_t bit = uint64_t{1} << k;
    if (s[k] >= 0x80) {
      b.high |= bit;
      if (s[k] == 0xC3 && s[k + 1] >= 0x80 && s[k + 1] <= 0xBF && s[k + 1] != 0x97 &&
          s[k + 1] != 0xB7) {
        b.latin |= bit;
        (s[k + 1] <= 0x9E ? b.upper : b.lower) |= bit;
      }
      continue;
    }
    const uint8_t cls = kAscii.cls[s[k]];
    if (cls != kNotWord) b.word |= bit;
    if (cls == kUpper) b.upper |= bit;
    if (cls == kLower) b.lower |= bit;
  }
#endif
  b.word |= b.latin | (b.latin << 1);  // a letter's second byte; at 63, it is past the block
  b.odd = b.high & ~b.word;
  return b;
}

// The classes of text[block, block + 64); bytes past the end are zeros,
// which are no word bytes, so that runs stop there.
inline BlockClasses ClassifyBlock(const uint8_t* s, int32_t length, int32_t block) {
  if (block + 65 <= length) return ClassifyBytes(s + block);
  uint8_t padded[80] = {};
  std::memcpy(padded, s + block, static_cast<size_t>(length - block));
  return ClassifyBytes(padded);
}

// Whether the ASCII letters and digits from `from` on end at an ASCII
// byte or the text's end (and not at a byte past ASCII, which may go on
// with the word); sets *end to where they end.
bool AsciiWordPastBlock(const uint8_t* s, int32_t length, int32_t from, int32_t* end) {
  int32_t at = from;
  while (at < length && s[at] < 0x80 && kAscii.cls[s[at]] != kNotWord) ++at;
  *end = at;
  return at == length || s[at] < 0x80;
}

// What ReadWord found.
struct WordRead {
  int32_t end;
  bool capitalized;
  bool all_caps;
  bool digits;
  bool ascii;
};

// Reads the word at start, whose first code point is a word point, one
// code point after another, as the former tokenizer did: the path for
// words with a byte past ASCII and words that run past a block. Adds to
// *tail the bytes past the first of each multi-byte code point. Out of
// line: it is the rare path, and inlined it took the registers of the
// common one. The flags only ever turn one way, so ASCII bytes are
// gathered as classes and applied at the end.
__attribute__((noinline)) WordRead ReadWord(const uint8_t* s, int32_t length, int32_t start,
                                            int32_t* tail) {
  int32_t i = start;
  UChar32 c;
  U8_NEXT(s, i, length, c);
  int32_t multibyte_tail = i - start - 1;
  bool capitalized, has_letter, digits, ascii = true;
  if (c < 0x80) {
    capitalized = c >= 'A' && c <= 'Z';
    digits = c >= '0' && c <= '9';
    has_letter = !digits;
  } else {
    const uint8_t properties = PointProperties(c);
    capitalized = (properties & (kUpperBit | kTitleBit)) != 0;
    has_letter = (properties & kAlphaBit) != 0;
    digits = false;
    ascii = false;
  }
  bool all_upper = capitalized;
  uint8_t ascii_seen = 0;  // the AsciiClasses of the ASCII rest of the word
  while (i < length) {
    if (const uint8_t b = s[i]; b < 0x80) {
      const uint8_t cls = kAscii.cls[b];
      if (cls == kNotWord) break;
      ascii_seen |= cls;
      ++i;
      continue;
    }
    const int32_t before = i;
    U8_NEXT(s, i, length, c);
    const uint8_t properties = PointProperties(c);  // c is past ASCII (or broken)
    if ((properties & kWordPointBit) == 0) {
      i = before;
      break;
    }
    if (properties & kAlphaBit) {
      has_letter = true;
      if ((properties & kUpperBit) == 0) all_upper = false;
    }
    digits = false;
    ascii = false;
    multibyte_tail += i - before - 1;
  }
  if (ascii_seen & (kLower | kUpper)) {
    has_letter = true;
    digits = false;
  }
  if (ascii_seen & kLower) all_upper = false;
  *tail += multibyte_tail;
  WordRead word;
  word.end = i;
  word.capitalized = capitalized;
  word.all_caps = has_letter && all_upper;
  word.digits = digits;
  word.ascii = ascii;
  return word;
}

// How a token's fold is made, noted by the first pass of Split in the
// token's hash field and replaced there by the hash in the second.
enum FoldKind : size_t {
  kOwnFold = 0,    // lower-case ASCII in an index: the word is its fold
  kAsciiFold = 1,  // ASCII with capitals (or not in an index): lowered
  kOtherFold = 2,  // past ASCII: text::Fold, memoized
};

// Splits text into tokens, overwriting *out; with kFold their folded forms
// go to *fold_buffer, with kSpans their code-point spans to
// *code_point_spans. With fold_in_text, a word that is its own fold
// (lower-case ASCII, most words) is a view into text, which must then
// outlive the tokens.
//
// Hand-written, 64 bytes at a time: word starts and ends come from bit
// masks of the byte classes (BlockClasses), so spaces and ASCII words cost
// a few bit operations instead of a test per byte; a word with a byte past
// ASCII goes through ReadWord, which decodes it code point by code
// point. Two passes, bounds then folds, so that each loop keeps its state
// in registers. Checked against the former loop (text_index_reference.cc)
// on generated text.
template <bool kFold, bool kSpans>
void Split(absl::string_view text, FoldBuffer* fold_buffer, bool fold_in_text,
           std::vector<Token>* out, std::vector<CodePointSpan>* code_point_spans) {
  // The tokens of the previous text are overwritten in place.
  std::vector<Token>& tokens = *out;
  if (tokens.size() < text.size() / 6 + 1) tokens.resize(text.size() / 6 + 1);
  if (kSpans && code_point_spans->size() < tokens.size()) code_point_spans->resize(tokens.size());
  size_t room = tokens.size();
  Token* token = tokens.data();
  CodePointSpan* span = kSpans ? code_point_spans->data() : nullptr;
  size_t count = 0;
  const int32_t length = static_cast<int32_t>(text.size());
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = 0;
  // Bytes before i past the first of each code point: i - tail code points
  // come before i.
  int32_t tail = 0;
  int32_t block = -64;  // m holds the classes of text[block, block + 64)
  BlockClasses m;
  while (i < length) {
    if (i >= block + 64) {
      block = i & ~63;
      m = ClassifyBlock(s, length, block);
    }
    // The next ASCII word byte or byte past ASCII: spaces and ASCII
    // punctuation before it are skipped at once.
    const uint64_t candidates = (m.word | m.high) >> (i - block);
    if (candidates == 0) {
      i = block + 64;
      continue;
    }
    const int32_t start = i + static_cast<int32_t>(__builtin_ctzll(candidates));
    const int32_t tail_before = tail;
    const int first = start - block;
    bool capitalized, all_caps, digits;
    size_t kind;
    // Most words: ASCII letters and digits and Latin-1 letters, inside the
    // block, followed by an ASCII byte. Their shape comes from the masks.
    const uint64_t after = ~(m.word >> first);  // bit k: text[start + k] is no word byte
    const int run = after == 0 ? 64 : static_cast<int>(__builtin_ctzll(after));
    if (first + run < 64 && ((m.odd >> first) & 1) == 0 && ((m.high >> (first + run)) & 1) == 0) {
      const uint64_t in_run = ((uint64_t{1} << run) - 1) << first;
      const uint64_t upper = m.upper & in_run;
      const uint64_t lower = m.lower & in_run;
      const uint64_t latin = m.latin & in_run;
      capitalized = (m.upper >> first) & 1;
      all_caps = capitalized && lower == 0;
      digits = (upper | lower) == 0;
      if (latin == 0) {
        kind = upper != 0 || !fold_in_text ? kAsciiFold : kOwnFold;
      } else {
        kind = kOtherFold;
        // Each is two bytes, one code point. Counted bit by bit: a word
        // has one or two, and without -mpopcnt the builtin is a call.
        for (uint64_t rest = latin; rest != 0; rest &= rest - 1) ++tail;
      }
      i = start + run;
    } else if (first + run == 64 && (m.high >> first) == 0 &&
               AsciiWordPastBlock(s, length, block + 64, &i)) {
      // An ASCII word from the block's end on to i, followed by an ASCII
      // byte: the block's masks and the bytes past it.
      const uint64_t in_run = ~uint64_t{0} << first;
      uint8_t past = 0;  // the AsciiClasses past the block
      for (int32_t k = block + 64; k < i; ++k) past |= kAscii.cls[s[k]];
      const uint64_t upper = m.upper & in_run;
      const uint64_t lower = m.lower & in_run;
      capitalized = (m.upper >> first) & 1;
      all_caps = capitalized && lower == 0 && (past & kLower) == 0;
      digits = (upper | lower) == 0 && (past & (kLower | kUpper)) == 0;
      kind = upper != 0 || (past & kUpper) != 0 || !fold_in_text ? kAsciiFold : kOwnFold;
    } else {
      if ((m.odd >> first) & 1) {
        i = start;
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if ((PointProperties(c) & kWordPointBit) == 0) {  // punctuation or a space past ASCII
          tail += i - start - 1;
          continue;
        }
      }
      const WordRead word = ReadWord(s, length, start, &tail);
      i = word.end;
      capitalized = word.capitalized;
      all_caps = word.all_caps;
      digits = word.digits;
      kind = word.ascii ? kAsciiFold : kOtherFold;
    }
    if (count == room) {
      tokens.resize(2 * room);
      room = tokens.size();
      token = tokens.data();
      if (kSpans) {
        code_point_spans->resize(room);
        span = code_point_spans->data();
      }
    }
    Token& t = token[count];
    t.start = static_cast<size_t>(start);
    t.end = static_cast<size_t>(i);
    t.joined = false;
    t.capitalized = capitalized;
    t.all_caps = all_caps;
    t.digits = digits;
    t.hash = kind;  // read by the second pass
    if (kSpans) {
      span[count] = {static_cast<uint32_t>(start - tail_before), static_cast<uint32_t>(i - tail)};
    }
    ++count;
  }
  tokens.resize(count);
  if (kSpans) code_point_spans->resize(count);

  // Second pass: the folds, their hashes and word bits.
  if (!kFold) {
    for (Token& t : tokens) {
      t.folded = absl::string_view();
      t.hash = 0;
      t.words = 0;
    }
    return;
  }
  // Started at half the text (words without the spaces between them) and
  // grown by FoldRoom: a reused buffer soon stops growing, and ordinary
  // texts (and so the tests) go through the growth path.
  if (fold_buffer->size() < text.size() / 2 + 16) fold_buffer->resize(text.size() / 2 + 16);
  size_t fold_used = 0;
  const lexicon_internal::LexiconSlot* const lexicon = lexicon_internal::LexiconSlots();
  for (size_t k = 0; k < count; ++k) {
    Token& t = token[k];
    const char* from = text.data() + t.start;
    const size_t n = t.end - t.start;
    if (t.hash == kOwnFold) {
      t.folded = absl::string_view(from, n);
    } else if (t.hash == kAsciiFold) {
      char* to = FoldRoom(fold_buffer, fold_used, n, &tokens, k);
      // The word is ASCII letters and digits only, whose lower case is the
      // byte with bit 5 set (digits have it already): no tests, 8 at a time.
      size_t j = 0;
      for (; j + 8 <= n; j += 8) SetCaseBits<uint64_t>(from + j, to + j);
      if (j + 4 <= n) {
        SetCaseBits<uint32_t>(from + j, to + j);
        j += 4;
      }
      if (j + 2 <= n) {
        SetCaseBits<uint16_t>(from + j, to + j);
        j += 2;
      }
      if (j < n) to[j] = static_cast<char>(from[j] | 0x20);
      t.folded = absl::string_view(to, n);
      fold_used += n;
    } else {
      const std::string& folded = FoldNonAsciiWord(absl::string_view(from, n));
      char* to = FoldRoom(fold_buffer, fold_used, folded.size(), &tokens, k);
      std::memcpy(to, folded.data(), folded.size());
      t.folded = absl::string_view(to, folded.size());
      fold_used += folded.size();
    }
    t.hash = HashWord(t.folded);
    t.words = lexicon_internal::WordBitsIn(lexicon, t.hashed());
  }
}

}  // namespace

TokenList Tokenize(absl::string_view text) {
  TokenList list;
  Split<true, false>(text, &list.folded_, /*fold_in_text=*/false, &list.tokens_, nullptr);
  return list;
}

std::vector<Token> TokenShapes(absl::string_view text) {
  std::vector<Token> tokens;
  Split<false, false>(text, nullptr, false, &tokens, nullptr);
  return tokens;
}

void TokenShapes(absl::string_view text, std::vector<Token>* tokens) {
  Split<false, false>(text, nullptr, false, tokens, nullptr);
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
  Split<true, true>(text_, &folded_, /*fold_in_text=*/true, &tokens_, &code_points_);
  sentences_.clear();
  sentence_of_.resize(tokens_.size());
  gaps_.resize(tokens_.size());
  const size_t n = tokens_.size();
  // Local pointers: the stores of bools below may alias anything, and
  // members would be loaded again after each.
  Token* const tokens = tokens_.data();
  uint16_t* const gaps = gaps_.data();
  size_t* const sentence_of = sentence_of_.data();
  const char* const text_data = text_.data();
  size_t begin = 0;
  size_t sentence = 0;  // sentences_.size()
  // Whether a sentence ends after token i (< n - 1) whose gap has `bits`.
  auto ends_after = [&](size_t i, uint16_t bits, absl::string_view gap) {
    if (bits & (kGapNewline | kGapExclamation | kGapQuestion | kGapSemicolon)) return true;
    if ((bits & kGapPeriod) == 0) return false;
    const size_t dot = gap.find('.');
    // "M. Wang" and "S. Jaishankar" keep going; so do "2.5" and "U.S.".
    const bool space_after = dot + 1 < gap.size();
    bool ends = space_after && !IsAbbreviation(Surface(i)) &&
                !(tokens[i].digits && tokens[i + 1].digits);
    if (ends && !tokens[i + 1].capitalized && !tokens[i + 1].digits) {
      // A lower-case word after the period: still the same sentence.
      ends = false;
    }
    return ends;
  };
  // One pass: each token's gap, then whether its sentence ends there. The
  // last token, whose gap runs to the text's end, is done after the loop.
  for (size_t i = 0; i + 1 < n; ++i) {
    Token& t = tokens[i];
    const absl::string_view gap(text_data + t.end, tokens[i + 1].start - t.end);
    uint16_t bits;
    if (gap.size() == 1) {
      // Most gaps are one space: no loop, joined without decoding.
      const unsigned char c = static_cast<unsigned char>(gap[0]);
      if (c == ' ') {
        bits = 0;
        t.joined = true;
      } else {
        bits = kGapBits.bits[c] | (c == '.' ? kGapIsPeriod : 0);
        t.joined = JoiningGap(t, gap);
      }
    } else {
      bits = 0;
      for (unsigned char c : gap) bits |= kGapBits.bits[c];
      t.joined = JoiningGap(t, gap);
    }
    gaps[i] = bits;
    sentence_of[i] = sentence;
    if ((bits & (kGapNewline | kGapExclamation | kGapQuestion | kGapSemicolon | kGapPeriod)) &&
        ends_after(i, bits, gap)) {
      sentences_.push_back({begin, i + 1});
      ++sentence;
      begin = i + 1;
    }
  }
  if (n > 0) {
    Token& t = tokens[n - 1];
    const absl::string_view gap(text_data + t.end, text_.size() - t.end);
    uint16_t bits = 0;
    if (gap.size() == 1) {
      const unsigned char c = static_cast<unsigned char>(gap[0]);
      bits = kGapBits.bits[c] | (c == '.' ? kGapIsPeriod : 0);
    } else {
      for (unsigned char c : gap) bits |= kGapBits.bits[c];
    }
    t.joined = false;
    gaps[n - 1] = bits;
    sentence_of[n - 1] = sentence;
    sentences_.push_back({begin, n});
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
