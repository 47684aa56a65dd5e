#ifndef DRAGOMAN_SERVICES_QUERY_RECORD_STORE_H_
#define DRAGOMAN_SERVICES_QUERY_RECORD_STORE_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "dragoman/query/v1/query.pb.h"
#include "dragoman/records/v1/records.pb.h"

namespace rocksdb {
class DB;
class WriteBatch;
}  // namespace rocksdb

namespace dragoman::query {

// The query service's durable store of normalized records, merged across
// documents, plus the indexes analysts' reads need. No gRPC here.
//
// Key layout (RocksDB column families; "\0" is a NUL byte, S is the event
// sort key "<date>\0<event id>" with date "~" for undated events so they
// sort last):
//
//   documents    <doc id>                  -> records.v1.Document (with clean_text)
//   doc_records  <doc id>                  -> records.v1.DocumentRecords: the document's
//                                             contribution (global entity ids, local
//                                             event ids); what a re-put withdraws
//   entities     <entity id>\0<doc id>      -> store.EntityContribution: what one
//                                             document says about the entity
//                                             (merged on read, in document order)
//   events       <event id>                -> records.v1.Event (merged)
//   offices      <person id>\0<doc id>\0<nnnn> -> records.v1.Office
//                                             (person-first: "offices by person"
//                                             is a prefix scan)
//   index        ev/d/S                    events by date
//                ev/c/<CC>\0S              events by country and date
//                ev/cc/<AA>-<BB>\0S        events by pair of countries (AA < BB)
//                ev/p/<entity id>\0S       events by participant and date
//                ev/b/<date>\0<doc id>     documents reporting events on <date>,
//                                          undated ones joining them included
//                                          (the merge bucket to recompute)
//                en/n/<folded name>\0<id>  entity by folded name or alias
//                en/t/<folded token>\0<id> person by one word of a name/alias
//                en/k/<name key>\0<id>    person by names::NameKey of a name/alias
//                en/c/<compact form>\0<id> entity by entity_search.h CompactForm of a
//                                          name/alias (exact and prefix search)
//                en/w/<search word>\0<id>  entity by one SearchWords word (prefix, fuzzy)
//                en/m/<id>                -> records.v1.Entity: the merged entity without
//                                          mentions (listings read this, not every
//                                          contribution)
//                en/g/<id>                -> store.EntityTally: the votes behind en/m, so a
//                                          put updates both from its own contribution
//                ev/l/<place id>\0S        events by location and date
//                ev/t/<type code>\0S       events by type and date
//                ev/s/<folded series>\0S   events by mechanism series and date
//                fs/<lang>:<stem>\0<doc>  -> "<tf> <doc length>": full-text postings
//                                          (full_text.h), title and clean text
//   default      "fts_docs", "fts_tokens" -> decimal counts over indexed documents
//                                             (BM25's N and average length)
//                ev/u/<person id>\0<doc>  documents with an undated report naming them
//                ev/a/<doc>\0<local id>   -> date: an undated report that joins that
//                                          date's event (merge.h, UndatedJoins)
//                of/<role>/<CC or ->\0<offices key> -> records.v1.Office: who held
//                                          an office (ListOffices by role and country)
//                dup/<original>\0<doc>    near duplicates of a document
//                tx/<folded word>\0<doc id> documents by a word of title or text
//   default      "schema"                  -> "2" (schema 1 kept all of an entity's
//                                             contributions in one value under <entity id>,
//                                             rewritten by every put naming it; Open
//                                             migrates it)
//                "index_version"           -> "6" once the en/c, en/w, en/m, ev/l, ev/t,
//                                             ev/s, ev/cc, fs and of keys exist for every record
//                                             (Open adds them to older stores)
//
// Entity ids are the extraction keys ("country:KZ"), persons' folded to a
// transliteration-proof name key ("person:jenbek-kulubaev", globalize.h);
// event ids follow the identity rule documented in merge.h
// ("event:2025-06-17:CN-KZ:multilateral"). Ids are functions of the set of
// stored documents, not of their order. Stores written before these rules get them when
// every document is put again (IngestService.Reprocess): a put withdraws
// the document's previous contribution under its old ids.
//
// Writes are serialized by a mutex and applied as one synced WriteBatch per
// document; reads use a snapshot and may run concurrently with writes.
class RecordStore {
 public:
  // What a put stored for the document.
  struct PutResult {
    std::string document_id;
    int entity_count = 0;
    int event_count = 0;
  };

  struct Options {
    // fsync every put (the service's durability promise). Off only for
    // bulk loads that can be redone, such as the benchmark's.
    bool sync = true;
  };

  // Opens (creating if needed) the store in `dir`.
  static absl::StatusOr<std::unique_ptr<RecordStore>> Open(const std::string& dir);
  static absl::StatusOr<std::unique_ptr<RecordStore>> Open(const std::string& dir,
                                                           const Options& options);

  RecordStore(const RecordStore&) = delete;
  RecordStore& operator=(const RecordStore&) = delete;
  ~RecordStore();

  // Replaces everything `records.document.id` contributed before with
  // `records` (see globalize.h for validation). Atomic: on error nothing
  // is stored.
  absl::StatusOr<PutResult> PutDocumentRecords(
      const dragoman::records::v1::DocumentRecords& records) ABSL_LOCKS_EXCLUDED(write_mutex_);

  // InvalidArgument for an empty id, NotFound when absent.
  absl::StatusOr<dragoman::records::v1::Event> GetEvent(absl::string_view id) const;
  absl::StatusOr<dragoman::records::v1::Entity> GetEntity(absl::string_view id) const;
  absl::StatusOr<dragoman::records::v1::Document> GetDocument(absl::string_view id) const;

  // Filtered, paginated timeline; see query.proto. InvalidArgument for a
  // negative page size, malformed codes/dates, or a page token that is
  // garbage or was issued for other filters.
  absl::StatusOr<dragoman::query::v1::ListEventsResponse> ListEvents(
      const dragoman::query::v1::ListEventsRequest& request) const;

  // Offices held by a person (entity id or name), ordered by as_of
  // (undated last), then document.
  absl::StatusOr<std::vector<dragoman::records::v1::Office>> ListOffices(
      absl::string_view person) const;

  // Every office record with `role` (and `country`, an ISO alpha-2 code,
  // unless empty), from the office index; ordered like ListOffices.
  absl::StatusOr<std::vector<dragoman::records::v1::Office>> ListOfficeHolders(
      dragoman::records::v1::Role role, absl::string_view country) const;

  // Entities whose name or an alias matches `name` after folding (the whole
  // name; failing that, persons whose name key matches, see
  // names::NameKey; failing that, persons having every word of it), restricted to
  // `type` unless it is unspecified. Ordered by id; without mentions
  // (GetEntity has them).
  absl::StatusOr<std::vector<dragoman::records::v1::Entity>> FindEntities(
      absl::string_view name, dragoman::records::v1::EntityType type) const;

  // Summary of the events involving every requested country; see
  // query.proto. InvalidArgument without countries or for a bad code.
  absl::StatusOr<dragoman::query::v1::RelationProfile> GetRelationProfile(
      const dragoman::query::v1::GetRelationProfileRequest& request) const;

  // Documents containing every word of `query`; see query.proto.
  // InvalidArgument for a query without words or a negative max_results.
  absl::StatusOr<dragoman::query::v1::SearchDocumentsResponse> SearchDocuments(
      absl::string_view query, int max_results) const;

  // The events of a person or of countries, cited; see query.proto.
  absl::StatusOr<dragoman::query::v1::TimelineResponse> Timeline(
      const dragoman::query::v1::TimelineRequest& request) const;

  // Ranked fuzzy entity search; see query.proto and entity_search.h.
  absl::StatusOr<dragoman::query::v1::SearchEntitiesResponse> SearchEntities(
      const dragoman::query::v1::SearchEntitiesRequest& request) const;

  // An event with its citations and referenced entities.
  absl::StatusOr<dragoman::query::v1::CitedEvent> GetCitedEvent(absl::string_view id) const;

  // Ranked (BM25, stemmed) full-text search; see query.proto.
  absl::StatusOr<dragoman::query::v1::SearchResponse> Search(
      const dragoman::query::v1::SearchRequest& request) const;

  // A document with the spans of its stored records.
  absl::StatusOr<dragoman::query::v1::AnnotatedDocument> GetAnnotatedDocument(
      absl::string_view id) const;

  // Offices with their citations (citations[i] for offices[i]) and holders:
  // those of request.person, or with no person, those of request.role (and
  // request.country) from the office index. InvalidArgument when neither
  // person nor role is given, or the country is malformed.
  absl::StatusOr<dragoman::query::v1::ListOfficesResponse> ListOfficesCited(
      const dragoman::query::v1::ListOfficesRequest& request) const;

  // Calls `sink` for every record from one consistent snapshot: documents
  // (without clean_text), entities, events, offices, each in key order.
  // Stops early, returning OK, when `sink` returns false.
  absl::Status Export(const std::function<bool(const dragoman::records::v1::Record&)>& sink) const;

 private:
  class Reader;
  struct Handles;

  RecordStore(std::unique_ptr<rocksdb::DB> db, std::unique_ptr<Handles> handles, Options options);

  // Rewrites a schema 1 store's entities to schema 2 (per-document keys).
  static absl::Status MigrateEntities(rocksdb::DB* db, const Handles& cf);

  // Adds the index keys of index_version 3 to a store written before.
  static absl::Status UpgradeIndex(rocksdb::DB* db, const Handles& cf);

  // Namesakes: persons sharing a name key (their id, see globalize.h) but
  // serving different countries are different people. When the
  // contributions under one key name two or more countries, the smallest
  // country code keeps "<key>", each other country gets "<key>.<cc>", and
  // contributions without a country stay on "<key>". Renames `next` and
  // returns, per other document, the renames its stored contribution needs
  // (a namesake arriving or leaving can move them). A function of the set
  // of contributions, so independent of order.
  absl::Status SeparateNamesakes(const Reader& view, const std::string& doc,
                                 const dragoman::records::v1::DocumentRecords& old,
                                 dragoman::records::v1::DocumentRecords& next,
                                 std::map<std::string, std::map<std::string, std::string>>* moves)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mutex_);

  // Replaces what `doc` contributed (`old`) with `contribution` in one
  // synced write.
  absl::StatusOr<PutResult> Stage(const Reader& view, const std::string& doc,
                                  const dragoman::records::v1::DocumentRecords& old,
                                  dragoman::records::v1::DocumentRecords contribution)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mutex_);

  // Parts of PutDocumentRecords: each withdraws what `old` (the document's
  // previous contribution, possibly empty) added and stages `next`.
  absl::Status StageEntities(const Reader& view, const std::string& doc,
                             const dragoman::records::v1::DocumentRecords& old,
                             const dragoman::records::v1::DocumentRecords& next,
                             rocksdb::WriteBatch& batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mutex_);
  absl::Status StageEvents(const Reader& view, const std::string& doc,
                           const dragoman::records::v1::DocumentRecords& old,
                           const dragoman::records::v1::DocumentRecords& next,
                           rocksdb::WriteBatch& batch) ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mutex_);
  absl::Status StageText(const Reader& view, const dragoman::records::v1::Document& document,
                         rocksdb::WriteBatch& batch) ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mutex_);
  void StageOffices(const std::string& doc, const dragoman::records::v1::DocumentRecords& old,
                    const dragoman::records::v1::DocumentRecords& next, rocksdb::WriteBatch& batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mutex_);

  std::unique_ptr<rocksdb::DB> db_;
  std::unique_ptr<Handles> cf_;
  Options options_;
  absl::Mutex write_mutex_;
};

}  // namespace dragoman::query

#endif  // DRAGOMAN_SERVICES_QUERY_RECORD_STORE_H_
