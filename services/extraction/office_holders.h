#ifndef DRAGOMAN_SERVICES_EXTRACTION_OFFICE_HOLDERS_H_
#define DRAGOMAN_SERVICES_EXTRACTION_OFFICE_HOLDERS_H_

#include "absl/strings/string_view.h"
#include "common/gazetteer/gazetteer.h"
#include "services/extraction/analysis.h"

namespace dragoman::extraction {

// Names a titled family name the gazetteer alone cannot place: "le
// président kirghize Djaparov" in 2023 is Sadyr Japarov, "le Premier
// ministre kirghize Djaparov" is Akylbek Japarov. The text names the person
// and the office; the gazetteer's dated terms say who held that office on
// `date` (the publication day). Only when exactly one person did and one of
// their names ends with that word; an untitled name, or a title with no
// name ("le président kazakh"), is left as it is.
// Runs after roles are attributed; repoints mentions and titles.
void LinkTitledFamilyNames(const gazetteer::Gazetteer& gazetteer, absl::string_view date,
                           Analysis* analysis);

}  // namespace dragoman::extraction

#endif  // DRAGOMAN_SERVICES_EXTRACTION_OFFICE_HOLDERS_H_
