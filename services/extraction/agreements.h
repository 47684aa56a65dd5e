#ifndef DRAGOMAN_SERVICES_EXTRACTION_AGREEMENTS_H_
#define DRAGOMAN_SERVICES_EXTRACTION_AGREEMENTS_H_

#include <string>
#include <vector>

#include "services/extraction/text_index.h"

namespace dragoman::extraction {

// "signé", "adopté", "publié", "signed", "issued": a sentence with one of
// these may name the documents an event produced.
bool IsSigningWord(const std::string& folded);

// Titles of documents in a sentence: from a document word ("Déclaration",
// "Programme", "mémorandum", "Accord", "Treaty", "Joint Statement") to the
// end of its noun phrase, split at "et le Programme ..." and stopped by a
// verb, a relative pronoun or punctuation that ends the title.
std::vector<std::string> AgreementTitles(const TextIndex& index, TextIndex::Range range);

}  // namespace dragoman::extraction

#endif  // DRAGOMAN_SERVICES_EXTRACTION_AGREEMENTS_H_
