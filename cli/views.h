#ifndef DRAGOMAN_CLI_VIEWS_H_
#define DRAGOMAN_CLI_VIEWS_H_

#include <string>

#include "google/protobuf/message.h"
#include "dragoman/query/v1/query.pb.h"

namespace dragoman::cli {

// Human-readable answers of the analyst commands (`event`, `entity`,
// `timeline`, `profile`, `search`, `doc`). Every fact is followed by its
// citation lines: "  [uri] sentence". No gRPC here, so each view is
// unit-tested on hand-made responses.

// One message as one line of JSON (proto3 JSON mapping, field names as in
// the .proto), for --json.
std::string JsonLine(const google::protobuf::Message& message);

// "  [notes/a.txt] The sentence." for each citation.
std::string FormatCitations(
    const google::protobuf::RepeatedPtrField<dragoman::query::v1::Citation>& citations);

// `dragoman event ID`: the event's fields, names resolved, then citations.
std::string FormatCitedEvent(const dragoman::query::v1::CitedEvent& event);

// `dragoman entity QUERY`: MATCH, ID, TYPE, NAME, COUNTRY, MATCHED.
std::string FormatEntityMatches(const dragoman::query::v1::SearchEntitiesResponse& response);

// `dragoman timeline`: one line per event (date, type, place, participants)
// followed by its citations.
std::string FormatTimeline(const dragoman::query::v1::TimelineResponse& response);

// `dragoman profile XX YY`: counts, first and last events, key actors,
// agreements and mechanisms, each line cited.
std::string FormatProfile(const dragoman::query::v1::RelationProfile& profile);

// `dragoman search TEXT`: rank, score, date, document, then the snippet.
std::string FormatSearch(const dragoman::query::v1::SearchResponse& response);

// `dragoman doc ID`: header, clean text, then the annotated spans.
std::string FormatAnnotatedDocument(const dragoman::query::v1::AnnotatedDocument& document);

}  // namespace dragoman::cli

#endif  // DRAGOMAN_CLI_VIEWS_H_
