// The extractor with the real gazetteer (data/gazetteer) on arbitrary
// text: never crashes, and what it returns holds together: spans inside
// the text, every local id it refers to defined, dates that exist.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>

#include "common/gazetteer/gazetteer.h"
#include "common/text/utf8.h"
#include "fuzz/fuzz_check.h"
#include "services/extraction/dates.h"
#include "services/extraction/extractor.h"

namespace {

const dragoman::extraction::Extractor& TheExtractor() {
  static const dragoman::extraction::Extractor* extractor = [] {
    dragoman::gazetteer::LoadOptions options;
    const char* dir = std::getenv("DRAGOMAN_GAZETTEER_DIR");
    options.data_dir = dir != nullptr && *dir ? dir : DRAGOMAN_GAZETTEER_DIR;
    auto gazetteer = dragoman::gazetteer::Gazetteer::Load(options);
    if (!gazetteer.ok()) {
      std::fprintf(stderr, "gazetteer: %s\n", gazetteer.status().ToString().c_str());
      std::abort();
    }
    auto created = dragoman::extraction::Extractor::Create(*gazetteer->release());
    if (!created.ok()) std::abort();
    return created->release();
  }();
  return *extractor;
}

void CheckSpan(const dragoman::records::v1::Span& s, int code_points) {
  FUZZ_CHECK(s.start() >= 0);
  FUZZ_CHECK(s.start() <= s.end());
  FUZZ_CHECK(s.end() <= code_points);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dragoman::extraction::ExtractionInput input;
  input.document_id = "dfuzz";
  // The first line, when short, doubles as the published hint: fuzzes the
  // hint parser too.
  input.text.assign(reinterpret_cast<const char*>(data), size);
  const size_t nl = input.text.find('\n');
  if (nl != std::string::npos && nl <= 32) input.published_hint = input.text.substr(0, nl);
  auto records = TheExtractor().Extract(input);
  if (!records.ok()) return 0;
  FUZZ_CHECK(dragoman::text::ValidateUtf8(input.text).ok());
  const int cps = static_cast<int>(dragoman::text::CodePointCount(input.text));
  std::set<std::string> ids;
  for (const auto& e : records->entities()) {
    FUZZ_CHECK(!e.id().empty());
    FUZZ_CHECK(ids.insert(e.id()).second);
    for (const auto& m : e.mentions()) CheckSpan(m, cps);
  }
  for (const auto& e : records->events()) {
    if (e.has_date()) {
      FUZZ_CHECK(e.date().size() != 10 || dragoman::extraction::ParseDay(e.date()).has_value());
    }
    if (e.has_location() && !e.location().empty()) FUZZ_CHECK(ids.count(e.location()));
    for (const auto& p : e.participants()) FUZZ_CHECK(ids.count(p.entity()));
    for (const auto& s : e.evidence()) CheckSpan(s, cps);
  }
  for (const auto& o : records->offices()) {
    FUZZ_CHECK(ids.count(o.person()));
    if (o.has_evidence()) CheckSpan(o.evidence(), cps);
  }
  return 0;
}
