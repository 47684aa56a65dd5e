#ifndef DRAGOMAN_SERVICES_QUERY_GLOBALIZE_H_
#define DRAGOMAN_SERVICES_QUERY_GLOBALIZE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "dragoman/records/v1/records.pb.h"

namespace dragoman::query {

// Validates what extraction produced for one document and rewrites its
// document-local entity ids ("p1") into global ones ("person:wang-yi").
//
// The result is the document's *contribution*: entities carry global ids
// and only this document's mentions (several local entities resolving to
// the same global id are folded into one); events keep their local ids
// (the record store assigns global ids when it merges them across
// documents) but their participants and locations point at global
// entities; offices point at global persons. Every span's doc is set to the
// document id; country codes are upper-cased.
//
// InvalidArgument (nothing usable) when: the document id is missing,
// a local id is empty or repeated, an event/office refers to an unknown
// local entity, a span lies outside the clean text, a date is not
// YYYY[-MM[-DD]], or a country code is not two letters.
absl::StatusOr<dragoman::records::v1::DocumentRecords> Globalize(
    const dragoman::records::v1::DocumentRecords& records);

// The global id for an entity: its key when well formed ("country:KG"), a
// cleaned-up key when only its spelling is off, else "<type code>:<slug of
// name>". Empty when nothing usable is left.
//
// Persons are the exception: their keys are names (a gazetteer id such as
// "person:zheenbek-kulubaev" or the slug of an unknown name), so their id
// is "person:" + the transliteration-folded names::NameKey of the key
// ("person:jenbek-kulubaev" for "Zheenbek Kulubaev", "Jeenbek Kouloubaev"
// and "Kulubaev Zheenbek Moldokanovich" alike). The id is a pure function
// of the spelling, so it does not depend on which document came first. A
// document scope ("person:wang@d12", a lone family name) is kept, so such
// a person never joins anyone outside its document.
std::string GlobalEntityId(const dragoman::records::v1::Entity& entity);

// True for "YYYY", "YYYY-MM" and "YYYY-MM-DD" (digits, month 01-12, day
// 01-31).
bool IsPartialDate(absl::string_view date);

}  // namespace dragoman::query

#endif  // DRAGOMAN_SERVICES_QUERY_GLOBALIZE_H_
