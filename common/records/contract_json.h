#ifndef DRAGOMAN_COMMON_RECORDS_CONTRACT_JSON_H_
#define DRAGOMAN_COMMON_RECORDS_CONTRACT_JSON_H_

#include <string>

#include "dragoman/records/v1/records.pb.h"

namespace dragoman::records {

// One JSON Lines row of eval/CONTRACT.md for a record: snake_case fields,
// a "kind", unknown values as null. No trailing newline.
std::string ToContractJson(const dragoman::records::v1::Record& record);

}  // namespace dragoman::records

#endif  // DRAGOMAN_COMMON_RECORDS_CONTRACT_JSON_H_
