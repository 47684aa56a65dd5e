#ifndef DRAGOMAN_SERVICES_EXTRACTION_EXTRACTOR_H_
#define DRAGOMAN_SERVICES_EXTRACTION_EXTRACTOR_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/gazetteer/gazetteer.h"
#include "dragoman/records/v1/records.pb.h"
#include "services/extraction/entity_matcher.h"
#include "services/extraction/roles.h"

namespace dragoman::extraction {

// Reported in every response and Document.extractor_version.
inline constexpr char kExtractorVersion[] = "dragoman-extraction/0.4.0";
// Larger texts are refused: releases are a few kilobytes, and the rules
// are linear but not free.
inline constexpr size_t kMaxTextBytes = 2 << 20;

// One clean document and what the client knows about it.
struct ExtractionInput {
  std::string document_id;
  std::string text;  // clean text; spans index into it
  std::string uri;
  std::string published_hint;
  std::string language_hint;
  std::string title_hint;
  std::string source_hint;
};

// Turns one clean document into records with document-local ids (persons
// "p1", countries "c1", places "l1", organizations "o1", events "e1") and
// code-point spans. Immutable after Create; Extract is thread-safe.
class Extractor {
 public:
  // The gazetteer must outlive the extractor.
  static absl::StatusOr<std::unique_ptr<Extractor>> Create(const gazetteer::Gazetteer& gazetteer);

  // InvalidArgument for an empty text, invalid UTF-8 or a text over
  // kMaxTextBytes.
  absl::StatusOr<records::v1::DocumentRecords> Extract(const ExtractionInput& input) const;
  // The same into *out, which is cleared first (and left cleared on an
  // error). A caller that extracts many documents and reuses one message
  // (or gives one on an arena) spares the output's allocations: a fresh
  // message costs two mallocs per string field, tens of thousands per MB.
  absl::Status Extract(const ExtractionInput& input, records::v1::DocumentRecords* out) const;

 private:
  explicit Extractor(const gazetteer::Gazetteer& gazetteer);

  const gazetteer::Gazetteer& gazetteer_;
  EntityMatcher matcher_;
  RoleReader roles_;
};

}  // namespace dragoman::extraction

#endif  // DRAGOMAN_SERVICES_EXTRACTION_EXTRACTOR_H_
