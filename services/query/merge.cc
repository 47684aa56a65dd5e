#include "services/query/merge.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <tuple>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/records/codes.h"
#include "common/text/unicode.h"

namespace dragoman::query {
namespace {

namespace rv1 = dragoman::records::v1;

// Most frequent key; ties broken by `better(a, b)` (true when a wins).
template <typename T, typename Better>
T MostCommon(const std::map<T, int>& counts, Better better, T fallback) {
  bool have = false;
  T best = fallback;
  int best_count = 0;
  for (const auto& [value, count] : counts) {
    if (!have || count > best_count || (count == best_count && better(value, best))) {
      best = value;
      best_count = count;
      have = true;
    }
  }
  return best;
}

bool IsMultilateral(rv1::EventType t) {
  return t == rv1::EVENT_TYPE_SUMMIT || t == rv1::EVENT_TYPE_MULTILATERAL_MEETING;
}

bool IsVague(rv1::EventType t) {
  return t == rv1::EVENT_TYPE_UNSPECIFIED || t == rv1::EVENT_TYPE_OTHER;
}

bool TypesAgree(rv1::EventType a, rv1::EventType b) {
  return a == b || IsVague(a) || IsVague(b) || (IsMultilateral(a) && IsMultilateral(b));
}

std::set<std::string> Countries(const rv1::Event& e) {
  return std::set<std::string>(e.countries().begin(), e.countries().end());
}

std::set<std::string> People(const rv1::Event& e) {
  std::set<std::string> out;
  for (const rv1::Participant& p : e.participants()) out.insert(p.entity());
  return out;
}

template <typename T>
size_t Overlap(const std::set<T>& a, const std::set<T>& b) {
  size_t n = 0;
  for (const T& x : a) n += b.count(x);
  return n;
}

template <typename T>
bool Contains(const std::set<T>& big, const std::set<T>& small) {
  return std::includes(big.begin(), big.end(), small.begin(), small.end());
}

// Strength of the evidence that a and b (different documents, same date)
// report one event; 0 when they must stay apart. See merge.h.
// One story in two wrappers (see EventReport::duplicate_of).
bool SameStory(const EventReport& x, const EventReport& y) {
  return x.duplicate_of == y.doc || y.duplicate_of == x.doc ||
         (!x.duplicate_of.empty() && x.duplicate_of == y.duplicate_of);
}

int Affinity(const EventReport& x, const EventReport& y) {
  const rv1::Event& a = x.event;
  const rv1::Event& b = y.event;
  if (x.borrowed_date && y.borrowed_date) return 0;
  if (!TypesAgree(a.type(), b.type())) return 0;
  const std::set<std::string> ca = Countries(a), cb = Countries(b);
  const std::set<std::string> pa = People(a), pb = People(b);
  const bool multilateral = IsMultilateral(a.type()) || IsMultilateral(b.type());

  bool countries_agree = true;
  if (!ca.empty() && !cb.empty()) {
    countries_agree = multilateral ? Overlap(ca, cb) > 0 : (Contains(ca, cb) || Contains(cb, ca));
  }
  const size_t shared = Overlap(pa, pb);
  bool people_agree;
  if (!pa.empty() && !pb.empty()) {
    // A summit's reports each name the few leaders their outlet cares
    // about, so one shared person is enough there.
    people_agree = shared >= (multilateral ? 1 : std::min<size_t>({2, pa.size(), pb.size()}));
  } else {
    people_agree = !ca.empty() && ca == cb;
  }
  const bool same_series = a.has_series() && b.has_series() && a.has_ordinal() && b.has_ordinal() &&
                           a.ordinal() == b.ordinal() &&
                           text::Fold(a.series()) == text::Fold(b.series());
  const bool same_story = SameStory(x, y);
  if (!(countries_agree && people_agree) && !same_series && !same_story) return 0;

  int score = 1 + 8 * static_cast<int>(shared);
  if (a.type() == b.type()) score += 4;
  if (ca == cb) score += 2;
  if (a.has_location() && b.has_location() && a.location() == b.location()) score += 1;
  if (same_series) score += 4;
  if (same_story) score += 16;
  return score;
}

// Union-find over report indexes that refuses to join two reports of one
// document.
class Clusters {
 public:
  explicit Clusters(const std::vector<EventReport>& reports) : parent_(reports.size()) {
    std::iota(parent_.begin(), parent_.end(), 0);
    docs_.resize(reports.size());
    for (size_t i = 0; i < reports.size(); ++i) docs_[i].insert(reports[i].doc);
  }

  size_t Find(size_t i) {
    while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
    return i;
  }

  void JoinIfCompatible(size_t a, size_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b || Overlap(docs_[a], docs_[b]) > 0) return;
    if (b < a) std::swap(a, b);  // the root is the smallest index: deterministic
    parent_[b] = a;
    docs_[a].insert(docs_[b].begin(), docs_[b].end());
  }

 private:
  std::vector<size_t> parent_;
  std::vector<std::set<std::string>> docs_;
};

std::string IdTail(const std::string& entity_id) {
  const size_t colon = entity_id.find(':');
  return colon == std::string::npos ? entity_id : entity_id.substr(colon + 1);
}

rv1::Event Combine(const std::vector<const EventReport*>& group) {
  rv1::Event out;
  std::map<rv1::EventType, int> type_counts;
  bool any_other = false;
  std::map<std::string, rv1::Participant> participants;
  std::set<std::string> countries, docs, agreement_keys;
  for (const EventReport* r : group) {
    const rv1::Event& e = r->event;
    if (IsVague(e.type())) {
      any_other |= e.type() == rv1::EVENT_TYPE_OTHER;
    } else {
      ++type_counts[e.type()];
    }
    if (!out.has_date() && e.has_date()) out.set_date(e.date());
    if (!out.has_location() && e.has_location()) out.set_location(e.location());
    if (!out.has_series() && e.has_series()) out.set_series(e.series());
    if (!out.has_ordinal() && e.has_ordinal()) out.set_ordinal(e.ordinal());
    for (const rv1::Participant& p : e.participants()) {
      auto [it, inserted] = participants.try_emplace(p.entity(), p);
      if (inserted) continue;
      if (it->second.role() == rv1::ROLE_UNSPECIFIED) it->second.set_role(p.role());
      if (!it->second.has_country() && p.has_country()) it->second.set_country(p.country());
    }
    countries.insert(e.countries().begin(), e.countries().end());
    docs.insert(r->doc);
    for (const std::string& a : e.agreements()) {
      if (agreement_keys.insert(text::Fold(a)).second) out.add_agreements(a);
    }
    for (const rv1::Span& s : e.evidence()) *out.add_evidence() = s;
  }
  if (!type_counts.empty()) {
    out.set_type(MostCommon(
        type_counts, [](rv1::EventType a, rv1::EventType b) { return a < b; },
        rv1::EVENT_TYPE_UNSPECIFIED));
  } else {
    out.set_type(any_other ? rv1::EVENT_TYPE_OTHER : rv1::EVENT_TYPE_UNSPECIFIED);
  }
  for (auto& [id, p] : participants) *out.add_participants() = p;
  for (const std::string& c : countries) out.add_countries(c);
  for (const std::string& d : docs) out.add_docs(d);
  return out;
}

// What every report of a group agrees on: the countries each report
// naming countries lists, the persons each report naming persons lists.
// A later report that names more parties or people leaves these as they
// were, which is what keeps ids stable as documents arrive.
struct Core {
  std::set<std::string> countries;
  std::set<std::string> people;
};

Core CoreOf(const std::vector<const EventReport*>& group) {
  Core core;
  bool have_countries = false, have_people = false;
  for (const EventReport* r : group) {
    // An undated report joining later does not reshape the event's id.
    if (r->borrowed_date) continue;
    const std::set<std::string> c = Countries(r->event), p = People(r->event);
    if (!c.empty()) {
      if (!have_countries) {
        core.countries = c;
      } else {
        std::set<std::string> both;
        std::set_intersection(core.countries.begin(), core.countries.end(), c.begin(), c.end(),
                              std::inserter(both, both.end()));
        core.countries = std::move(both);
      }
      have_countries = true;
    }
    if (!p.empty()) {
      if (!have_people) {
        core.people = p;
      } else {
        std::set<std::string> both;
        std::set_intersection(core.people.begin(), core.people.end(), p.begin(), p.end(),
                              std::inserter(both, both.end()));
        core.people = std::move(both);
      }
      have_people = true;
    }
  }
  return core;
}

// Summits and multilateral meetings share one id word: reports disagree
// on which of the two a gathering was.
std::string IdType(rv1::EventType type) {
  if (IsMultilateral(type)) return "multilateral";
  std::string code = records::EventTypeCode(type);
  return code.empty() ? "unspecified" : code;
}

std::string BaseId(const rv1::Event& e, const Core& core) {
  std::vector<std::string> parts = {"event", e.date()};
  if (!core.countries.empty()) parts.push_back(absl::StrJoin(core.countries, "-"));
  parts.push_back(IdType(e.type()));
  return absl::StrJoin(parts, ":");
}

std::string PeopleSuffix(const Core& core) {
  std::vector<std::string> tails;
  for (const std::string& p : core.people) tails.push_back(IdTail(p));
  return absl::StrJoin(tails, "-");
}

}  // namespace

bool UndatedJoins(const EventReport& undated, const EventReport& dated) {
  const rv1::Event& u = undated.event;
  const rv1::Event& d = dated.event;
  if (u.has_date() || !d.has_date() || undated.doc == dated.doc) return false;
  const std::set<std::string> pu = People(u), pd = People(d);
  if (SameStory(undated, dated) && TypesAgree(u.type(), d.type()) &&
      (pu.empty() || pd.empty() || Overlap(pu, pd) > 0)) {
    return true;
  }
  return u.type() == d.type() && !IsVague(u.type()) && !pu.empty() && pu == pd && u.has_series() &&
         d.has_series() && u.has_ordinal() && d.has_ordinal() && u.ordinal() == d.ordinal() &&
         text::Fold(u.series()) == text::Fold(d.series());
}

std::string UndatedEventId(const std::string& doc, const std::string& local_id) {
  return absl::StrCat("event:undated:", doc, ":", local_id);
}

namespace {

// Adds `delta` to `key`'s count in `counts` (sorted by key), dropping it
// at zero.
void Bump(google::protobuf::RepeatedPtrField<store::EntityTally::Count>* counts,
          const std::string& key, int delta) {
  auto it = std::lower_bound(
      counts->begin(), counts->end(), key,
      [](const store::EntityTally::Count& c, const std::string& k) { return c.key() < k; });
  if (it == counts->end() || it->key() != key) {
    if (delta <= 0) return;  // withdrawing what was never counted: nothing to do
    const int at = static_cast<int>(it - counts->begin());
    counts->Add()->set_key(key);
    for (int i = counts->size() - 1; i > at; --i) counts->SwapElements(i, i - 1);
    counts->Mutable(at)->set_count(delta);
    return;
  }
  it->set_count(it->count() + delta);
  if (it->count() <= 0) counts->erase(it);
}

}  // namespace

void AddToTally(const store::EntityContribution& c, int sign, store::EntityTally* tally) {
  tally->set_contributions(std::max(0, tally->contributions() + sign));
  if (!c.name().empty()) Bump(tally->mutable_names(), c.name(), sign);
  std::set<std::string> spellings(c.aliases().begin(), c.aliases().end());
  if (!c.name().empty()) spellings.insert(c.name());
  for (const std::string& s : spellings) Bump(tally->mutable_spellings(), s, sign);
  if (c.has_country() && !c.country().empty()) Bump(tally->mutable_countries(), c.country(), sign);
  if (c.type() != rv1::ENTITY_TYPE_UNSPECIFIED) {
    Bump(tally->mutable_types(), absl::StrCat(static_cast<int>(c.type())), sign);
  }
}

rv1::Entity MergeTally(const std::string& id, const store::EntityTally& tally) {
  rv1::Entity out;
  out.set_id(id);
  out.set_key(id);
  std::map<std::string, int> names, countries;
  std::map<rv1::EntityType, int> types;
  for (const auto& c : tally.names()) names[c.key()] = c.count();
  for (const auto& c : tally.countries()) countries[c.key()] = c.count();
  for (const auto& c : tally.types()) {
    int type = 0;
    if (absl::SimpleAtoi(c.key(), &type)) types[static_cast<rv1::EntityType>(type)] = c.count();
  }
  std::set<std::string> spellings;
  for (const auto& c : tally.spellings()) spellings.insert(c.key());
  out.set_name(MostCommon(
      names,
      [](const std::string& a, const std::string& b) {
        return a.size() != b.size() ? a.size() > b.size() : a < b;
      },
      std::string()));
  if (out.name().empty() && !spellings.empty()) out.set_name(*spellings.begin());
  spellings.erase(out.name());
  for (const std::string& s : spellings) {
    if (!s.empty()) out.add_aliases(s);
  }
  if (!countries.empty()) {
    out.set_country(MostCommon(
        countries, [](const std::string& a, const std::string& b) { return a < b; },
        std::string()));
  }
  out.set_type(MostCommon(
      types, [](rv1::EntityType a, rv1::EntityType b) { return a < b; },
      rv1::ENTITY_TYPE_UNSPECIFIED));
  return out;
}

rv1::Entity MergeEntity(const store::StoredEntity& stored) {
  std::vector<const store::EntityContribution*> sorted;
  for (const store::EntityContribution& c : stored.contributions()) sorted.push_back(&c);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->doc() < b->doc(); });
  store::EntityTally tally;
  for (const store::EntityContribution* c : sorted) AddToTally(*c, 1, &tally);
  rv1::Entity out = MergeTally(stored.id(), tally);
  for (const store::EntityContribution* c : sorted) {
    for (const rv1::Span& m : c->mentions()) *out.add_mentions() = m;
  }
  return out;
}

std::vector<rv1::Event> MergeEventReports(std::vector<EventReport> reports) {
  std::sort(reports.begin(), reports.end(), [](const EventReport& a, const EventReport& b) {
    return std::tie(a.doc, a.event.id()) < std::tie(b.doc, b.event.id());
  });

  // Candidate pairs, strongest first; ties in canonical report order.
  std::vector<std::tuple<int, size_t, size_t>> pairs;
  for (size_t i = 0; i < reports.size(); ++i) {
    if (!reports[i].event.has_date()) continue;
    for (size_t j = i + 1; j < reports.size(); ++j) {
      if (reports[i].doc == reports[j].doc || !reports[j].event.has_date() ||
          reports[i].event.date() != reports[j].event.date()) {
        continue;
      }
      if (int score = Affinity(reports[i], reports[j]); score > 0) {
        pairs.emplace_back(-score, i, j);
      }
    }
  }
  std::sort(pairs.begin(), pairs.end());
  Clusters clusters(reports);
  for (const auto& [score, i, j] : pairs) clusters.JoinIfCompatible(i, j);

  std::map<size_t, std::vector<const EventReport*>> groups;  // root -> reports
  for (size_t i = 0; i < reports.size(); ++i) groups[clusters.Find(i)].push_back(&reports[i]);

  std::vector<rv1::Event> events;
  std::vector<std::string> base_ids;
  std::vector<Core> cores;
  for (const auto& [root, group] : groups) {
    rv1::Event e = Combine(group);
    cores.push_back(CoreOf(group));
    if (std::all_of(group.begin(), group.end(),
                    [](const EventReport* r) { return r->borrowed_date; })) {
      e.clear_date();
    }
    if (!e.has_date()) {
      e.set_id(UndatedEventId(group.front()->doc, group.front()->event.id()));
      base_ids.push_back("");
    } else {
      base_ids.push_back(BaseId(e, cores.back()));
    }
    events.push_back(std::move(e));
  }

  std::map<std::string, int> base_count;
  for (const std::string& b : base_ids) ++base_count[b];
  std::map<std::string, int> taken;  // full id -> times used
  for (size_t i = 0; i < events.size(); ++i) {
    if (base_ids[i].empty()) continue;
    std::string id = base_ids[i];
    if (base_count[id] > 1) {
      const std::string people = PeopleSuffix(cores[i]);
      if (!people.empty()) id = absl::StrCat(id, ":", people);
    }
    if (int n = ++taken[id]; n > 1) id = absl::StrCat(id, ":", n);
    events[i].set_id(id);
  }
  return events;
}

}  // namespace dragoman::query
