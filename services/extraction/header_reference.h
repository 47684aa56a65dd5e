#ifndef DRAGOMAN_SERVICES_EXTRACTION_HEADER_REFERENCE_H_
#define DRAGOMAN_SERVICES_EXTRACTION_HEADER_REFERENCE_H_

#include "absl/strings/string_view.h"
#include "services/extraction/header.h"

namespace dragoman::extraction::reference {

// The former ReadHeader(), linked into the tests only as an oracle.
Header ReadHeaderReference(absl::string_view text);

}  // namespace dragoman::extraction::reference

#endif  // DRAGOMAN_SERVICES_EXTRACTION_HEADER_REFERENCE_H_
