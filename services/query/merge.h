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

// Adds (`sign` 1) or withdraws (`sign` -1) one contribution's votes.
void AddToTally(const dragoman::query::store::EntityContribution& contribution, int sign,
                dragoman::query::store::EntityTally* tally);

// MergeEntity of the contributions `tally` counts, without mentions.
dragoman::records::v1::Entity MergeTally(const std::string& id,
                                         const dragoman::query::store::EntityTally& tally);

// One event as one document reported it: `event.id` is the document-local
// id, `event.docs` holds the document, references are global ids.
struct EventReport {
  std::string doc;
  dragoman::records::v1::Event event;
  // The document this report's document nearly repeats (ingest's
  // Document.duplicate_of), "" when none.
  std::string duplicate_of;
  // An undated report given the date of the dated report it joins (see
  // UndatedJoins). It only ever joins through dated reports; alone it is
  // emitted undated again.
  bool borrowed_date = false;
};

// True when an undated report (`undated`, no date) may join the event of a
// dated report of another document, on strong evidence only:
//   - both have the same specific type, the same non-empty set of
//     participants, and the same series and ordinal (so "X met Y" without
//     a date never lands on one of their many meetings by guess); or
//   - their documents are near duplicates (one story), the types agree and
//     they share a participant (or one side names nobody).
// The record store attaches an undated report to a date only when the
// dated reports it joins all have that one date.
bool UndatedJoins(const EventReport& undated, const EventReport& dated);

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
// or, failing the above evidence, both carry the same series and ordinal,
// or their documents are near duplicates (one is the other's
// duplicate_of, or both duplicate one original) and the types agree.
// Candidate pairs are merged greedily, strongest evidence first (shared
// participants, then equal type, equal countries, equal location), never
// putting two reports of one document into one event.
//
// Ids: "event:<date>:<CC-CC...>:<type>", where the countries are those
// every dated report naming countries lists (sorted, omitted when none;
// undated reports that joined do not count) and the
// type is the merged type's code, "multilateral" for summits and
// multilateral meetings alike. When several events of one date would get
// the same id, each gets ":<slugs of the persons every report names>"
// appended, then ":<n>" if still ambiguous. Using what all reports agree
// on, rather than the union, keeps an id unchanged when a later document
// reports the same event with one more country or person. An id still
// changes when a new report names *fewer* countries than all earlier ones
// (the common part shrinks), when a report of a specific type joins
// reports that only said "other", or when a new same-day event makes the
// people suffix necessary; each of those is a change of what the records
// say, not of ingest order: the id is a function of the set of reports.
// Undated reports are never grouped among themselves; UndatedEventId gives
// their id (also to a borrowed-date report left alone).
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
