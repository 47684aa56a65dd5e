#ifndef DRAGOMAN_SERVICES_EXTRACTION_TEST_GAZETTEER_H_
#define DRAGOMAN_SERVICES_EXTRACTION_TEST_GAZETTEER_H_

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

}  // namespace dragoman::extraction

#endif  // DRAGOMAN_SERVICES_EXTRACTION_TEST_GAZETTEER_H_
