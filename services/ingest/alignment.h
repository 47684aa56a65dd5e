#ifndef DRAGOMAN_SERVICES_INGEST_ALIGNMENT_H_
#define DRAGOMAN_SERVICES_INGEST_ALIGNMENT_H_

#include <vector>

#include "common/normalize/aligned_text.h"
#include "dragoman/ingest/v1/ingest.pb.h"

namespace dragoman::ingest {

// The normalizer's segments as stored in StoredDocument.alignment, and back
// (feed the result and the clean text to normalize::SourceMap).
v1::TextAlignment AlignmentToProto(const std::vector<normalize::Segment>& segments);
std::vector<normalize::Segment> AlignmentFromProto(const v1::TextAlignment& alignment);

}  // namespace dragoman::ingest

#endif  // DRAGOMAN_SERVICES_INGEST_ALIGNMENT_H_
