#ifndef DRAGOMAN_SERVICES_EXTRACTION_PERSONS_H_
#define DRAGOMAN_SERVICES_EXTRACTION_PERSONS_H_

#include "services/extraction/analysis.h"

namespace dragoman::extraction {

// Persons beyond the gazetteer's full names: (1) names the genre marks as
// persons although the gazetteer does not know them: after "M."/"Mme"/
// "Mr", right after a title ("le ministre tadjik des Affaires étrangères
// X Y") or before an apposition ("X Y, vice-Premier ministre ...");
// (2) short references to persons the document names in full: the family
// name alone or with "M." ("Kulubaev", "M. Wang"), only when exactly one
// person of the document carries it.
// Needs entity mentions and role titles; adds person entities and mentions.
void FindPersons(Analysis* analysis);

}  // namespace dragoman::extraction

#endif  // DRAGOMAN_SERVICES_EXTRACTION_PERSONS_H_
