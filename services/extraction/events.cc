#include "services/extraction/events.h"

#include "services/extraction/agreements.h"
#include "services/extraction/lexicon.h"
#include "services/extraction/word_list.h"

#include <algorithm>

#include "absl/container/inlined_vector.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"

namespace dragoman::extraction {
namespace {

using records::v1::EventType;

// A literal list: compared in place, where a braced list passed as a set
// would build (and hash) a whole flat_hash_set per call, per token.
bool In(absl::string_view w, std::initializer_list<absl::string_view> words) {
  for (absl::string_view x : words) {
    // Without a memcmp call: these lists are asked of many tokens.
    if (w.size() == x.size() && lexicon_internal::SameBytes(w.data(), x.data(), w.size())) {
      return true;
    }
  }
  return false;
}

// The word lists of the event rules are in lexicon.cc, as WordBits that
// the tokenizer sets on every token. The lists below are asked of many
// tokens near cue words: WordLists turn most tokens away by their length
// or first letter.
constexpr auto kGatheringNouns = MakeWordList("reunion", "session", "meeting");
// "ont tenu des entretiens", "avaient eu des entretiens"
constexpr auto kLightVerbs =
    MakeWordList("eu", "tenu", "mene", "menent", "tient", "tiennent", "had", "held", "hold", "holds");
// "la rencontre", "des entretiens"
constexpr auto kDeterminers =
    MakeWordList("la", "une", "cette", "cet", "le", "les", "des", "l", "du", "de", "d", "au", "aux",
                 "ces", "the", "leur", "leurs", "their", "son", "sa");
constexpr auto kThat = MakeWordList("que", "qu", "that");
constexpr auto kRecently =
    MakeWordList("recemment", "recently", "precedemment", "previously", "auparavant");
// "au Viêt Nam", "in Brazil"
constexpr auto kTowards = MakeWordList("au", "en", "in", "aux", "to");
constexpr auto kWillHold = MakeWordList("tiendra", "tiendront", "deroulera", "derouleront",
                                        "accueillera", "presidera", "will");

// w == literal with the literal's length known at compile time: a length
// compare and a load or two, inline (the cue scan makes many per cue word).
template <size_t N>
inline bool Eq(absl::string_view w, const char (&literal)[N]) {
  return w.size() == N - 1 && lexicon_internal::SameBytes(w.data(), literal, N - 1);
}

// "se tiendra", "présidera", "aura lieu": French simple future.
bool IsFrenchFuture(const Token& t) {
  const absl::string_view w = t.folded;
  if (t.capitalized) return false;
  if (t.words & kFrenchFutureWord) return true;
  if (w.size() < 7) return false;
  // Ends in "era", "eront", "ira", "iront", "dra" or "dront", tested
  // byte by byte (asked of every token near a trigger).
  const size_t n = w.size();
  auto future_stem = [&](size_t k) {  // "er", "ir" or "dr" at k
    return w[k + 1] == 'r' && (w[k] == 'e' || w[k] == 'i' || w[k] == 'd');
  };
  if (w[n - 1] == 'a') return future_stem(n - 3);
  return w[n - 3] == 'o' && w[n - 2] == 'n' && w[n - 1] == 't' && future_stem(n - 5);
}

// A sorted set of a few short strings (country codes), kept in place: no
// node per element. Iterates in std::set's order. Holds views: the strings
// are the entities' (FindEvents reads a const Analysis), copied only when
// an event takes them (AssignTo).
class SmallStringSet {
 public:
  // A few elements of two bytes: a scan with inline compares, where a
  // binary search called memcmp at every step.
  void insert(absl::string_view s) {
    size_t at = 0;
    while (at < strings_.size() && Less(strings_[at], s)) ++at;
    if (at < strings_.size() && !Less(s, strings_[at])) return;  // equal
    strings_.insert(strings_.begin() + at, s);
  }
  size_t count(absl::string_view s) const {
    for (absl::string_view x : strings_) {
      if (!Less(x, s) && !Less(s, x)) return 1;
    }
    return 0;
  }
  bool empty() const { return strings_.empty(); }
  void clear() { strings_.clear(); }
  void AssignTo(std::vector<std::string>* out) const {
    out->clear();
    out->reserve(strings_.size());
    for (absl::string_view s : strings_) out->emplace_back(s.data(), s.size());
  }

 private:
  // std::string's order: bytes as unsigned char, then length.
  static bool Less(absl::string_view a, absl::string_view b) {
    const size_t n = std::min(a.size(), b.size());
    for (size_t i = 0; i < n; ++i) {
      if (a[i] != b[i]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]);
    }
    return a.size() < b.size();
  }

  absl::InlinedVector<absl::string_view, 4> strings_;
};

// First token of an entity's mention inside a sentence (or the sentence end).
size_t FirstMentionIn(const Analysis& analysis, int entity, const TextIndex::Range& range) {
  for (const Mention& m : analysis.mentions) {
    if (m.entity == entity && m.first >= range.begin && m.first < range.end) return m.first;
  }
  return range.end;
}

// Who "il" or "the chancellor" most likely is: the first party of the
// latest event that has any.
int LastSubject(const std::vector<EventDraft>& events) {
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    if (!it->participants.empty()) return it->participants.front();
  }
  return -1;
}

}  // namespace

std::optional<int> ParseOrdinal(absl::string_view w) {
  static const std::pair<const char*, int> kWords[] = {
      {"premier", 1},   {"premiere", 1}, {"first", 1},    {"deuxieme", 2}, {"second", 2},
      {"seconde", 2},   {"troisieme", 3}, {"third", 3},   {"quatrieme", 4}, {"fourth", 4},
      {"cinquieme", 5}, {"fifth", 5},    {"sixieme", 6},  {"sixth", 6},    {"septieme", 7},
      {"seventh", 7},   {"huitieme", 8}, {"eighth", 8},   {"neuvieme", 9}, {"ninth", 9},
      {"dixieme", 10},  {"tenth", 10},   {"onzieme", 11}, {"douzieme", 12},
      {"treizieme", 13}, {"quatorzieme", 14}, {"quinzieme", 15}, {"seizieme", 16},
      {"dix-septieme", 17}, {"vingtieme", 20}, {"eleventh", 11}, {"twelfth", 12}};
  for (const auto& [word, n] : kWords) {
    if (w == word) return n;
  }
  size_t digits = 0;
  while (digits < w.size() && absl::ascii_isdigit(w[digits])) ++digits;
  if (digits == 0 || digits > 3) return std::nullopt;
  absl::string_view suffix = w.substr(digits);
  if (suffix == "e" || suffix == "eme" || suffix == "er" || suffix == "re" || suffix == "th" ||
      suffix == "st" || suffix == "nd" || suffix == "rd") {
    int n = 0;
    if (absl::SimpleAtoi(w.substr(0, digits), &n) && n > 0) return n;
  }
  return std::nullopt;
}

std::vector<EventDraft> FindEvents(const Analysis& analysis, const EventContext& context) {
  const TextIndex& index = analysis.index;
  const std::vector<Token>& tokens = index.tokens();
  std::vector<EventDraft> events;
  std::optional<std::string> narrative_date = context.published;
  int last_touched = -1;  // event the latest sentence added to
  int list_target = -1;   // event whose signed documents are being listed
  int narrative_place = context.dateline_place;


  auto is = [&](size_t t, WordBit c) { return (tokens[t].words & c) != 0; };

  // Bytes, read per token, per sentence. The buffer is the thread's, kept
  // from one document to the next: one allocation less per document.
  thread_local std::vector<uint8_t> in_title;
  in_title.assign(tokens.size(), 0);
  for (const RoleMention& r : analysis.roles) {
    for (size_t t = r.first; t < r.end && t < tokens.size(); ++t) in_title[t] = 1;
  }

  // Per-sentence buffers, cleared for each sentence: kept out of the loop
  // so that their storage is allocated once per document.
  std::vector<int> persons;
  std::vector<std::string> agreements;
  bool list_intro_pending = false;
  for (size_t s = 0; s < index.sentences().size(); ++s) {
    const TextIndex::Range range = index.sentences()[s];
    if (range.begin >= range.end) continue;
    // The previous sentence announced a list of signed documents.
    if (list_intro_pending) {
      list_intro_pending = false;
      if (list_target < 0 && !events.empty()) {
        list_target = last_touched >= 0 ? last_touched : static_cast<int>(events.size()) - 1;
      }
    }
    const size_t sbegin = tokens[range.begin].start, send = tokens[range.end - 1].end;
    if (send <= context.body_start) continue;  // headline and header lines

    // Date of this sentence: the first date in it, else the narrative date.
    // A day beats a month; a bare year ("cette année") never dates an event.
    std::optional<std::string> sentence_date;
    for (const DateMention& d : context.dates) {
      if (d.start < sbegin || d.start >= send || d.value.size() < 7) continue;
      if (!sentence_date || (sentence_date->size() < 10 && d.value.size() == 10)) {
        sentence_date = d.value;
      }
      if (sentence_date->size() == 10) break;
    }
    absl::InlinedVector<const DateMention*, 8> own_dates;
    for (const DateMention& d : context.dates) {
      if (d.start >= sbegin && d.start < send && d.value.size() >= 7) own_dates.push_back(&d);
    }
    // The date nearest a trigger dates its event ("a rencontré ce vendredi
    // X, en visite du 11 au 14 juin": the meeting Friday, the visit the 11th).
    auto date_near = [&](int trigger) -> std::optional<std::string> {
      if (trigger < 0 || own_dates.empty()) return sentence_date;
      const size_t at = tokens[trigger].start;
      const DateMention* best = nullptr;
      size_t best_distance = 0;
      for (const DateMention* d : own_dates) {
        const size_t distance = d->start > at ? d->start - at : at - d->end;
        if (best == nullptr || distance < best_distance) {
          best = d;
          best_distance = distance;
        }
      }
      return best->value;
    };
    const std::optional<std::string> date = sentence_date ? sentence_date : narrative_date;

    // Cues.
    int phone = -1, dialogue = -1, summit = -1, gathering = -1, visit = -1, meeting = -1,
        meeting_noun = -1, committee = -1;
    bool strategic = false, sidelines = false, sign = false, participation = false,
         visit_verb = false, one_by_one = false, remote = false, vague_time = false,
         gathering_word = false;
    int two_parties_at = -1, speech = -1;
    absl::InlinedVector<size_t, 8> trigger_tokens;
    // Every word list any token of the sentence is in: a rule below that
    // looks for a list no token is in is skipped.
    uint32_t sentence_words = 0;
    const Token* const token = tokens.data();
    const uint8_t* const title = in_title.data();
    for (size_t t = range.begin; t < range.end; ++t) {
      // Every test below starts with the token being one of the words of
      // kAnyEventWord, outside a title ("vice-président du Conseil des
      // ministres" is a title, not a council): the others are stepped over
      // in a loop of their own.
      while (t < range.end && (title[t] || (token[t].words & kAnyEventWord) == 0)) {
        sentence_words |= token[t].words;
        ++t;
      }
      if (t == range.end) break;
      sentence_words |= token[t].words;
      const absl::string_view w = tokens[t].folded;
      auto next_in = [&](WordBit c, size_t window) {
        for (size_t k = t + 1; k < range.end && k <= t + window; ++k) {
          if (is(k, c)) return true;
        }
        return false;
      };
      auto next_is = [&](std::initializer_list<absl::string_view> words, size_t window) {
        for (size_t k = t + 1; k < range.end && k <= t + window; ++k) {
          if (In(tokens[k].folded, words)) return true;
        }
        return false;
      };
      if (is(t, kPhoneWord) && (!Eq(w, "appel") || next_is({"telephonique"}, 1))) {
        if (phone < 0) phone = t;
      } else if (Eq(w, "dialogue")) {
        if (dialogue < 0) dialogue = t;
        if (next_is({"strategique", "strategic", "ministeriel", "ministerial"}, 3)) strategic = true;
      } else if (is(t, kSummitWord)) {
        if (summit < 0) summit = t;
      } else if (is(t, kGatheringWord) && next_in(kMinisterialWord, 6)) {
        if (gathering < 0) gathering = t;
      } else if (kGatheringNouns.Has(w) &&
                 next_is({"comite", "commission", "committee"}, 8) &&
                 next_is({"intergouvernemental", "intergouvernementale", "intergovernmental",
                           "mixte", "joint"}, 8)) {
        // "la 5e session du comité intergouvernemental", "the 5th meeting
        // of the Intergovernmental Cooperation Committee": a meeting of the
        // two governments, numbered.
        if (committee < 0) committee = t;
      } else if (is(t, kVisitWord)) {
        if (visit < 0) visit = t;
      } else if (is(t, kMeetingWord) ||
                 ((Eq(w, "entretient") || Eq(w, "entretiennent")) && next_is({"avec"}, 2)) ||
                 (Eq(w, "rendu") && t > range.begin && Eq(tokens[t - 1].folded, "est"))) {
        if (Eq(w, "rendu")) {
          if (visit < 0) visit = t;
        } else {
          // "la rencontre", "des entretiens" name an event; "a rencontré",
          // "entretiens avec" report one.
          // "ont tenu des entretiens", "avaient eu des entretiens" report one too.
          const bool light_verb =
              t >= range.begin + 2 && kLightVerbs.Has(tokens[t - 2].folded);
          const bool noun = !light_verb && t > range.begin &&
                            kDeterminers.Has(tokens[t - 1].folded) &&
                            !next_is({"avec", "with"}, 3);
          if (noun) {
            if (meeting_noun < 0) meeting_noun = t;
          } else if (meeting < 0) {
            meeting = t;
          }
        }
      }
      if (Eq(w, "successivement") || Eq(w, "respectivement") || Eq(w, "separately") || Eq(w, "separement") ||
          Eq(w, "respectively") || Eq(w, "successively")) {
        one_by_one = true;
      }
      if (Eq(w, "effectue") || Eq(w, "effectuee") || Eq(w, "rendu") || Eq(w, "rendue") ||
          Eq(w, "arrive") || Eq(w, "arrivee") || Eq(w, "visited") || Eq(w, "paid") || Eq(w, "arrived") ||
          Eq(w, "arrives") || Eq(w, "arriving") ||
          Eq(w, "visiting") || (Eq(w, "en") && t + 1 < range.end && Eq(tokens[t + 1].folded, "visite"))) {
        visit_verb = true;
      }
      if (Eq(w, "marge") || Eq(w, "sidelines")) sidelines = true;
      if (is(t, kGatheringWord) || is(t, kSummitWord)) gathering_word = true;
      if (Eq(w, "video") || Eq(w, "visioconference") || Eq(w, "videoconference") || Eq(w, "virtual") ||
          Eq(w, "virtuelle")) {
        remote = true;
      }
      if (is(t, kSigningWord)) sign = true;
      if (is(t, kParticipationWord)) participation = true;
      if ((Eq(w, "deux") || Eq(w, "two") || Eq(w, "both")) && t + 1 < range.end &&
          (absl::StartsWith(tokens[t + 1].folded, "minist") ||
           absl::StartsWith(tokens[t + 1].folded, "president") ||
           absl::StartsWith(tokens[t + 1].folded, "dirigeant") ||
           Eq(tokens[t + 1].folded, "parties") || Eq(tokens[t + 1].folded, "sides") ||
           Eq(tokens[t + 1].folded, "leaders"))) {
        two_parties_at = t;
      }
      // "a déclaré que ...", "said that ...": what follows is reported.
      if (speech < 0 && is(t, kSpeechVerb) && t + 1 < range.end &&
          kThat.Has(tokens[t + 1].folded)) {
        speech = t;
      }
      if ((Eq(w, "an") || Eq(w, "annee") || Eq(w, "year")) && t + 1 < range.end &&
          In(tokens[t + 1].folded, {"dernier", "derniere", "passe", "passee"})) {
        vague_time = true;
      }
      if (Eq(w, "last") && t + 1 < range.end && In(tokens[t + 1].folded, {"year", "week"})) vague_time = true;
      if (Eq(w, "semaine") && t + 1 < range.end && In(tokens[t + 1].folded, {"derniere", "passee"})) {
        vague_time = true;
      }
      if (kRecently.Has(w)) vague_time = true;
    }
    // What someone "a rappelé que ..." does not move the story's clock.
    // (Only a sentence_date moves it, and date above was read before.)
    bool reported = false;
    if (sentence_words & kSpeechVerb) {
      for (size_t t = range.begin; t + 1 < range.end; ++t) {
        if (is(t, kSpeechVerb) && kThat.Has(tokens[t + 1].folded)) {
          reported = true;
        }
      }
    }
    if (sentence_date && !reported) narrative_date = sentence_date;
    for (int t : {phone, dialogue, summit, gathering, visit, meeting, meeting_noun, committee}) {
      if (t >= 0) trigger_tokens.push_back(t);
    }
    for (const DateMention& d : context.dates) {
      if (d.start >= sbegin && d.start < send && d.value.size() == 4) vague_time = true;
    }
    // "Les deux ministres ont ..." as the subject, before the trigger.
    int first_trigger = range.end;
    for (size_t t : trigger_tokens) first_trigger = std::min<int>(first_trigger, t);
    const bool two_parties = two_parties_at >= 0 && two_parties_at < first_trigger;
    // Reported speech and vague past ("cette année", "l'an dernier") recall
    // events in passing; only a date of their own makes them news.
    const bool in_passing = !sentence_date && ((speech >= 0 && speech < first_trigger) || vague_time);

    // Persons, places and countries of the sentence. A place after "à",
    // "in"... is where the sentence happens; later sentences inherit it.
    persons.clear();
    int place = -1;
    SmallStringSet countries;
    SmallStringSet destinations;  // "au Viêt Nam", "in Brazil"
    // The mentions that start in the sentence, in text order: mentions are
    // sorted by first token and never overlap, so these are the tokens t
    // with mentions[MentionAt(t)].first == t.
    for (auto it = std::lower_bound(analysis.mentions.begin(), analysis.mentions.end(), range.begin,
                                    [](const Mention& m, size_t t) { return m.first < t; });
         it != analysis.mentions.end() && it->first < range.end; ++it) {
      const size_t t = it->first;
      const int m = static_cast<int>(it - analysis.mentions.begin());
      const DocEntity& e = analysis.entities[analysis.mentions[m].entity];
      if (e.kind == gazetteer::Kind::kPerson) {
        if (std::find(persons.begin(), persons.end(), analysis.mentions[m].entity) == persons.end()) {
          persons.push_back(analysis.mentions[m].entity);
        }
      } else if (e.kind == gazetteer::Kind::kPlace && place < 0 && t > range.begin) {
        const absl::string_view before = tokens[t - 1].folded;
        if (Eq(before, "a") || Eq(before, "au") || Eq(before, "in") || Eq(before, "at") ||
            Eq(before, "aux") || Eq(before, "de")) {
          place = analysis.mentions[m].entity;
        }
      } else if (e.kind == gazetteer::Kind::kCountry && !e.country.empty()) {
        countries.insert(e.country);
        if (t > range.begin && !analysis.mentions[m].adjective &&
            kTowards.Has(tokens[t - 1].folded)) {
          destinations.insert(e.country);
        }
      }
    }

    // "X a déclaré que la visite de Y ...": the speaker is not a party.
    if (speech >= 0 && speech < first_trigger) {
      std::vector<int> reported;
      for (int p : persons) {
        for (const Mention& m : analysis.mentions) {
          if (m.entity == p && m.first > static_cast<size_t>(speech) && m.first < range.end) {
            reported.push_back(p);
            break;
          }
        }
      }
      persons = reported;
    }
    // Persons named by title alone: "le chancelier", "le chef de la
    // diplomatie ouzbèke" (the last person the text gave that title), "son
    // homologue indonésien" (whoever holds the subject's title for that
    // country).
    for (const RoleMention& r : analysis.roles) {
      if (r.person >= 0 || r.first < range.begin || r.first >= range.end) continue;
      int found = -1;
      if (r.counterpart) {
        if (persons.empty()) continue;
        const int subject = persons.front();
        records::v1::Role subject_role = records::v1::ROLE_UNSPECIFIED;
        for (const RoleMention& o : analysis.roles) {
          if (o.person == subject && !o.counterpart) subject_role = o.role;
        }
        if (subject_role == records::v1::ROLE_UNSPECIFIED) continue;
        for (const RoleMention& o : analysis.roles) {
          if (o.person < 0 || o.person == subject || o.role != subject_role) continue;
          const std::string& c = analysis.entities[o.person].country;
          if (r.country.empty() ? c != analysis.entities[subject].country : c == r.country) {
            found = o.person;
          }
        }
      } else if (r.first > range.begin &&
                 In(tokens[r.first - 1].folded, {"le", "la", "l", "the"}) &&
                 r.role != records::v1::ROLE_UNSPECIFIED) {
        for (const RoleMention& o : analysis.roles) {
          if (o.person < 0 || o.first >= r.first || o.role != r.role) continue;
          if (!r.country.empty() && analysis.entities[o.person].country != r.country) continue;
          found = o.person;  // the latest before
        }
      }
      if (found >= 0 && std::find(persons.begin(), persons.end(), found) == persons.end()) {
        // Keep text order: insert before the first person named after it.
        auto at = persons.begin();
        while (at != persons.end() && FirstMentionIn(analysis, *at, range) < r.first) ++at;
        persons.insert(at, found);
      }
    }

    // "les ministres chinois et kirghize", "the Chinese and Russian
    // presidents": whoever the text titled so for those countries.
    for (size_t t = range.begin; (sentence_words & kPluralTitleWord) != 0 && t < range.end; ++t) {
      if (!is(t, kPluralTitleWord)) continue;
      const absl::string_view w = tokens[t].folded;
      records::v1::Role role = records::v1::ROLE_UNSPECIFIED;
      if (In(w, {"ministres", "ministers"})) role = records::v1::ROLE_FOREIGN_MINISTER;
      if (In(w, {"presidents"})) role = records::v1::ROLE_HEAD_OF_STATE;
      if (role == records::v1::ROLE_UNSPECIFIED) continue;
      std::vector<std::string> plural_countries;
      // Adjectives after the noun (French) or before it (English).
      auto collect = [&](size_t from, int step) {
        for (size_t k = from; k >= range.begin && k < range.end; k += step) {
          const int m = analysis.MentionAt(k);
          if (m >= 0 && analysis.mentions[m].adjective) {
            plural_countries.push_back(analysis.entities[analysis.mentions[m].entity].country);
          } else if (!In(tokens[k].folded, {"et", "and"})) {
            break;
          }
          if (step < 0 && k == 0) break;
        }
      };
      collect(t + 1, 1);
      if (t > range.begin) collect(t - 1, -1);
      if (plural_countries.size() < 2) continue;
      for (const std::string& c : plural_countries) {
        int found = -1;
        for (const RoleMention& o : analysis.roles) {
          if (o.person >= 0 && o.role == role && analysis.entities[o.person].country == c) found = o.person;
        }
        if (found >= 0 && std::find(persons.begin(), persons.end(), found) == persons.end()) {
          persons.push_back(found);
        }
      }
    }

    // Inherit the last place unless the sentence travels to another country.
    int inherited_place = narrative_place;
    if (inherited_place >= 0 && !destinations.empty() &&
        destinations.count(analysis.entities[inherited_place].country) == 0) {
      inherited_place = -1;
    }
    if (place >= 0) narrative_place = place;
    // "29/03/2024 – Pékin.": a heading names the place of what follows.
    if (place < 0 && persons.empty() && range.end - range.begin <= 8) {
      for (size_t t = range.begin; t < range.end; ++t) {
        const int m = analysis.MentionAt(t);
        if (m >= 0 && analysis.entities[analysis.mentions[m].entity].kind == gazetteer::Kind::kPlace) {
          narrative_place = analysis.mentions[m].entity;
          break;
        }
      }
    }

    // Agreements signed or adopted in this sentence go to its event, else
    // to the latest one.
    // "ont signé les documents suivants :" then one bullet per title.
    bool bullet = false;
    if (list_target >= 0) {
      const size_t line_start = index.text().rfind('\n', sbegin == 0 ? 0 : sbegin - 1);
      absl::string_view lead = index.Slice(line_start == absl::string_view::npos ? 0 : line_start + 1, sbegin);
      bullet = absl::StrContains(lead, "–") || absl::StrContains(lead, "-") ||
               absl::StrContains(lead, "•") || absl::StrContains(lead, "*") ||
               absl::StrContains(lead, "·");
      if (!bullet) list_target = -1;
    }
    agreements.clear();
    if (sign || bullet) agreements = AgreementTitles(index, range);

    if (bullet) {
      for (auto& a : agreements) events[list_target].agreements.push_back(a);
      continue;
    }
    const bool list_intro = sign && absl::EndsWith(absl::StripTrailingAsciiWhitespace(
                                                       index.Slice(sbegin, std::min(index.text().size(), send + 2))),
                                                   ":");
    if (list_intro) {
      list_intro_pending = true;
      list_target = -1;
    }

    // Which event, if any.
    EventType type = records::v1::EVENT_TYPE_UNSPECIFIED;
    EventType secondary = records::v1::EVENT_TYPE_UNSPECIFIED;
    int noun = -1;
    if (phone >= 0) {
      type = records::v1::EVENT_TYPE_PHONE_CALL;
    } else if (dialogue >= 0 && (strategic || meeting >= 0)) {
      type = records::v1::EVENT_TYPE_STRATEGIC_DIALOGUE;
      noun = dialogue;
    } else if (meeting >= 0 || (meeting_noun >= 0 && sidelines)) {
      type = records::v1::EVENT_TYPE_MEETING;
      const bool around = sidelines || participation;
      if (around && summit >= 0) secondary = records::v1::EVENT_TYPE_SUMMIT, noun = summit;
      else if (around && gathering >= 0) secondary = records::v1::EVENT_TYPE_MULTILATERAL_MEETING, noun = gathering;
      else if (visit >= 0 && visit_verb) secondary = records::v1::EVENT_TYPE_VISIT;
    } else if (summit >= 0) {
      type = records::v1::EVENT_TYPE_SUMMIT;
      noun = summit;
    } else if (gathering >= 0) {
      type = records::v1::EVENT_TYPE_MULTILATERAL_MEETING;
      noun = gathering;
    } else if (committee >= 0) {
      type = records::v1::EVENT_TYPE_MEETING;
      noun = committee;
    } else if (visit >= 0 && visit_verb) {
      // "Cet entretien prolonge la visite effectuée par X": the visit is the news.
      type = records::v1::EVENT_TYPE_VISIT;
    } else if (meeting_noun >= 0) {
      type = records::v1::EVENT_TYPE_MEETING;
    } else if (visit >= 0) {
      type = records::v1::EVENT_TYPE_VISIT;
    }

    // Plans and wishes near the trigger are not events.
    bool plan = false;
    for (size_t trigger : trigger_tokens) {
      for (size_t t = trigger >= range.begin + 6 ? trigger - 6 : range.begin;
           t < range.end && t <= trigger + 6; ++t) {
        if (is(t, kPlanWord)) plan = true;
      }
      if (trigger == static_cast<size_t>(summit) || trigger == static_cast<size_t>(gathering)) {
        for (size_t t = range.begin; t < range.end; ++t) {
          if (kWillHold.Has(tokens[t].folded)) {
            plan = true;
          }
        }
      }
      if (analysis.language == "fr") {
        for (size_t t = trigger >= range.begin + 10 ? trigger - 10 : range.begin;
             t < range.end && t <= trigger + 10; ++t) {
          if (IsFrenchFuture(tokens[t])) plan = true;
        }
      }
    }

    // Titles signed in a sentence that names no event of its own go to the
    // gathering when leaders sign, else to the event the text is about.
    const bool leaders = (sentence_words & kLeaderWord) != 0;
    auto route = [&](EventType named) -> int {
      if (events.empty()) return -1;
      int target = last_touched >= 0 ? last_touched : static_cast<int>(events.size()) - 1;
      for (size_t i = 0; i < events.size(); ++i) {
        const EventType t = events[i].type;
        if (leaders && (t == records::v1::EVENT_TYPE_SUMMIT ||
                        t == records::v1::EVENT_TYPE_MULTILATERAL_MEETING) &&
            (!date || !events[i].date || *events[i].date == *date || target < 0 ||
             events[target].type != t)) {
          target = static_cast<int>(i);
        } else if (!leaders && named != records::v1::EVENT_TYPE_UNSPECIFIED && t == named) {
          target = static_cast<int>(i);
        }
      }
      return target;
    };

    if (in_passing) continue;
    if (type == records::v1::EVENT_TYPE_UNSPECIFIED || plan) {
      // "Ont notamment pris part à la réunion X, Y, Z": more participants.
      if (participation && !events.empty() && !persons.empty()) {
        EventDraft& last = events.back();
        if (last.type == records::v1::EVENT_TYPE_SUMMIT ||
            last.type == records::v1::EVENT_TYPE_MULTILATERAL_MEETING ||
            last.type == records::v1::EVENT_TYPE_STRATEGIC_DIALOGUE) {
          for (int p : persons) {
            if (std::find(last.participants.begin(), last.participants.end(), p) == last.participants.end()) {
              last.participants.push_back(p);
            }
          }
          last.sentences.push_back(s);
        }
      }
      if (!plan && (!agreements.empty() || list_intro)) {
        const int target = route(records::v1::EVENT_TYPE_UNSPECIFIED);
        if (target >= 0) {
          for (auto& a : agreements) events[target].agreements.push_back(a);
          if (list_intro) list_target = target;
        }
      }
      continue;
    }

    auto trigger_of = [&](EventType t) {
      switch (t) {
        case records::v1::EVENT_TYPE_PHONE_CALL: return phone;
        case records::v1::EVENT_TYPE_STRATEGIC_DIALOGUE: return dialogue;
        case records::v1::EVENT_TYPE_SUMMIT: return summit;
        case records::v1::EVENT_TYPE_MULTILATERAL_MEETING: return gathering;
        case records::v1::EVENT_TYPE_VISIT: return visit;
        default: return meeting >= 0 ? meeting : meeting_noun;
      }
    };
    // The gathering a "en marge de ..." sentence refers to; its talks take
    // place where the gathering is, not where the last sentence wandered.
    int sideline_of = -1;
    auto make = [&](EventType t) {
      EventDraft e;
      e.type = t;
      e.date = sentence_date && t == secondary ? date_near(trigger_of(t)) : date;
      e.location = place;
      // Calls happen nowhere in particular.
      if (remote) e.location = -1;
      if (e.location < 0 && sideline_of >= 0 && !remote) e.location = events[sideline_of].location;
      if (e.location < 0 && t != records::v1::EVENT_TYPE_PHONE_CALL && !remote) e.location = inherited_place;
      if (e.location >= 0) {
        const DocEntity& p = analysis.entities[e.location];
        if (p.entry != nullptr && !p.entry->within.empty()) {
          for (size_t i = 0; i < analysis.entities.size(); ++i) {
            if (analysis.entities[i].key == p.entry->within) e.location = static_cast<int>(i);
          }
        }
      }
      e.participants = persons;
      for (int p : persons) {
        if (!analysis.entities[p].country.empty()) countries.insert(analysis.entities[p].country);
      }
      countries.AssignTo(&e.countries);
      destinations.AssignTo(&e.destinations);
      e.sentences.push_back(s);
      const bool numbered_meeting =
          t == records::v1::EVENT_TYPE_MEETING && noun >= 0 && noun == committee;
      if (((t != records::v1::EVENT_TYPE_MEETING && t != records::v1::EVENT_TYPE_PHONE_CALL &&
            t != records::v1::EVENT_TYPE_VISIT) || numbered_meeting) &&
          noun > static_cast<int>(range.begin)) {
        for (int k = noun - 1; k >= static_cast<int>(range.begin) && k >= noun - 2; --k) {
          if (auto n = ParseOrdinal(tokens[k].folded); n.has_value()) {
            e.ordinal = n;
            break;
          }
        }
        // "le cinquième cycle du dialogue", "the third round of the dialogue"
        for (int k = noun - 2; !e.ordinal && k >= static_cast<int>(range.begin) && k >= noun - 4; --k) {
          if (!In(tokens[k].folded, {"cycle", "session", "edition", "round", "tour"})) continue;
          bool linked = true;
          for (int j = k + 1; j < noun; ++j) {
            if (!In(tokens[j].folded, {"du", "de", "la", "l", "of", "the"})) linked = false;
          }
          if (linked && k > static_cast<int>(range.begin)) e.ordinal = ParseOrdinal(tokens[k - 1].folded);
        }
        size_t end = noun;
        for (size_t k = noun + 1; k < range.end && k < static_cast<size_t>(noun) + 10; ++k) {
          if (index.GapHas(k - 1, kGapComma | kGapPeriod | kGapSemicolon | kGapColon |
                                      kGapOpenParen | kGapCloseParen | kGapNewline)) {
            break;
          }
          const absl::string_view w = tokens[k].folded;
          if (Eq(w, "a") || Eq(w, "qui") || Eq(w, "se") || Eq(w, "s") || Eq(w, "avec") || Eq(w, "with") ||
              Eq(w, "in") || Eq(w, "au") || Eq(w, "en") || (Eq(w, "le") && k > static_cast<size_t>(noun) + 1)) {
            break;
          }
          end = k;
        }
        e.series = std::string(index.Slice(tokens[noun].start, tokens[end].end));
      }
      return e;
    };

    // A verb ("a eu un entretien avec") reports a new event; a noun ("lors
    // de l'entretien") may refer back to one.
    const bool verbal = meeting >= 0 || phone >= 0;
    auto merge_or_add = [&](EventDraft draft, bool need_two) {
      const bool gathering_type = draft.type == records::v1::EVENT_TYPE_SUMMIT ||
                                  draft.type == records::v1::EVENT_TYPE_MULTILATERAL_MEETING ||
                                  draft.type == records::v1::EVENT_TYPE_STRATEGIC_DIALOGUE;
      for (EventDraft& e : events) {
        if (e.date && draft.date && *e.date != *draft.date) continue;
        size_t common = 0;
        for (int p : draft.participants) {
          if (std::find(e.participants.begin(), e.participants.end(), p) != e.participants.end()) ++common;
        }
        // An undated sentence whose persons all took part in an earlier
        // event talks about that event ("Lors des entretiens, X et Y ...").
        const bool same_sentence = std::find(e.sentences.begin(), e.sentences.end(), s) != e.sentences.end();
        const bool continuation = !sentence_date && !verbal && !same_sentence &&
                                  common == draft.participants.size() &&
                                  common >= std::min<size_t>(2, e.participants.size());
        if (e.type != draft.type && !continuation) continue;
        // One summit or ministerial meeting a day, whoever the sentence names.
        const bool same_gathering = gathering_type && e.type == draft.type && e.date && draft.date;
        const size_t need = std::min<size_t>({2, draft.participants.size(), e.participants.size()});
        if (!continuation && !same_gathering && (common == 0 || common < need)) continue;
        for (int p : draft.participants) {
          if (std::find(e.participants.begin(), e.participants.end(), p) == e.participants.end()) {
            e.participants.push_back(p);
          }
        }
        if (!e.date) e.date = draft.date;
        if (e.location < 0) e.location = draft.location;
        if (!e.ordinal) e.ordinal = draft.ordinal;
        if (!e.series) e.series = draft.series;
        for (auto& a : draft.agreements) e.agreements.push_back(a);
        e.sentences.push_back(s);
        last_touched = static_cast<int>(&e - events.data());
        return;
      }
      if (need_two && draft.participants.size() < 2) return;
      events.push_back(std::move(draft));
      last_touched = static_cast<int>(events.size()) - 1;
    };

    // "Y ont pris part X, Y et Z": more participants for today's gathering.
    if (participation && !sidelines && !persons.empty()) {
      // The gathering of the sentence's own date, else the lead one.
      EventDraft* gathering_event = nullptr;
      for (EventDraft& e : events) {
        if (e.type != records::v1::EVENT_TYPE_SUMMIT &&
            e.type != records::v1::EVENT_TYPE_MULTILATERAL_MEETING &&
            e.type != records::v1::EVENT_TYPE_STRATEGIC_DIALOGUE) {
          continue;
        }
        if (sentence_date ? e.date == sentence_date : gathering_event == nullptr) gathering_event = &e;
      }
      if (gathering_event == nullptr) {
        for (EventDraft& e : events) {
          if (e.type == records::v1::EVENT_TYPE_SUMMIT ||
              e.type == records::v1::EVENT_TYPE_MULTILATERAL_MEETING ||
              e.type == records::v1::EVENT_TYPE_STRATEGIC_DIALOGUE) {
            gathering_event = &e;
            break;
          }
        }
      }
      if (gathering_event != nullptr && (meeting < 0 || meeting_noun >= 0 || summit >= 0 || gathering >= 0)) {
        for (int p : persons) {
          if (std::find(gathering_event->participants.begin(), gathering_event->participants.end(), p) ==
              gathering_event->participants.end()) {
            gathering_event->participants.push_back(p);
          }
        }
        gathering_event->sentences.push_back(s);
        last_touched = static_cast<int>(gathering_event - events.data());
        for (auto& a : agreements) gathering_event->agreements.push_back(a);
        continue;
      }
    }
    // "Il s'est entretenu avec X": the subject of the previous event.
    if (!events.empty() && persons.size() < 2) {
      for (size_t t = range.begin; t < range.end && t < range.begin + 16; ++t) {
        const absl::string_view w = tokens[t].folded;
        const bool subject_position =
            t == range.begin || index.GapHas(t - 1, kGapComma);
        if ((Eq(w, "il") || Eq(w, "elle") || Eq(w, "he") || Eq(w, "she")) && subject_position) {
          const int subject = LastSubject(events);
          if (subject >= 0 && std::find(persons.begin(), persons.end(), subject) == persons.end()) {
            persons.insert(persons.begin(), subject);
          }
          break;
        }
      }
    }

    // "Hier, les deux présidents ont tenu des entretiens": the last event's
    // parties, met again on a day of their own.
    if (persons.empty() && two_parties && sentence_date && !events.empty() &&
        (meeting >= 0 || phone >= 0)) {
      persons = events.back().participants;
    }
    // "À l'issue de ces entretiens, X et Y ont signé ...": the last event.
    if (type == records::v1::EVENT_TYPE_MEETING && meeting < 0 && !sentence_date && !events.empty()) {
      EventDraft& last = events[last_touched >= 0 ? last_touched : events.size() - 1];
      for (int p : persons) {
        if (std::find(last.participants.begin(), last.participants.end(), p) == last.participants.end()) {
          last.participants.push_back(p);
        }
      }
      for (auto& a : agreements) last.agreements.push_back(a);
      last.sentences.push_back(s);
      continue;
    }
    // "Ouvert mardi, le sommet se tient du 22 au 24": the gathering itself,
    // earlier read in passing, gets its own date, place and number.
    bool updated = false;
    const int gathering_noun = type == records::v1::EVENT_TYPE_SUMMIT ? summit
                               : type == records::v1::EVENT_TYPE_MULTILATERAL_MEETING ? gathering
                                                                                    : dialogue;
    // "Cinquième réunion des ministres ..." heads a chronology entry.
    const bool headline_noun =
        gathering_noun >= 0 &&
        (gathering_noun == static_cast<int>(range.begin) ||
         (gathering_noun == static_cast<int>(range.begin) + 1 && ParseOrdinal(tokens[range.begin].folded)));
    if (persons.empty() && (sentence_date || (headline_noun && date)) &&
        (type == records::v1::EVENT_TYPE_SUMMIT || type == records::v1::EVENT_TYPE_MULTILATERAL_MEETING ||
         type == records::v1::EVENT_TYPE_STRATEGIC_DIALOGUE)) {
      for (auto it = events.rbegin(); it != events.rend(); ++it) {
        if (it->type != type || !it->weak) continue;
        it->date = sentence_date;
        if (place >= 0) it->location = place;
        it->weak = false;
        it->sentences.push_back(s);
        updated = true;
        break;
      }
      // "X et Y ont tenu lundi le premier dialogue": who took part comes next.
      if (!updated) {
        EventDraft pending = make(type);
        pending.participants.clear();
        events.push_back(std::move(pending));
      }
    }
    // No one named: "les deux parties ont signé..." continues the last event.
    if (persons.empty()) {
      const int target = route(type);
      if (target >= 0) {
        for (auto& a : agreements) events[target].agreements.push_back(a);
        if (list_intro) list_target = target;
      }
      continue;
    }
    if (two_parties && !events.empty()) {
      // "les deux présidents ont tenu des entretiens ... en présence de X":
      // the two are the last event's parties.
      std::vector<int> parties = events.back().participants;
      for (int p : persons) {
        if (std::find(parties.begin(), parties.end(), p) == parties.end()) parties.push_back(p);
      }
      persons = parties;
    }
    // A visit in passing ("depuis la visite de X") is not reported as news:
    // it needs its own date or a verb that makes it happen.
    if (type == records::v1::EVENT_TYPE_VISIT && !sentence_date && !visit_verb) continue;
    const bool bilateral = type == records::v1::EVENT_TYPE_MEETING ||
                           type == records::v1::EVENT_TYPE_PHONE_CALL;
    if (persons.empty()) continue;

    // "En marge de la réunion, X s'est entretenu avec Y": X and Y attend
    // the gathering the text already told about.
    if (sidelines && gathering_word && secondary == records::v1::EVENT_TYPE_UNSPECIFIED) {
      for (auto it = events.rbegin(); it != events.rend(); ++it) {
        if (it->type != records::v1::EVENT_TYPE_SUMMIT &&
            it->type != records::v1::EVENT_TYPE_MULTILATERAL_MEETING) {
          continue;
        }
        if (it->date && date && *it->date != *date) break;
        sideline_of = static_cast<int>(events.rend() - it) - 1;
        for (int p : persons) {
          if (std::find(it->participants.begin(), it->participants.end(), p) == it->participants.end()) {
            it->participants.push_back(p);
          }
        }
        break;
      }
    }
    if (one_by_one && type == records::v1::EVENT_TYPE_MEETING) {
      // "X s'est entretenu respectivement avec A, B et C": one meeting each.
      std::vector<int> all = persons;
      int subject = -1;
      for (size_t t = range.begin; t < static_cast<size_t>(meeting >= 0 ? meeting : range.end); ++t) {
        int m = analysis.MentionAt(t);
        if (m >= 0 && analysis.entities[analysis.mentions[m].entity].kind == gazetteer::Kind::kPerson) {
          subject = analysis.mentions[m].entity;
          break;
        }
      }
      if (subject < 0) subject = LastSubject(events);
      if (subject >= 0) {
        for (int p : all) {
          if (p == subject) continue;
          persons = {subject, p};
          merge_or_add(make(type), true);
        }
        persons = all;
        if (std::find(persons.begin(), persons.end(), subject) == persons.end()) {
          persons.insert(persons.begin(), subject);
        }
        if (secondary != records::v1::EVENT_TYPE_UNSPECIFIED) merge_or_add(make(secondary), false);
        continue;
      }
    }
    EventDraft main = make(type);
    main.agreements = agreements;
    merge_or_add(std::move(main), bilateral || type == records::v1::EVENT_TYPE_STRATEGIC_DIALOGUE);
    if (secondary != records::v1::EVENT_TYPE_UNSPECIFIED) {
      // Documents signed later belong to the main event, not this one.
      const int main_event = last_touched;
      EventDraft second = make(secondary);
      second.weak = secondary != records::v1::EVENT_TYPE_VISIT;
      merge_or_add(std::move(second), false);
      last_touched = main_event;
    }
  }
  events.erase(std::remove_if(events.begin(), events.end(),
                              [](const EventDraft& e) { return e.participants.empty(); }),
               events.end());
  // A visitor is received by a host: the visit's participants include whom
  // the visitor met on its first day.
  for (EventDraft& v : events) {
    if (v.type != records::v1::EVENT_TYPE_VISIT || v.location >= 0) continue;
    for (const EventDraft& m : events) {
      if (m.type == records::v1::EVENT_TYPE_VISIT || m.location < 0 || m.participants.empty() ||
          std::find(v.participants.begin(), v.participants.end(), m.participants[0]) ==
              v.participants.end() ||
          !m.date || !v.date || *m.date < *v.date) {
        continue;
      }
      v.location = m.location;
      break;
    }
  }
  // A state visit to a country is received by whoever holds the visitor's
  // title there.
  auto role_of = [&](int person) {
    for (const RoleMention& r : analysis.roles) {
      if (r.person == person && r.role != records::v1::ROLE_UNSPECIFIED) return r.role;
    }
    return records::v1::ROLE_UNSPECIFIED;
  };
  for (EventDraft& v : events) {
    if (v.type != records::v1::EVENT_TYPE_VISIT || v.participants.size() != 1) continue;
    const records::v1::Role role = role_of(v.participants[0]);
    if (role == records::v1::ROLE_UNSPECIFIED) continue;
    for (const std::string& c : v.destinations) {
      for (size_t p = 0; p < analysis.entities.size(); ++p) {
        if (analysis.entities[p].kind == gazetteer::Kind::kPerson && analysis.entities[p].country == c &&
            role_of(static_cast<int>(p)) == role && v.participants.size() == 1) {
          v.participants.push_back(static_cast<int>(p));
        }
      }
    }
  }
  for (EventDraft& v : events) {
    if (v.type != records::v1::EVENT_TYPE_VISIT || v.participants.size() != 1 || !v.date) continue;
    for (const EventDraft& m : events) {
      if (m.type != records::v1::EVENT_TYPE_MEETING || m.date != v.date) continue;
      if (std::find(m.participants.begin(), m.participants.end(), v.participants[0]) ==
          m.participants.end()) {
        continue;
      }
      for (int p : m.participants) {
        if (p != v.participants[0]) {
          v.participants.push_back(p);
          break;
        }
      }
      if (v.location < 0) v.location = m.location;
      break;
    }
  }
  return events;
}

}  // namespace dragoman::extraction
