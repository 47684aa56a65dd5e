#include "services/extraction/roles.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "absl/strings/match.h"
#include "services/extraction/word_list.h"

namespace dragoman::extraction {
namespace {

using records::v1::Role;

// Compared as string_views: lengths first, no strlen.
bool IsIn(absl::string_view word, std::initializer_list<absl::string_view> words) {
  for (absl::string_view w : words) {
    // Without a memcmp call: these lists are asked of many tokens.
    if (word.size() == w.size() && lexicon_internal::SameBytes(word.data(), w.data(), word.size())) {
      return true;
    }
  }
  return false;
}

// Words that may stand between a title and the country or organization it
// is of: "ministre des Affaires étrangères de la République du Kazakhstan".
bool IsQualifierWord(absl::string_view w) {
  static constexpr auto kWords = MakeWordList(
      "de", "du", "d", "des", "la", "l", "le", "of", "the", "republique", "republic", "populaire",
      "people", "s", "arabe", "arab", "socialiste", "socialist", "islamique", "islamic", "federale",
      "federal", "federation", "democratique", "democratic", "etat", "state", "commission", "comite",
      "central", "centrale", "committee", "parti", "party", "communiste", "communist", "bureau",
      "politique", "politburo", "cabinet", "conseil", "gouvernement", "government", "en", "in",
      "to", "aupres");
  return kWords.Has(w);
}

// The lists asked of a token around every person's name are WordLists:
// most tokens are turned away by their length or first letter.
bool IsHonorific(absl::string_view w) {
  static constexpr auto kWords =
      MakeWordList("m", "mme", "mr", "mrs", "ms", "dr", "senator", "senateur", "sheikh", "amiral",
                   "admiral", "general", "cheikh", "excellence", "excellency");
  return kWords.Has(w);
}

constexpr auto kAndWords = MakeWordList("and", "et");
// "X, également membre du ...", "Wang, also a member of ..."
constexpr auto kAppositionOpeners =
    MakeWordList("egalement", "also", "aussi", "a", "an", "the", "alors", "then", "desormais",
                 "nouveau", "nouvel", "nouvelle", "now");
constexpr auto kAppositionLinks = MakeWordList("et", "and", "also", "egalement", "aussi");
constexpr auto kRemitWords = MakeWordList("pour", "for", "charge", "chargee", "in");
constexpr auto kAuxiliaries = MakeWordList("est", "a", "ete", "was", "has", "been", "is");
constexpr auto kAppointedWords =
    MakeWordList("nomme", "nommee", "designe", "designee", "devenu", "devenue", "elu", "elue",
                 "appointed", "named", "elected", "reconduit", "reconduite");

}  // namespace

RoleReader::RoleReader(const gazetteer::Gazetteer& gazetteer) {
  auto add = [&](const std::string& language, absl::string_view title, Title value) {
    std::vector<std::string> keys;
    for (const Token& t : Tokenize(title)) keys.emplace_back(t.folded);
    if (keys.empty()) return;
    value.plural = keys[0].size() > 3 && keys[0].back() == 's';
    max_tokens_ = std::max(max_tokens_, keys.size());
    Titles& titles = titles_[language];
    const uint32_t node = titles.trie.Add(keys);
    const size_t first_bit = FirstWordBit(HashWord(keys[0]));
    titles.first_words[first_bit / 64] |= uint64_t{1} << (first_bit % 64);
    titles.by_node.resize(titles.trie.node_count());
    if (!titles.by_node[node]) titles.by_node[node] = value;  // the first one given wins
  };
  for (const gazetteer::RoleTitle& t : gazetteer.role_titles()) {
    add(t.language, t.title, {t.role, false, false});
  }
  for (const char* c : {"homologue", "homologues"}) add("fr", c, {Role::ROLE_UNSPECIFIED, true, false});
  for (const char* c : {"counterpart", "counterparts"}) add("en", c, {Role::ROLE_UNSPECIFIED, true, false});
}

void RoleReader::FindTitles(Analysis* analysis) const {
  const TextIndex& index = analysis->index;
  const std::vector<Token>& tokens = index.tokens();
  auto lang = titles_.find(analysis->language);
  if (lang == titles_.end()) return;
  const PhraseTrie& trie = lang->second.trie;
  const std::vector<std::optional<Title>>& title_of = lang->second.by_node;
  const uint64_t* const first_words = lang->second.first_words.data();
  const Token* const token = tokens.data();
  const size_t count = tokens.size();
  auto may_start = [&](size_t t) {
    const size_t bit = FirstWordBit(token[t].hash);
    return ((first_words[bit / 64] >> (bit % 64)) & 1) != 0;
  };

  static const std::string* const kNoCountry = new std::string;
  auto adjective_country = [&](size_t t) -> const std::string& {
    int m = analysis->MentionAt(t);
    if (m < 0 || !analysis->mentions[m].adjective) return *kNoCountry;
    return analysis->entities[analysis->mentions[m].entity].country;
  };

  size_t i = 0;
  while (i < count) {
    // Most words start no title: stepped over on the first-word filter
    // alone. A word inside a person's or organization's name is stepped
    // over too, or reaches the test below and skips to the name's end:
    // the same place, with nothing done on the way.
    while (i < count && !may_start(i)) ++i;
    if (i == count) break;
    if (int m = analysis->MentionAt(i); m >= 0 && analysis->entities[analysis->mentions[m].entity].kind !=
                                                     gazetteer::Kind::kCountry) {
      i = analysis->mentions[m].end;  // never inside a person or organization name
      continue;
    }
    uint32_t node = trie.Next(PhraseTrie::kRoot, tokens[i].hashed());
    if (node == PhraseTrie::kNone) {
      ++i;
      continue;
    }
    // The longest title read from here, with country adjectives left out
    // ("ministre ouzbek des Affaires étrangères" reads as the plain title).
    // Tokens are taken while the trie still goes on with them.
    const Title* best = nullptr;
    size_t best_end = 0;
    if (title_of[node]) {
      best = &*title_of[node];
      best_end = i + 1;
    }
    size_t picked = 1;
    for (size_t t = i + 1; t < count && picked < max_tokens_; ++t) {
      if (!index.Joined(t - 1)) break;
      if (!adjective_country(t).empty()) continue;
      ++picked;
      node = trie.Next(node, tokens[t].hashed());
      if (node == PhraseTrie::kNone) break;
      if (title_of[node]) {
        best = &*title_of[node];
        best_end = t + 1;
      }
    }
    if (best == nullptr) {
      ++i;
      continue;
    }
    RoleMention r;
    r.first = i;
    r.end = best_end;
    r.role = best->role;
    r.counterpart = best->counterpart;
    r.plural = best->plural;
    for (size_t t = r.first; t < r.end; ++t) {
      if (const std::string& c = adjective_country(t); !c.empty()) r.country = c;
    }
    // English puts the adjective first: "Chinese Ambassador", "Kazakh
    // Foreign Minister".
    if (r.country.empty() && r.first > 0 && index.Joined(r.first - 1)) {
      r.country = adjective_country(r.first - 1);
    }
    // What follows: an adjective ("président kazakh"), or "de la
    // République du Kazakhstan", "of China", "de l'OCS".
    size_t t = r.end;
    if (t < tokens.size() && index.Joined(t - 1)) {
      if (const std::string& c = adjective_country(t); !c.empty()) {
        r.country = c;
        r.end = ++t;
      }
    }
    // Does a title start at token k? ("... et ministre des Affaires étrangères")
    auto title_at = [&](size_t k) {
      uint32_t at = PhraseTrie::kRoot;
      for (size_t n = 0; n < max_tokens_ && k + n < tokens.size(); ++n) {
        if (n > 0 && !index.Joined(k + n - 1)) break;
        at = trie.Next(at, tokens[k + n].hashed());
        if (at == PhraseTrie::kNone) break;
        if (title_of[at]) return true;
      }
      return false;
    };
    for (size_t k = 0; t < tokens.size() && k < 8 && index.Joined(t - 1); ++k) {
      // A second portfolio: "Minister of Foreign Affairs and Trade of
      // Hungary", "ministre des Affaires étrangères et du Commerce".
      if (kAndWords.Has(tokens[t].folded) && t + 1 < tokens.size() && index.Joined(t)) {
        size_t w = t + 1;
        while (w + 1 < tokens.size() && IsIn(tokens[w].folded, {"du", "de", "la", "l", "des", "of", "the"}) &&
               index.Joined(w)) {
          ++w;
        }
        if (tokens[w].capitalized && analysis->MentionAt(w) < 0 && !title_at(t + 1) && !title_at(w)) {
          t = w + 1;
          r.end = t;
          continue;
        }
        break;
      }
      int m = analysis->MentionAt(t);
      if (m >= 0) {
        const Mention& mention = analysis->mentions[m];
        const DocEntity& e = analysis->entities[mention.entity];
        if (e.kind == gazetteer::Kind::kCountry) {
          // "ambassadeur de Chine au Kazakhstan": the host is not whom the
          // ambassador serves.
          const bool host = r.role == Role::ROLE_AMBASSADOR && t > 0 &&
                            IsIn(tokens[t - 1].folded, {"en", "in", "to", "aupres", "au", "aux"});
          if (r.country.empty() && !host) r.country = e.country;
          r.end = mention.end;
          t = mention.end;
          continue;
        }
        if (e.kind == gazetteer::Kind::kOrganization) {
          r.organization = mention.entity;
          r.end = mention.end;
          t = mention.end;
          continue;
        }
        break;
      }
      if (!IsQualifierWord(tokens[t].folded)) break;
      ++t;
    }
    // "président du Conseil exécutif", "President of the Commission": heads
    // an organ, not a state.
    if (r.role == Role::ROLE_HEAD_OF_STATE && r.country.empty() && r.organization < 0 &&
        r.end + 1 < tokens.size() && index.Joined(r.end - 1) &&
        IsIn(tokens[r.end].folded, {"de", "du", "of", "des"})) {
      size_t k = r.end + 1;
      if (k + 1 < tokens.size() && IsIn(tokens[k].folded, {"la", "l", "the"})) ++k;
      if (tokens[k].capitalized && analysis->MentionAt(k) < 0 &&
          !IsIn(tokens[k].folded, {"republique", "republic", "federation", "etat", "state"})) {
        r.role = Role::ROLE_OTHER;
      }
    }
    // "ministre fédérale de l'Intérieur", "ministre du Commerce": the
    // portfolio of a plain minister belongs to the title.
    if (r.role == Role::ROLE_MINISTER || r.role == Role::ROLE_OTHER) {
      size_t k = r.end;
      if (k < tokens.size() && index.Joined(k - 1) && IsIn(tokens[k].folded, {"federal", "federale", "delegue", "deleguee"})) ++k;
      for (int n = 0; n < 2 && k + 1 < tokens.size() && index.Joined(k - 1) &&
                      IsIn(tokens[k].folded, {"de", "du", "des", "d", "of", "for"});
           ++n) {
        size_t word = k + 1;
        if (word + 1 < tokens.size() && IsIn(tokens[word].folded, {"la", "l", "the"}) && index.Joined(word)) ++word;
        if (!index.Joined(word - 1) || analysis->MentionAt(word) >= 0) break;
        k = word + 1;
        r.end = k;
        if (k < tokens.size() && IsIn(tokens[k].folded, {"et", "and"}) && index.Joined(k - 1)) ++k;
      }
    }
    analysis->roles.push_back(r);
    i = r.end;
  }
}

void RoleReader::Attribute(Analysis* analysis) const {
  const TextIndex& index = analysis->index;
  const std::vector<Token>& tokens = index.tokens();
  auto& roles = analysis->roles;
  auto role_ending_at = [&](size_t end) -> int {
    for (size_t r = 0; r < roles.size(); ++r) {
      if (roles[r].end == end && roles[r].person < 0) return static_cast<int>(r);
    }
    return -1;
  };
  auto role_starting_at = [&](size_t first) -> int {
    for (size_t r = 0; r < roles.size(); ++r) {
      if (roles[r].first == first && roles[r].person < 0) return static_cast<int>(r);
    }
    return -1;
  };
  auto is_person = [&](const Mention& m) {
    return analysis->entities[m.entity].kind == gazetteer::Kind::kPerson;
  };
  // Whether the text after token t holds c (from the index's gap bits).
  auto gap_has = [&](size_t t, char c) {
    switch (c) {
      case ',': return index.GapHas(t, kGapComma);
      case '.': return index.GapHas(t, kGapPeriod);
      case '/': return index.GapHas(t, kGapSlash);
      case '(': return index.GapHas(t, kGapOpenParen);
      case ')': return index.GapHas(t, kGapCloseParen);
      case '\n': return index.GapHas(t, kGapNewline);
      default: return index.Gap(t).find(c) != absl::string_view::npos;
    }
  };
  auto honorific_gap = [&](size_t t) {  // "M. ", "Mr ", "M.\u00a0"
    for (unsigned char c : index.Gap(t)) {
      if (c != ' ' && c != '.' && c != 0xC2 && c != 0xA0) return false;
    }
    return true;
  };
  auto plain_gap = [&](size_t t) {  // only spaces, commas or a slash
    for (unsigned char c : index.Gap(t)) {
      if (c != ' ' && c != ',' && c != '/' && c != '(' && c != '\t' && c != 0xC2 && c != 0xA0) {
        return false;
      }
    }
    return !gap_has(t, '\n');
  };

  std::vector<std::pair<int, size_t>> plural_heads;  // role, its first person's mention
  // Titles right before a name: "le président kazakh Kassym-Jomart
  // Tokaïev", "Deputy Prime Minister and Foreign Minister Senator X".
  for (const Mention& m : analysis->mentions) {
    if (!is_person(m) || m.first == 0) continue;
    size_t cursor = m.first;
    while (cursor > 0 && IsHonorific(tokens[cursor - 1].folded) &&
           tokens[cursor - 1].capitalized && honorific_gap(cursor - 1)) {
      --cursor;
    }
    if (cursor == 0 || !(plain_gap(cursor - 1))) continue;
    int r = role_ending_at(cursor);
    // "X, ministre du Kirghizistan, Y, ministre du Tadjikistan": between
    // commas after a name, the title is that name's apposition, not Y's.
    if (r >= 0 && gap_has(cursor - 1, ',')) {
      size_t f = roles[r].first;
      if (f > 0 && IsIn(tokens[f - 1].folded, {"le", "la", "l", "the"}) && index.Joined(f - 1)) --f;
      if (f > 0 && gap_has(f - 1, ',')) {
        const int before = analysis->MentionAt(f - 1);
        if (before >= 0 && is_person(analysis->mentions[before])) r = -1;
      }
    }
    // "la haute représentante de l'UE chargée de la diplomatie commune, X":
    // a remit between title and name.
    if (r < 0 && gap_has(cursor - 1, ',')) {
      for (size_t k = cursor - 1; k > 0 && cursor - k < 12; --k) {
        if (index.GapHas(k - 1, kGapPeriod | kGapSemicolon | kGapNewline)) break;
        if (kRemitWords.Has(tokens[k].folded)) {
          r = role_ending_at(k);
          break;
        }
      }
    }
    if (r >= 0 && roles[r].plural) plural_heads.push_back({r, &m - analysis->mentions.data()});
    std::vector<int> chain;
    while (r >= 0) {
      roles[r].person = m.entity;
      chain.push_back(r);
      cursor = roles[r].first;
      if (cursor == 0) break;
      // "... et ministre", "... and Foreign Minister", "Deputy Prime Minister/Foreign Minister"
      if ((gap_has(cursor - 1, '/') || gap_has(cursor - 1, ',')) && plain_gap(cursor - 1)) {
        r = role_ending_at(cursor);
      } else if (cursor >= 2 && kAndWords.Has(tokens[cursor - 1].folded) &&
                 plain_gap(cursor - 2) && !gap_has(cursor - 2, ',')) {
        // (", and Foreign Minister X": the title before the comma closes
        // an apposition of its own.)
        r = role_ending_at(cursor - 1);
        // "Politburo member of the Communist Party of China and Foreign
        // Minister X": the first title's complement sits between.
        for (size_t j = cursor - 2, steps = 0; r < 0 && j > 0 && steps < 10; --j, ++steps) {
          if (!index.Joined(j)) break;
          const int mention = analysis->MentionAt(j);
          if (mention >= 0 && is_person(analysis->mentions[mention])) break;
          const Token& w = tokens[j];
          if (!(IsIn(w.folded, {"of", "the", "du", "de", "des", "la", "le", "l", "d"}) ||
                w.capitalized || mention >= 0)) {
            break;
          }
          r = role_ending_at(j);
        }
      } else {
        r = -1;
      }
    }
    std::string country;
    for (int c : chain) {
      if (!roles[c].country.empty()) country = roles[c].country;
    }
    for (int c : chain) {
      if (roles[c].country.empty()) roles[c].country = country;
    }
  }
  // "les présidents X (Ouzbékistan), Y et Z": the plural title is everyone's.
  std::vector<RoleMention> extra;
  for (const auto& [r, first_mention] : plural_heads) {
    size_t m = first_mention;
    while (m + 1 < analysis->mentions.size()) {
      size_t t = analysis->mentions[m].end;
      // Skip "(Ouzbékistan)".
      if (t < tokens.size() && gap_has(t - 1, '(')) {
        while (t < tokens.size() && !gap_has(t - 1, ')')) ++t;
        if (t >= tokens.size()) break;
        // t is now the first token after ")"
      }
      size_t after = m + 1;
      while (after < analysis->mentions.size() && analysis->mentions[after].first < t) ++after;
      if (after >= analysis->mentions.size()) break;
      const Mention& next = analysis->mentions[after];
      if (!is_person(next)) break;
      size_t gap_tokens = next.first - t;
      const bool comma = gap_tokens == 0 && gap_has(next.first - 1, ',');
      const bool conjunction = gap_tokens == 1 && kAndWords.Has(tokens[t].folded);
      if (!comma && !conjunction) break;
      RoleMention copy = roles[r];
      copy.person = next.entity;
      copy.country.clear();
      extra.push_back(copy);
      m = after;
    }
  }
  for (RoleMention& e : extra) roles.push_back(e);

  // Appositions: "X, membre du Bureau politique ... et ministre des Affaires étrangères,"
  for (const Mention& m : analysis->mentions) {
    if (!is_person(m) || m.end >= tokens.size()) continue;
    const size_t last = m.end - 1;
    if (!(gap_has(last, ',') || gap_has(last, '(')) || gap_has(last, '\n') || gap_has(last, '.')) {
      continue;
    }
    size_t cursor = m.end;
    // "M. Wang, également membre du ...", "Wang, also a member of ..."
    for (size_t k = 0; k < 2 && cursor < tokens.size() &&
                       kAppositionOpeners.Has(tokens[cursor].folded) &&
                       role_starting_at(cursor) < 0;
         ++k) {
      ++cursor;
    }
    int r = role_starting_at(cursor);
    std::vector<int> chain;
    while (r >= 0) {
      roles[r].person = m.entity;
      chain.push_back(r);
      cursor = roles[r].end;
      r = -1;
      // Skip "du Parti communiste chinois (PCC)" and the like, then "et".
      for (size_t k = 0; cursor < tokens.size() && k < 10; ++k) {
        if (gap_has(cursor - 1, '.') || gap_has(cursor - 1, '\n')) break;
        if (int next = role_starting_at(cursor);
            next >= 0 && (gap_has(cursor - 1, ',') || gap_has(cursor - 1, '/') ||
                          gap_has(cursor - 1, '(') || k > 0)) {
          r = next;
          break;
        }
        const absl::string_view w = tokens[cursor].folded;
        int mention = analysis->MentionAt(cursor);
        if (mention >= 0 && !is_person(analysis->mentions[mention])) {
          cursor = analysis->mentions[mention].end;
          continue;
        }
        if (kAppositionLinks.Has(w) || IsQualifierWord(w) ||
            (tokens[cursor].all_caps && mention < 0)) {
          ++cursor;
          continue;
        }
        break;
      }
    }
    // "vice-Premier ministre et chef de la diplomatie du Tadjikistan": the
    // country closing the chain is every title's.
    std::string country;
    for (int c : chain) {
      if (!roles[c].country.empty()) country = roles[c].country;
    }
    for (int c : chain) {
      if (roles[c].country.empty()) roles[c].country = country;
    }
  }
  // "X est nommé ministre ...", "X was appointed Foreign Minister".
  for (const Mention& m : analysis->mentions) {
    if (!is_person(m)) continue;
    size_t t = m.end;
    for (size_t k = 0; k < 3 && t < tokens.size() && !gap_has(t - 1, '.') && !gap_has(t - 1, '\n'); ++k, ++t) {
      if (!kAuxiliaries.Has(tokens[t].folded)) break;
    }
    if (t == m.end || t >= tokens.size() ||
        !kAppointedWords.Has(tokens[t].folded)) {
      continue;
    }
    if (int r = role_starting_at(t + 1); r >= 0) roles[r].person = m.entity;
  }
  // "son homologue tadjik X": the title of the other party in the sentence.
  auto main_office = [](Role role) {
    return role == Role::ROLE_FOREIGN_MINISTER || role == Role::ROLE_HEAD_OF_STATE ||
           role == Role::ROLE_HEAD_OF_GOVERNMENT;
  };
  for (RoleMention& r : roles) {
    if (!r.counterpart || r.person < 0) continue;
    const size_t sentence = index.SentenceOf(r.first);
    bool found = false;
    for (const RoleMention& other : roles) {
      if (other.counterpart || other.person < 0 || other.person == r.person ||
          index.SentenceOf(other.first) != sentence) {
        continue;
      }
      r.role = other.role;
      found = true;
      if (main_office(r.role)) break;
    }
    if (found) continue;
    // "Wang Yi s'est entretenu avec son homologue kazakh X", Wang Yi titled
    // earlier in the text: the office the text gives the other party.
    for (const Mention& m : analysis->mentions) {
      if (!is_person(m) || m.entity == r.person || index.SentenceOf(m.first) != sentence) continue;
      for (const RoleMention& other : roles) {
        if (other.counterpart || other.person != m.entity || !main_office(other.role)) continue;
        r.role = other.role;
        found = true;
        break;
      }
      if (found) break;
    }
    if (found) continue;
    // "Il s'est entretenu avec son homologue X": the party titled last,
    // within the two sentences before.
    for (auto it = roles.rbegin(); it != roles.rend(); ++it) {
      const RoleMention& other = *it;
      if (other.first >= r.first || other.counterpart || other.person < 0 ||
          other.person == r.person || !main_office(other.role)) {
        continue;
      }
      if (index.SentenceOf(other.first) + 2 >= sentence) r.role = other.role;
      break;
    }
  }
}

}  // namespace dragoman::extraction
