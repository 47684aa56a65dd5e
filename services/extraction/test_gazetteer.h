#ifndef DRAGOMAN_SERVICES_EXTRACTION_TEST_GAZETTEER_H_
#define DRAGOMAN_SERVICES_EXTRACTION_TEST_GAZETTEER_H_

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/gazetteer/gazetteer.h"
#include "gtest/gtest.h"

namespace dragoman::extraction {

// The real gazetteer of data/gazetteer, loaded once for all tests.
inline const gazetteer::Gazetteer& TestGazetteer() {
  static const gazetteer::Gazetteer* g = [] {
    gazetteer::LoadOptions options;
    options.data_dir = DRAGOMAN_GAZETTEER_DIR;
    auto loaded = gazetteer::Gazetteer::Load(options);
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.status();
      std::abort();
    }
    return loaded->release();
  }();
  return *g;
}

// The project's own release fixtures (extraction testdata and samples/),
// whole: the inputs equivalence tests compare old and new code on.
inline std::vector<std::string> FixtureDocuments() {
  std::vector<std::string> documents;
  for (const char* dir : {DRAGOMAN_EXTRACTION_TESTDATA_DIR,
                          DRAGOMAN_EXTRACTION_TESTDATA_DIR "/../../../samples"}) {
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() != ".txt" && entry.path().extension() != ".html") continue;
      std::ifstream in(entry.path());
      std::stringstream buffer;
      buffer << in.rdbuf();
      documents.push_back(buffer.str());
    }
  }
  return documents;
}

}  // namespace dragoman::extraction

#endif  // DRAGOMAN_SERVICES_EXTRACTION_TEST_GAZETTEER_H_
