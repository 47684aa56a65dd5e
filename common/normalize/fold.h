#ifndef DRAGOMAN_COMMON_NORMALIZE_FOLD_H_
#define DRAGOMAN_COMMON_NORMALIZE_FOLD_H_

#include <string>

#include "absl/strings/string_view.h"

namespace dragoman::normalize {

// text::Fold, byte for byte, at a fraction of the cost on whole documents:
// the hot path of boilerplate classification and near-duplicate
// signatures. Fold's ICU steps (NFD, marks removed, NFC, lower case) never
// act across ASCII whitespace, so it folds whitespace-separated words one
// by one: ASCII words are lower-cased directly, other words go through
// text::Fold once per thread and distinct word (remembered, bounded).
std::string FoldText(absl::string_view utf8);

}  // namespace dragoman::normalize

#endif  // DRAGOMAN_COMMON_NORMALIZE_FOLD_H_
