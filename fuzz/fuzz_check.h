#ifndef DRAGOMAN_FUZZ_FUZZ_CHECK_H_
#define DRAGOMAN_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

// An invariant the fuzzed code must keep. Unlike assert() it stays on in
// release builds; the abort is what libFuzzer reports as a crash.
#define FUZZ_CHECK(cond)                                                        \
  do {                                                                          \
    if (!(cond)) {                                                              \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__, \
                   #cond);                                                      \
      std::abort();                                                             \
    }                                                                           \
  } while (0)

#endif  // DRAGOMAN_FUZZ_FUZZ_CHECK_H_
