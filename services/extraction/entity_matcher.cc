#include "services/extraction/entity_matcher.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"

namespace dragoman::extraction {
namespace {

int Priority(gazetteer::Kind kind) {
  switch (kind) {
    case gazetteer::Kind::kPerson: return 0;
    case gazetteer::Kind::kOrganization: return 1;
    case gazetteer::Kind::kCountry: return 2;
    case gazetteer::Kind::kPlace: return 3;
  }
  return 4;
}

}  // namespace

DocEntity EntityMatcher::FromEntry(const gazetteer::Entry& entry) {
  DocEntity e;
  e.kind = entry.kind;
  e.entry = &entry;
  e.key = entry.id;
  e.name = entry.name;
  e.country = entry.country;
  return e;
}

EntityMatcher::EntityMatcher(const gazetteer::Gazetteer& gazetteer) {
  for (const gazetteer::Entry& e : gazetteer.entries()) {
    if (!e.matchable) continue;
    Add(e, e.name, Use::kName);
    for (const std::string& a : e.aliases) Add(e, a, Use::kName);
    for (const std::string& a : e.adjectives) Add(e, a, Use::kAdjective);
    for (const std::string& a : e.prefixes) Add(e, a, Use::kPrefix);
    for (const std::string& a : e.not_names) Add(e, a, Use::kNotName);
  }
}

void EntityMatcher::Add(const gazetteer::Entry& entry, absl::string_view form, Use use) {
  for (const std::string& skipped : entry.never_match) {
    if (skipped == form) return;
  }
  const TokenList tokens = Tokenize(form);
  if (tokens.empty()) return;
  const bool guarded =
      std::find(entry.guarded.begin(), entry.guarded.end(), form) != entry.guarded.end();
  Form f{&entry, use, guarded, {}, {}, Priority(entry.kind)};
  // A phrase that names nothing must win over the names inside it.
  if (use == Use::kNotName) f.priority = -1;
  std::vector<std::string> keys;
  for (const Token& t : tokens) {
    keys.emplace_back(t.folded);
    const bool acronym = t.all_caps && t.end - t.start >= 2;
    f.needs_all_caps.push_back(acronym);
    // Capitals count in names and in capitalized (English) adjectives;
    // French adjectives are written in lower case and match any case.
    f.needs_capital.push_back(use != Use::kNotName && t.capitalized);
  }
  // One-letter forms ("U" of "U.S.") would match initials everywhere.
  if (tokens.size() == 1 && tokens[0].end - tokens[0].start < 2) return;
  const uint32_t node = trie_.Add(keys);
  const size_t first_bit = FirstWordBit(HashWord(keys[0]));
  first_words_[first_bit / 64] |= uint64_t{1} << (first_bit % 64);
  // A form merged below keeps a capital only where both forms have one,
  // so the form matches a lower-case first word if this one does.
  if (!f.needs_capital[0]) lower_first_words_[first_bit / 64] |= uint64_t{1} << (first_bit % 64);
  if (forms_.size() < trie_.node_count()) forms_.resize(trie_.node_count());
  if (next_words_.size() < trie_.node_count()) next_words_.resize(trie_.node_count(), 0);
  uint32_t prefix = PhraseTrie::kRoot;
  for (size_t k = 0; k + 1 < keys.size(); ++k) {
    prefix = trie_.Next(prefix, {keys[k], HashWord(keys[k])});
    next_words_[prefix] |= NextWordBit(HashWord(keys[k + 1]));
  }
  std::vector<Form>& list = forms_[node];
  for (Form& existing : list) {
    if (existing.entry == &entry && existing.use == use) {
      // "kazakh" and "Kazakh": the form matches in any case the two allow.
      for (size_t k = 0; k < existing.needs_capital.size(); ++k) {
        existing.needs_capital[k] = existing.needs_capital[k] && f.needs_capital[k];
        existing.needs_all_caps[k] = existing.needs_all_caps[k] && f.needs_all_caps[k];
      }
      existing.guarded = existing.guarded && f.guarded;
      return;
    }
  }
  list.push_back(std::move(f));
  std::stable_sort(list.begin(), list.end(),
                   [](const Form& a, const Form& b) { return a.priority < b.priority; });
  max_tokens_ = std::max(max_tokens_, tokens.size());
}

bool EntityMatcher::Fits(const Form& f, const TextIndex& index, size_t first, size_t n) const {
  const std::vector<Token>& tokens = index.tokens();
  for (size_t k = 0; k < n; ++k) {
    const Token& t = tokens[first + k];
    if (f.needs_all_caps[k] && !t.all_caps) return false;
    if (f.needs_capital[k] && !t.capitalized) return false;
  }
  const size_t last = first + n - 1;
  if (f.use == Use::kPrefix) {
    // "sino-kirghize", "Sino-Russian"; never "Indo" alone.
    if (last + 1 >= tokens.size()) return false;
    absl::string_view gap = index.Gap(last);
    if (gap != "-" && gap != "\u2011") return false;
  }
  if (f.guarded) {
    // Words that start sentences or names without being names.
    static const absl::flat_hash_set<std::string>* const kFunctionWords =
        new absl::flat_hash_set<std::string>{"the", "in", "to", "of", "and", "from", "with", "for",
                                             "on", "at", "by", "le", "la", "les", "en", "au",
                                             "aux", "de", "du", "des", "et", "a"};
    if (first > 0 && index.Joined(first - 1) && tokens[first - 1].capitalized &&
        !kFunctionWords->contains(tokens[first - 1].folded)) {
      return false;
    }
    if (last + 1 < tokens.size() && index.Joined(last) && tokens[last + 1].capitalized) {
      return false;
    }
  }
  return true;
}

void EntityMatcher::Match(Analysis* analysis) const {
  const TextIndex& index = analysis->index;
  const std::vector<Token>& tokens = index.tokens();
  // "French.news.cn", "www.gov.kz": words of a domain name are not names.
  auto in_domain = [&](size_t t) {
    return (t > 0 && index.GapHas(t - 1, kGapIsPeriod)) ||
           (t + 1 < tokens.size() && index.GapHas(t, kGapIsPeriod) && !tokens[t + 1].capitalized);
  };
  const Token* const token = tokens.data();
  const size_t count = tokens.size();
  const uint64_t* const first_words = first_words_.data();
  const uint64_t* const lower_first_words = lower_first_words_.data();
  // Fits needs a capital where the form has one: a word in lower case
  // can only start a form whose first word may be in lower case.
  auto may_start = [&](size_t t) {
    const size_t bit = FirstWordBit(token[t].hash);
    const uint64_t* filter = token[t].capitalized ? first_words : lower_first_words;
    return ((filter[bit / 64] >> (bit % 64)) & 1) != 0;
  };
  size_t i = 0;
  while (i < count) {
    // Most words start no name: stepped over on the first-word filter
    // alone (the trie would find no phrase for them either).
    while (i < count && !may_start(i)) ++i;
    if (i == count) break;
    // The domain test comes after the trie's: both only skip the token.
    uint32_t node = trie_.Next(PhraseTrie::kRoot, tokens[i].hashed());
    if (node == PhraseTrie::kNone || in_domain(i)) {
      ++i;
      continue;
    }
    size_t matched = 0;
    const Form* best = nullptr;
    // Forms along the longest run of joined tokens starting here, walked
    // while they are prefixes of some form; then longest first.
    const std::vector<Form>* candidates[64];
    size_t found = 0;
    for (size_t n = 1; n <= max_tokens_ && i + n <= tokens.size() && n <= 64; ++n) {
      if (n > 1) {
        // "le", "la", "the" start names, but rarely the one that follows.
        const Token& next = tokens[i + n - 1];
        if ((next_words_[node] & NextWordBit(next.hash)) == 0) break;
        node = trie_.Next(node, next.hashed());
        if (node == PhraseTrie::kNone) break;
      }
      candidates[n - 1] = forms_[node].empty() ? nullptr : &forms_[node];
      found = n;
      if (i + n >= tokens.size() || !index.Joined(i + n - 1)) break;
    }
    for (size_t n = found; n >= 1 && best == nullptr; --n) {
      if (candidates[n - 1] == nullptr) continue;
      for (const Form& f : *candidates[n - 1]) {
        if (Fits(f, index, i, n)) {
          best = &f;
          matched = n;
          break;
        }
      }
    }
    if (best == nullptr) {
      ++i;
      continue;
    }
    if (best->use == Use::kNotName) {
      i += matched;
      continue;
    }
    // Most names come back: the entity is only built the first time.
    const int id = analysis->AddEntryEntity(*best->entry);
    const bool adjective = best->use != Use::kName;
    if (!adjective) {
      const absl::string_view surface = index.Slice(tokens[i].start, tokens[i + matched - 1].end);
      auto& surfaces = analysis->entities[id].surfaces;
      if (std::find(surfaces.begin(), surfaces.end(), surface) == surfaces.end()) {
        surfaces.emplace_back(surface);
      }
    }
    analysis->AddMention({i, i + matched, id, adjective});
    i += matched;
  }
}

}  // namespace dragoman::extraction
