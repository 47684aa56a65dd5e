#ifndef DRAGOMAN_SERVICES_EXTRACTION_LANGUAGE_H_
#define DRAGOMAN_SERVICES_EXTRACTION_LANGUAGE_H_

#include <string>
#include <vector>

#include "services/extraction/text_index.h"

namespace dragoman::extraction {

// "fr" or "en" by counting each language's commonest function words; the
// hint wins when the text has too few of either to tell.
std::string DetectLanguage(const std::vector<Token>& tokens, const std::string& hint);

}  // namespace dragoman::extraction

#endif  // DRAGOMAN_SERVICES_EXTRACTION_LANGUAGE_H_
