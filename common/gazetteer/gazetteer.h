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

// One known real-world thing and every name it goes by.
struct Entry {
  std::string id;       // "country:KG", "place:bishkek", "person:wang-yi"
  Kind kind = Kind::kCountry;
  std::string name;     // canonical display name
  std::vector<std::string> aliases;     // other names, any language
  std::vector<std::string> adjectives;  // countries only: "kirghize", "sino"
  std::string country;  // ISO alpha-2; empty when none
  std::vector<records::v1::Role> roles;  // persons: offices known to be held
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

 private:
  Gazetteer() = default;

  std::vector<Entry> entries_;
  absl::flat_hash_map<std::string, size_t> by_id_;
  std::vector<RoleTitle> role_titles_;
};

}  // namespace dragoman::gazetteer

#endif  // DRAGOMAN_COMMON_GAZETTEER_GAZETTEER_H_
