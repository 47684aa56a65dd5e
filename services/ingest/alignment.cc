#include "services/ingest/alignment.h"

#include <algorithm>

namespace dragoman::ingest {

v1::TextAlignment AlignmentToProto(const std::vector<normalize::Segment>& segments) {
  v1::TextAlignment out;
  for (const normalize::Segment& s : segments) {
    out.add_clean_length(s.text_length);
    out.add_source_begin(s.source_begin);
    out.add_source_length(s.source_length);
    out.add_linear(s.linear);
  }
  return out;
}

std::vector<normalize::Segment> AlignmentFromProto(const v1::TextAlignment& alignment) {
  // Tolerates ragged arrays from a damaged record by using the common prefix.
  const int n = std::min({alignment.clean_length_size(), alignment.source_begin_size(),
                          alignment.source_length_size(), alignment.linear_size()});
  std::vector<normalize::Segment> out;
  out.reserve(n);
  for (int i = 0; i < n; ++i) {
    out.push_back(normalize::Segment{alignment.clean_length(i), alignment.source_begin(i),
                                     alignment.source_length(i), alignment.linear(i)});
  }
  return out;
}

}  // namespace dragoman::ingest
