#include "services/extraction/persons.h"

#include <algorithm>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "common/text/unicode.h"
#include "services/extraction/word_list.h"

namespace dragoman::extraction {
namespace {

// The stopword and particle lists are in lexicon.cc, as WordBits.
bool IsStopword(const Token& t) { return (t.words & kStopword) != 0; }

bool IsIn(absl::string_view w, std::initializer_list<absl::string_view> words) {
  for (absl::string_view x : words) {
    if (w == x) return true;
  }
  return false;
}

bool IsParticle(const Token& t) { return (t.words & kParticle) != 0; }

bool IsHonorific(absl::string_view folded) {
  // Asked of the word before many capitalized words: most are turned away
  // by their length or first letter.
  static constexpr auto kWords =
      MakeWordList("m", "mme", "mr", "mrs", "ms", "mlle", "dr", "senator", "senateur", "amiral",
                   "admiral", "general", "sheikh", "cheikh");
  return kWords.Has(folded);
}

// East Asian names put the family name first.
bool FamilyNameFirst(const std::string& country) {
  return country == "CN" || country == "VN" || country == "KR" || country == "KP" ||
         country == "TW" || country == "SG" || country == "HK" || country == "MO";
}

bool GivenNameReference(const std::string& country) {
  return country == "MY" || country == "ID" || country == "BN" || country == "MM";
}

// Tokenize of a person's name, remembered per thread: the same gazetteer
// names are split again for every document that names their holders.
const TokenList& NameTokens(const std::string& name) {
  thread_local absl::flat_hash_map<std::string, TokenList> cache;
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  if (cache.size() > 4096) cache.clear();
  return cache.emplace(name, Tokenize(name)).first->second;
}

// Adds a person the gazetteer does not know, keyed by the slug of its name.
void AddUnknownPerson(Analysis* analysis, size_t first, size_t end, bool document_scoped = false) {
  const TextIndex& index = analysis->index;
  std::string name(index.Slice(index.tokens()[first].start, index.tokens()[end - 1].end));
  DocEntity e;
  e.kind = gazetteer::Kind::kPerson;
  e.key = "person:" + text::Slug(name);
  e.name = name;
  e.surfaces.push_back(name);
  e.document_scoped = document_scoped;
  const int id = analysis->AddEntity(std::move(e));
  analysis->AddMention({first, end, id, false});
}

// Token-level tests shared by the three person rules.
class PersonCues {
 public:
  explicit PersonCues(const Analysis& analysis)
      : analysis_(analysis), index_(analysis.index), tokens_(analysis.index.tokens()),
        in_title_(TitleBuffer()) {
    in_title_.assign(tokens_.size(), 0);
    for (const RoleMention& r : analysis.roles) {
      for (size_t t = r.first; t < r.end && t < tokens_.size(); ++t) in_title_[t] = 1;
    }
  }

  // Only these characters (and no-break spaces) between token t and t + 1.
  bool GapIs(size_t t, absl::string_view allowed) const {
    for (unsigned char c : index_.Gap(t)) {
      if (c == 0xC2 || c == 0xA0) continue;
      // A loop over the two or three allowed characters: a find call per
      // byte cost more than the test.
      bool found = false;
      for (char a : allowed) found = found || static_cast<char>(c) == a;
      if (!found) return false;
    }
    return true;
  }
  // "S. Jaishankar"
  bool Initial(size_t t) const {
    return tokens_[t].end - tokens_[t].start == 1 && tokens_[t].all_caps &&
           t + 1 < tokens_.size() && index_.Joined(t);
  }
  // A word that may open a name.
  bool NameStart(size_t t) const {
    const Token& tok = tokens_[t];
    return MayStartName(t) && analysis_.MentionAt(t) < 0 && (tok.end - tok.start > 1 || Initial(t));
  }
  // NameStart's tests of the token alone: most tokens fail them.
  bool MayStartName(size_t t) const {
    const Token& tok = tokens_[t];
    return tok.capitalized && !tok.digits && !IsStopword(tok) && !in_title_[t];
  }
  // Inside a name, capitals win over the stopword list ("Bui Thanh Son").
  bool NameWord(size_t t) const {
    const Token& tok = tokens_[t];
    return tok.capitalized && !tok.digits && !in_title_[t] && analysis_.MentionAt(t) < 0 &&
           tok.end - tok.start > 1 && !IsParticle(tok) &&
           (!IsStopword(tok) || tok.folded == "son" || tok.folded == "sa");
  }
  bool AfterHonorific(size_t t) const {
    return t > 0 && IsHonorific(tokens_[t - 1].folded) && GapIs(t - 1, ". ") &&
           (tokens_[t - 1].capitalized || tokens_[t - 1].folded.size() > 3);
  }
  bool AfterTitle(size_t t) const {
    if (t == 0 || !GapIs(t - 1, " ,")) return false;
    for (const RoleMention& r : analysis_.roles) {
      if (r.end == t) return true;
    }
    return false;
  }
  // ", vice-Premier ministre ..." or "(ministre ...)" right after token end - 1.
  bool BeforeApposition(size_t end) const {
    if (end >= tokens_.size() || !GapIs(end - 1, " ,(") ||
        !index_.GapHas(end - 1, kGapComma | kGapOpenParen)) {
      return false;
    }
    for (const RoleMention& r : analysis_.roles) {
      if (r.first == end) return true;
    }
    return false;
  }
  // End of the name starting at i: capitals and particles ("von der").
  size_t NameEnd(size_t i) const {
    size_t end = i + 1;
    while (end < tokens_.size() && end - i < 5 && index_.Joined(end - 1)) {
      if (NameWord(end)) {
        ++end;
        continue;
      }
      size_t next = end;
      while (next + 1 < tokens_.size() && next - end < 2 && IsParticle(tokens_[next]) &&
             index_.Joined(next)) {
        ++next;
      }
      if (next == end || !NameWord(next)) break;
      end = next + 1;
    }
    return end;
  }
  bool LineBreakBefore(size_t t) const { return t == 0 || index_.GapHas(t - 1, kGapNewline); }

 private:
  const Analysis& analysis_;
  const TextIndex& index_;
  const std::vector<Token>& tokens_;
  // The thread's buffer, kept from one document to the next (FindPersons
  // makes one PersonCues at a time): one allocation less per document.
  static std::vector<uint8_t>& TitleBuffer() {
    thread_local std::vector<uint8_t> buffer;
    return buffer;
  }
  std::vector<uint8_t>& in_title_;  // bytes, not bits: read for most tokens
};

// A short form and who carries it: one person, or several (then it names
// none).
struct ShortForm {
  std::string word;  // folded
  size_t hash = 0;
  int person = -1;
  bool several = false;
};

// Family names (and, for Malay or Indonesian names, given names) of every
// person of the document -> who carries them. A document names a handful
// of persons: a list searched by hash, no map built per document.
// A short form a person goes by (a folded word).
struct ShortWord {
  std::string word;
  size_t hash = 0;
};

// The short forms of one person, in the order the rules give them.
void ShortWordsOf(const DocEntity& e, std::vector<ShortWord>* out) {
  const bool family_first = FamilyNameFirst(e.country);
  const bool given_name_reference = GivenNameReference(e.country);
  auto add = [&](const Token& part) { out->push_back({std::string(part.folded), part.hash}); };
  auto add_names = [&](const std::string& n) {
    const TokenList& parts = NameTokens(n);
    if (parts.size() < 2) return;
    const Token& family = family_first ? parts.front() : parts.back();
    if (family.end - family.start >= 2 && !IsStopword(family)) add(family);
    // Unknown names: which part is the family name is not known ("Liu
    // Bin" -> "M. Liu", "Anne Martin" -> "Mme Martin"); keep both ends.
    if (e.entry == nullptr && parts.size() == 2 && !IsStopword(parts.front()) &&
        parts.front().end - parts.front().start >= 2) {
      add(parts.front());
    }
    if (given_name_reference && !IsStopword(parts.front())) add(parts.front());
  };
  add_names(e.name);
  if (e.entry != nullptr) {
    for (const std::string& a : e.entry->aliases) add_names(a);
  }
}

// ShortWordsOf a gazetteer person, remembered per thread: the same persons
// come back document after document, each with many aliases to split. An
// entry is known by its address and checked by its contents (another
// gazetteer may reuse the address).
const std::vector<ShortWord>& GazetteerShortWords(const DocEntity& e,
                                                  std::vector<ShortWord>* scratch) {
  struct Remembered {
    std::string name;
    std::string country;
    std::vector<std::string> aliases;
    std::vector<ShortWord> words;
  };
  thread_local absl::flat_hash_map<const gazetteer::Entry*, Remembered> cache;
  const gazetteer::Entry& entry = *e.entry;
  if (e.name == entry.name && e.country == entry.country) {
    if (auto it = cache.find(&entry); it != cache.end() && it->second.name == entry.name &&
                                      it->second.country == entry.country &&
                                      it->second.aliases == entry.aliases) {
      return it->second.words;
    }
    if (cache.size() > 4096) cache.clear();
    Remembered& r = cache[&entry];
    r = {entry.name, entry.country, entry.aliases, {}};
    ShortWordsOf(e, &r.words);
    return r.words;
  }
  scratch->clear();
  ShortWordsOf(e, scratch);
  return *scratch;
}

class ShortForms {
 public:
  explicit ShortForms(const Analysis& analysis) { AddEntities(analysis, 0); }

  // Adds the short forms of entities [from, end): the forms of a list of
  // entities extended at its end are those of the first part, then those
  // of the rest.
  void AddEntities(const Analysis& analysis, size_t from) {
    std::vector<ShortWord> scratch;
    for (size_t id = from; id < analysis.entities.size(); ++id) {
      const DocEntity& e = analysis.entities[id];
      if (e.kind != gazetteer::Kind::kPerson) continue;
      const int person = static_cast<int>(id);
      if (e.entry == nullptr) {
        scratch.clear();
        ShortWordsOf(e, &scratch);
        for (const ShortWord& w : scratch) Add(w, person);
      } else {
        for (const ShortWord& w : GazetteerShortWords(e, &scratch)) Add(w, person);
      }
    }
  }

  bool empty() const { return forms_.empty(); }
  // False when Find(t) is surely nullptr (one bit test).
  bool MayHave(const Token& t) const { return (filter_ & FilterBit(t.hash)) != 0; }
  const ShortForm* Find(const Token& t) const {
    if (!MayHave(t)) return nullptr;
    for (const ShortForm& f : forms_) {
      if (f.hash == t.hash && f.word == t.folded) return &f;
    }
    return nullptr;
  }

 private:
  void Add(const ShortWord& w, int person) {
    for (ShortForm& f : forms_) {
      if (f.hash == w.hash && f.word == w.word) {
        if (f.person != person) f.several = true;
        return;
      }
    }
    forms_.push_back({w.word, w.hash, person, false});
    filter_ |= FilterBit(w.hash);
  }

  // One bit per form, by hash: most words are no one's short form.
  static uint64_t FilterBit(size_t hash) { return uint64_t{1} << (hash >> 58); }

  absl::InlinedVector<ShortForm, 16> forms_;
  uint64_t filter_ = 0;
};

// "Kulubaev", "M. Wang": mentions of persons the document names in full.
void ResolveShortForms(Analysis* analysis, const PersonCues& cues, const ShortForms& short_forms) {
  const TextIndex& index = analysis->index;
  const std::vector<Token>& tokens = index.tokens();
  if (short_forms.empty()) return;
  const size_t count = tokens.size();
  for (size_t i = 0; i < count; ++i) {
    // Short forms are capitalized: the other words, and those the forms'
    // filter rules out, are stepped over in a loop of their own.
    while (i < count && !(tokens[i].capitalized && short_forms.MayHave(tokens[i]))) ++i;
    if (i == count) break;
    const Token& t = tokens[i];
    if (analysis->MentionAt(i) >= 0) continue;
    const ShortForm* form = short_forms.Find(t);
    if (form == nullptr || form->several) continue;
    // "Wang Wentao" is not "M. Wang": the next word must not continue a name.
    if (i + 1 < tokens.size() && index.Joined(i) && tokens[i + 1].capitalized && cues.GapIs(i, " ")) {
      continue;
    }
    // Nor is "Gurbanguly Berdimuhamedov" Serdar's "Berdimuhamedov".
    if (i > 0 && index.Joined(i - 1) && tokens[i - 1].capitalized && cues.GapIs(i - 1, " ") &&
        analysis->MentionAt(i - 1) < 0 && !IsHonorific(tokens[i - 1].folded) &&
        !IsStopword(tokens[i - 1])) {
      continue;
    }
    const int id = form->person;
    size_t first = i;
    if (i > 0 && IsHonorific(tokens[i - 1].folded) && tokens[i - 1].capitalized &&
        cues.GapIs(i - 1, ". ") && analysis->MentionAt(i - 1) < 0) {
      first = i - 1;
    }
    std::string surface(index.Slice(tokens[first].start, t.end));
    auto& surfaces = analysis->entities[id].surfaces;
    if (std::find(surfaces.begin(), surfaces.end(), surface) == surfaces.end()) {
      surfaces.push_back(surface);
    }
    analysis->AddMention({first, i + 1, id, false});
  }
}

}  // namespace

void FindPersons(Analysis* analysis) {
  const std::vector<Token>& tokens = analysis->index.tokens();
  const PersonCues cues(*analysis);

  // Short forms of gazetteer persons first, so that "DPM/FM Dar" is Ishaq
  // Dar and not a new one-word person.
  ShortForms short_forms(*analysis);
  ResolveShortForms(analysis, cues, short_forms);
  // The last pass below finds nothing new unless an entity or a mention was
  // added since this one: the short forms come from the entities' names,
  // and a token's outcome depends only on the mentions at it and before it,
  // which this pass had already seen when it reached the token.
  const size_t entities_then = analysis->entities.size();
  const size_t mentions_then = analysis->mentions.size();
  auto resolve_again = [&] {
    if (analysis->entities.size() == entities_then && analysis->mentions.size() == mentions_then) {
      return;
    }
    // Rules below only append entities and never change the earlier ones
    // (nor does a pass, beyond their surfaces): the forms are extended.
    short_forms.AddEntities(*analysis, entities_then);
    ResolveShortForms(analysis, cues, short_forms);
  };

  // Unknown full names in person-marking contexts. One-word names ("Mme
  // Kallas", "le ministre Sugiono") wait until every full name is known:
  // most are someone's family name.
  std::vector<size_t> single_words;
  const size_t count = tokens.size();
  for (size_t i = 0; i < count; ++i) {
    // A name starts with a capital, not with a stopword or inside a title
    // (NameStart): the other words are stepped over in a loop of their own.
    while (i < count && !cues.MayStartName(i)) ++i;
    if (i == count) break;
    if (!cues.NameStart(i)) continue;
    const size_t end = cues.NameEnd(i);
    const bool marked = cues.AfterHonorific(i) || cues.AfterTitle(i) || cues.BeforeApposition(end);
    if (!marked) {
      i = end - 1;
      continue;
    }
    if (end - i == 1) {
      // Only right after a title or "M."/"Mme", and not an initial.
      const bool prefixed = cues.AfterTitle(i) || (cues.AfterHonorific(i) && tokens[i - 1].capitalized);
      if (prefixed && !cues.Initial(i)) single_words.push_back(i);
      continue;
    }
    AddUnknownPerson(analysis, i, end);
    i = end - 1;
  }

  // A byline: "Par Anne Martin" on a line of its own, or a bare name as
  // the document's last line (a signature). Headings in capitals elsewhere
  // ("Relations Bilatérales") are not names.
  for (size_t i = 0; i < count; ++i) {
    while (i < count && !cues.LineBreakBefore(i)) ++i;
    if (i == count) break;
    size_t first = i;
    const bool by = (tokens[i].folded == "par" || tokens[i].folded == "by") && i + 1 < tokens.size() &&
                    analysis->index.Joined(i);
    if (by) ++first;
    size_t end = first;
    while (end < tokens.size() && end - first < 3 && cues.NameStart(end) && !tokens[end].all_caps &&
           (end == first || analysis->index.Joined(end - 1))) {
      ++end;
    }
    if (end - first >= 2 && (end == tokens.size() || (by && cues.LineBreakBefore(end))) &&
        tokens[end - 1].end - tokens[i].start < 40) {
      AddUnknownPerson(analysis, first, end);
      i = end - 1;
    }
  }

  if (single_words.empty()) {
    resolve_again();
    return;
  }
  absl::flat_hash_set<std::string> name_words;
  for (const DocEntity& e : analysis->entities) {
    if (e.kind != gazetteer::Kind::kPerson) continue;
    for (const Token& t : NameTokens(e.name)) name_words.emplace(t.folded);
    if (e.entry == nullptr) continue;
    for (const std::string& a : e.entry->aliases) {
      for (const Token& t : NameTokens(a)) name_words.emplace(t.folded);
    }
  }
  for (size_t i : single_words) {
    if (name_words.contains(tokens[i].folded) || analysis->MentionAt(i) >= 0) continue;
    // After a title a single word is usually the whole name ("le ministre
    // Sugiono"); after "M." it is a family name shared by many.
    AddUnknownPerson(analysis, i, i + 1, /*document_scoped=*/!cues.AfterTitle(i));
  }
  resolve_again();
}

}  // namespace dragoman::extraction
