#ifndef DRAGOMAN_TESTS_TESTING_PRESS_RELEASES_H_
#define DRAGOMAN_TESTS_TESTING_PRESS_RELEASES_H_

#include <cstdint>
#include <string>
#include <vector>

namespace dragoman::testing {

// One invented document and the name a client would give it.
struct GeneratedDocument {
  std::string uri;
  std::string text;
};

// Invented French ministry releases for system tests that need many
// documents: a dated meeting of two real foreign ministers in a real city,
// then commentary drawn at random from a word list, so that no two
// documents are near duplicates of each other (their 3-word shingles are
// mostly their own) while each still yields an event, persons, roles and
// countries. The same seed gives the same documents.
std::vector<GeneratedDocument> GeneratePressReleases(int count, uint32_t seed);

}  // namespace dragoman::testing

#endif  // DRAGOMAN_TESTS_TESTING_PRESS_RELEASES_H_
