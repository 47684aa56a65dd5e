#include "cli/args.h"

#include <gtest/gtest.h>

namespace dragoman::cli {
namespace {

using Kind = FlagSpec::Kind;

const std::vector<FlagSpec> kSpecs = {
    {"base-port", Kind::kValue, "N", "first port", "50051"},
    {"country", Kind::kList, "XX", "country code", ""},
    {"json", Kind::kBool, "", "json output", ""},
};

TEST(ParseArgsTest, ReadsValuesInBothSpellingsAndKeepsPositionals) {
  auto parsed = ParseArgs({"a.txt", "--base-port", "6000", "--country=KZ", "dir/", "--country",
                           "cn", "--json"},
                          kSpecs);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->Get("base-port"), "6000");
  EXPECT_EQ(parsed->GetAll("country"), (std::vector<std::string>{"KZ", "cn"}));
  EXPECT_TRUE(parsed->Has("json"));
  EXPECT_TRUE(parsed->GetBool("json"));
  EXPECT_EQ(parsed->positionals(), (std::vector<std::string>{"a.txt", "dir/"}));
}

TEST(ParseArgsTest, DefaultsApplyWhenAbsent) {
  auto parsed = ParseArgs({}, kSpecs);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->Get("base-port"), "50051");
  EXPECT_FALSE(parsed->Has("base-port"));
  EXPECT_TRUE(parsed->GetAll("country").empty());
  EXPECT_FALSE(parsed->GetBool("json"));
  EXPECT_FALSE(ParseArgs({"--json=false"}, kSpecs)->GetBool("json"));
}

TEST(ParseArgsTest, UnderscoresNameTheSameFlag) {
  auto parsed = ParseArgs({"--base_port=7000"}, kSpecs);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->Get("base-port"), "7000");
}

TEST(ParseArgsTest, DoubleDashEndsFlags) {
  auto parsed = ParseArgs({"--", "--json", "-"}, kSpecs);
  ASSERT_TRUE(parsed.ok());
  EXPECT_FALSE(parsed->Has("json"));
  EXPECT_EQ(parsed->positionals(), (std::vector<std::string>{"--json", "-"}));
}

TEST(ParseArgsTest, RejectsUnknownFlagsAndMissingValues) {
  auto unknown = ParseArgs({"--colour", "red"}, kSpecs);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("--colour"), std::string::npos);
  auto missing = ParseArgs({"--base-port"}, kSpecs);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("needs a value"), std::string::npos);
  EXPECT_FALSE(ParseArgs({"--json=maybe"}, kSpecs).ok());
}

TEST(GetPortTest, AcceptsOnlyPortNumbers) {
  EXPECT_EQ(*GetPort(*ParseArgs({"--base-port=1234"}, kSpecs), "base-port"), 1234);
  EXPECT_FALSE(GetPort(*ParseArgs({"--base-port=0"}, kSpecs), "base-port").ok());
  EXPECT_FALSE(GetPort(*ParseArgs({"--base-port=70000"}, kSpecs), "base-port").ok());
  EXPECT_FALSE(GetPort(*ParseArgs({"--base-port=12ab"}, kSpecs), "base-port").ok());
}

TEST(FormatUsageTest, ListsEveryFlagWithDefaults) {
  const std::string usage = FormatUsage("dragoman x", "Does x.", kSpecs);
  EXPECT_NE(usage.find("usage: dragoman x"), std::string::npos);
  EXPECT_NE(usage.find("--base-port N"), std::string::npos);
  EXPECT_NE(usage.find("(default 50051)"), std::string::npos);
  EXPECT_NE(usage.find("--country XX"), std::string::npos);
  EXPECT_NE(usage.find("(repeatable)"), std::string::npos);
}

}  // namespace
}  // namespace dragoman::cli
