#include "common/gazetteer/mo_file.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace dragoman::gazetteer {
namespace {

void PutWord(std::string* out, uint32_t v) {
  out->append(reinterpret_cast<const char*>(&v), 4);  // host order, like msgfmt
}

// Builds a little-endian .mo with the given pairs (no hash table).
std::string BuildMo(const std::vector<std::pair<std::string, std::string>>& pairs) {
  const uint32_t n = pairs.size();
  const uint32_t originals = 28, translations = originals + 8 * n;
  uint32_t data = translations + 8 * n;
  std::string header, tables, strings;
  PutWord(&header, 0x950412de);
  PutWord(&header, 0);
  PutWord(&header, n);
  PutWord(&header, originals);
  PutWord(&header, translations);
  PutWord(&header, 0);
  PutWord(&header, 0);
  std::string original_table, translation_table;
  for (const auto& [o, t] : pairs) {
    PutWord(&original_table, o.size());
    PutWord(&original_table, data + strings.size());
    strings += o + '\0';
  }
  for (const auto& [o, t] : pairs) {
    PutWord(&translation_table, t.size());
    PutWord(&translation_table, data + strings.size());
    strings += t + '\0';
  }
  return header + original_table + translation_table + strings;
}

TEST(MoFileTest, ReadsPairs) {
  auto catalogue = ParseMoFile(BuildMo({{"China", "Chine"}, {"Kyrgyzstan", "Kirghizistan"}}));
  ASSERT_TRUE(catalogue.ok()) << catalogue.status();
  EXPECT_EQ(catalogue->size(), 2u);
  EXPECT_EQ(catalogue->at("China"), "Chine");
  EXPECT_EQ(catalogue->at("Kyrgyzstan"), "Kirghizistan");
}

TEST(MoFileTest, RejectsBadMagic) {
  EXPECT_FALSE(ParseMoFile("not a catalogue at all, just text").ok());
}

TEST(MoFileTest, RejectsTruncatedTables) {
  std::string mo = BuildMo({{"Peru", "Pérou"}});
  mo.resize(mo.size() - 8);
  EXPECT_FALSE(ParseMoFile(mo).ok());
}

}  // namespace
}  // namespace dragoman::gazetteer
