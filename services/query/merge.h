#ifndef DRAGOMAN_SERVICES_QUERY_MERGE_H_
#define DRAGOMAN_SERVICES_QUERY_MERGE_H_

#include <string>
#include <vector>

#include "dragoman/records/v1/records.pb.h"
#include "services/query/store.pb.h"

namespace dragoman::query {

// Cross-document merging. Everything here is a pure function of the *set*
// of document contributions (inputs are canonicalized by document id
// first), so the stored result never depends on ingest order.

// The merged entity: name = the name most documents use (ties: longest in
// bytes, which favours accented spellings, then smallest); aliases = every
// other name and alias seen; country and type = the most common non-empty
// value (ties: smallest); mentions in document order.
dragoman::records::v1::Entity MergeEntity(const dragoman::query::store::StoredEntity& stored);

// One event as one document reported it: `event.id` is the document-local
// id, `event.docs` holds the document, references are global ids.
struct EventReport {
  std::string doc;
  dragoman::records::v1::Event event;
};

// Event identity rule.
//
// Reports with the same date *string* (the bucket) are grouped into real
// events. Two reports from different documents are the same event when:
//   - types agree (identical, or summit vs multilateral meeting, or either
//     is unspecified/other);
//   - country sets agree: for bilateral types one contains the other, for
//     multilateral types they intersect (an empty set agrees with all);
//   - participants agree: when both name people, they share at least
//     min(2, smaller list) persons (so "Macron meets To Lam" and "Macron
//     meets Luong Cuong" on one day stay apart), or one person for
//     multilateral types; when one side names nobody, both must name the
//     same non-empty countries;
// or, failing the above evidence, both carry the same series and ordinal.
// Candidate pairs are merged greedily, strongest evidence first (shared
// participants, then equal type, equal countries, equal location), never
// putting two reports of one document into one event.
//
// Ids: "event:<date>:<CC-CC...>:<type>" (countries sorted, omitted when
// none). When several events of one date would get the same id, each gets
// ":<participant slugs>" appended, then ":<n>" if still ambiguous.
// Undated reports are never grouped; UndatedEventId gives their id.
//
// Merged fields: docs and countries are unions (sorted), participants the
// union by entity (first known role/country, sorted by entity id),
// agreements the union in report order, evidence concatenated; location,
// series and ordinal come from the first report (by document id) that has
// them; type is the most common specific type.
std::vector<dragoman::records::v1::Event> MergeEventReports(std::vector<EventReport> reports);

// "event:undated:<doc>:<local id>".
std::string UndatedEventId(const std::string& doc, const std::string& local_id);

}  // namespace dragoman::query

#endif  // DRAGOMAN_SERVICES_QUERY_MERGE_H_
