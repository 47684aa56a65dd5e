#ifndef DRAGOMAN_COMMON_GAZETTEER_GAZETTEER_H_
#define DRAGOMAN_COMMON_GAZETTEER_GAZETTEER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "dragoman/records/v1/records.pb.h"

namespace dragoman::gazetteer {

enum class Kind { kCountry, kPlace, kOrganization, kPerson };

// One dated term in one office (data/gazetteer/terms.tsv). Dates are
// "YYYY-MM-DD", or "YYYY-MM" when only the month is certain; an empty `to`
// means still in office.
struct Term {
  records::v1::Role role = records::v1::ROLE_UNSPECIFIED;
  std::string country;  // ISO alpha-2 of the state whose office it is
  std::string from;
  std::string to;
};

// One known real-world thing and every name it goes by.
struct Entry {
  std::string id;       // "country:KG", "place:bishkek", "person:wang-yi"
  Kind kind = Kind::kCountry;
  std::string name;     // canonical display name
  std::vector<std::string> aliases;     // other names, any language
  std::vector<std::string> adjectives;  // countries only: "kirghize", "Kyrgyz"
  // Countries only: first halves of compound adjectives ("sino" of
  // "sino-kirghize"), which name the country only before a hyphen.
  std::vector<std::string> prefixes;
  // Countries only: phrases that contain one of its forms without naming
  // it ("océan Indien", "latino-américain"); text matching skips them.
  std::vector<std::string> not_names;
  // Countries only: names that are also given or family names ("Jordan",
  // "Chad"); they match only when no capitalized word is joined to them.
  std::vector<std::string> guarded;
  std::string country;  // ISO alpha-2; empty when none
  std::vector<records::v1::Role> roles;  // persons: offices known to be held
  std::vector<Term> terms;  // persons: dated terms, in file order
  std::string within;   // places: id of the city a venue lies in, or empty
  // False for ISO 3166-1 codes of regions the project treats as places
  // (Hong Kong, Taiwan, Macao): the entry exists, its names match the place.
  bool matchable = true;
  // Names kept for display that text matching must ignore (an ISO name that
  // is also a common word: "Georgia", "Réunion").
  std::vector<std::string> never_match;
};

// A title that names a role: "ministre des Affaires étrangères".
struct RoleTitle {
  std::string title;
  std::string language;  // "fr" or "en"
  records::v1::Role role = records::v1::ROLE_UNSPECIFIED;
};

// Where the data comes from. The iso-codes paths default to Debian's.
struct LoadOptions {
  std::string data_dir;
  std::string iso_3166_json = "/usr/share/iso-codes/json/iso_3166-1.json";
  std::string iso_3166_fr_mo = "/usr/share/locale/fr/LC_MESSAGES/iso_3166-1.mo";
};

// Immutable dictionary of countries, places, organizations, persons and
// role titles that the extractor matches text against. Loaded and validated
// once at start; safe to share between threads.
class Gazetteer {
 public:
  static absl::StatusOr<std::unique_ptr<Gazetteer>> Load(const LoadOptions& options);

  const std::vector<Entry>& entries() const { return entries_; }
  const std::vector<RoleTitle>& role_titles() const { return role_titles_; }
  // nullptr when unknown.
  const Entry* Find(absl::string_view id) const;
  bool IsCountryCode(absl::string_view alpha2) const;

  // Persons whose term in the office (role, country) may cover some day of
  // `date` ("YYYY", "YYYY-MM" or "YYYY-MM-DD"). A date or a term bound
  // known only to the month counts as the whole month, so around a
  // handover both holders come back. Empty for a malformed date.
  std::vector<const Entry*> OfficeHolders(absl::string_view country,
                                          records::v1::Role role,
                                          absl::string_view date) const;
  // The one person who can have held the office on `date`, or nullptr when
  // the gazetteer knows none or several (a handover, an unlisted acting
  // holder). Only as good as terms.tsv: callers that turn the answer into
  // a fact the text does not state must say so.
  const Entry* SoleOfficeHolder(absl::string_view country, records::v1::Role role,
                                absl::string_view date) const;
  // The office the person may have held on `date` according to their
  // terms; ROLE_UNSPECIFIED when no term covers it or terms of different
  // roles do.
  static records::v1::Role RoleOn(const Entry& person, absl::string_view date);

 private:
  Gazetteer() = default;

  std::vector<Entry> entries_;
  absl::flat_hash_map<std::string, size_t> by_id_;
  std::vector<RoleTitle> role_titles_;
  std::vector<size_t> term_holders_;  // entries with terms
};

// "YYYY", "YYYY-MM" or "YYYY-MM-DD" with a real month and day.
bool IsPartialDate(absl::string_view date);
// First and last day a partial date can mean: "2024-02" -> "2024-02-01",
// "2024-02-31" (string order is what matters, so the last is not clamped).
std::string FirstDay(absl::string_view date);
std::string LastDay(absl::string_view date);

}  // namespace dragoman::gazetteer

#endif  // DRAGOMAN_COMMON_GAZETTEER_GAZETTEER_H_
