#include "common/text/unicode.h"

#include "gtest/gtest.h"

namespace dragoman::text {
namespace {

TEST(NfcTest, ComposesDecomposedAccents) {
  EXPECT_EQ(ToNfc("Pe\xCC\x81kin"), "Pékin");
  EXPECT_EQ(ToNfc("déjà"), "déjà");
}

TEST(FoldTest, RemovesAccentsCaseAndTypography) {
  EXPECT_EQ(Fold("Kouloubaïev"), "kouloubaiev");
  EXPECT_EQ(Fold("Côte d’Ivoire"), "cote d'ivoire");
  EXPECT_EQ(Fold("  Asie\u00A0 centrale "), "asie centrale");
  EXPECT_EQ(Fold("Chine–Asie"), "chine-asie");
}

TEST(SlugTest, MakesReadableIds) {
  EXPECT_EQ(Slug("Zheenbek Kulubaev"), "zheenbek-kulubaev");
  EXPECT_EQ(Slug("Organisation de coopération de Shanghai (OCS)"),
            "organisation-de-cooperation-de-shanghai-ocs");
}

}  // namespace
}  // namespace dragoman::text
