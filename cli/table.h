#ifndef DRAGOMAN_CLI_TABLE_H_
#define DRAGOMAN_CLI_TABLE_H_

#include <string>
#include <vector>

#include "dragoman/query/v1/query.pb.h"

namespace dragoman::cli {

// Rows (the first is the header) as aligned columns separated by two
// spaces. Widths count code points, so accented names line up; the last
// column is not padded, so lines carry no trailing blanks.
std::string FormatColumns(const std::vector<std::vector<std::string>>& rows);

// `dragoman offices`: AS OF, ROLE, COUNTRY, ORGANIZATION, PERSON, DOC, with
// entity ids replaced by names where the response carries them.
std::string FormatOffices(const dragoman::query::v1::ListOfficesResponse& response);

// `dragoman entities`: ID, TYPE, NAME, COUNTRY, ALIASES.
std::string FormatEntities(const dragoman::query::v1::FindEntitiesResponse& response);

}  // namespace dragoman::cli

#endif  // DRAGOMAN_CLI_TABLE_H_
