#include "common/records/codes.h"

#include "gtest/gtest.h"

namespace dragoman::records {
namespace {

namespace v1 = dragoman::records::v1;

TEST(CodesTest, MatchContractSpelling) {
  EXPECT_EQ(RoleCode(v1::ROLE_DEPUTY_HEAD_OF_GOVERNMENT), "deputy_head_of_government");
  EXPECT_EQ(EventTypeCode(v1::EVENT_TYPE_PHONE_CALL), "phone_call");
  EXPECT_EQ(EntityTypeCode(v1::ENTITY_TYPE_ORGANIZATION), "organization");
  EXPECT_EQ(RoleCode(v1::ROLE_UNSPECIFIED), "");
}

TEST(CodesTest, ParseIsTheInverse) {
  EXPECT_EQ(ParseRoleCode("foreign_minister"), v1::ROLE_FOREIGN_MINISTER);
  EXPECT_EQ(ParseEventTypeCode("strategic_dialogue"), v1::EVENT_TYPE_STRATEGIC_DIALOGUE);
  EXPECT_EQ(ParseEntityTypeCode("place"), v1::ENTITY_TYPE_PLACE);
  EXPECT_FALSE(ParseRoleCode("emperor").has_value());
  EXPECT_FALSE(ParseRoleCode("unspecified").has_value());
}

}  // namespace
}  // namespace dragoman::records
