#include "services/ingest/near_duplicate.h"

#include <array>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "common/text/unicode.h"
#include "gtest/gtest.h"

namespace dragoman::ingest {
namespace {

// Written for these tests: one story, as two outlets would wrap it.
constexpr char kStory[] =
    "Le ministre des Affaires étrangères de Valmerie, Oskar Brandt, a reçu jeudi à Port-Lune "
    "son homologue de Castelnau, Ines Aubrac, pour un entretien consacré au commerce fluvial, "
    "aux visas étudiants et à la gestion commune du bassin de la Sorne. Les deux ministres "
    "ont salué la reprise des liaisons ferroviaires et sont convenus de réunir avant la fin "
    "de l'année la commission mixte chargée des questions frontalières. M. Brandt a rappelé "
    "que son pays souhaitait un accord sur la pêche durable, tandis que Mme Aubrac a insisté "
    "sur la coopération universitaire et sur la protection du patrimoine des deux rives.";

std::string Wrapped(const std::string& header, const std::string& footer) {
  return header + "\n\n" + kStory + "\n\n" + footer;
}

TEST(NearDuplicateTest, SameStoryInAnotherWrapperIsSimilar) {
  const MinHashSignature a =
      Signature(Wrapped("Agence Alpha | Monde | 12 mars", "Lire aussi : la météo du week-end"));
  const MinHashSignature b = Signature(
      Wrapped("Le Courrier de l'Est — Diplomatie", "Tous droits réservés. Partager cet article"));
  ASSERT_EQ(a.size(), static_cast<size_t>(kMinHashes));
  EXPECT_GE(EstimatedSimilarity(a, b), kNearDuplicateSimilarity);
  EXPECT_EQ(EstimatedSimilarity(a, a), 1.0);
}

TEST(NearDuplicateTest, CaseAndAccentsDoNotMatter) {
  std::string upper = kStory;
  for (char& c : upper) c = static_cast<char>(toupper(static_cast<unsigned char>(c)));
  EXPECT_GE(EstimatedSimilarity(Signature(kStory), Signature(upper)), 0.9);
}

TEST(NearDuplicateTest, AnotherStoryOnTheSameTopicIsNot) {
  constexpr char kOther[] =
      "Le Premier ministre de Castelnau, Paul Verdier, s'est entretenu mardi au téléphone avec "
      "le président de Valmerie. Ils ont évoqué le commerce fluvial, la sécurité énergétique et "
      "la préparation du sommet régional prévu à l'automne, et ont chargé leurs ministres des "
      "Affaires étrangères de préparer une feuille de route commune sur les visas étudiants.";
  EXPECT_LT(EstimatedSimilarity(Signature(kStory), Signature(kOther)), 0.2);
}

TEST(NearDuplicateTest, TooShortTextHasNoSignature) {
  EXPECT_TRUE(Signature("Deux mots").empty());
  EXPECT_EQ(EstimatedSimilarity({}, {}), 0.0);
  EXPECT_TRUE(BandKeys({}).empty());
}

TEST(NearDuplicateTest, BandsAndEncodingRoundTrip) {
  const MinHashSignature sig = Signature(kStory);
  EXPECT_EQ(DecodeSignature(EncodeSignature(sig)), sig);
  const std::vector<std::string> bands = BandKeys(sig);
  ASSERT_EQ(bands.size(), static_cast<size_t>(kBands));
  EXPECT_EQ(bands[0].size(), 9u);
  EXPECT_EQ(BandKeys(Signature(kStory)), bands);  // stable across calls
}

// Band keys and the encoding as first written (a byte string per value):
// stored band keys and signatures were made so, and new ones must equal
// them.
std::string ReferenceBigEndian(uint64_t v) {
  std::string out;
  for (int i = 7; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
  return out;
}

std::vector<std::string> ReferenceBandKeys(const MinHashSignature& signature) {
  std::vector<std::string> keys;
  for (int b = 0; b < kBands; ++b) {
    uint64_t h = 1469598103934665603ull;
    for (int r = 0; r < kRowsPerBand; ++r) {
      for (unsigned char c : ReferenceBigEndian(signature[b * kRowsPerBand + r])) {
        h ^= c;
        h *= 1099511628211ull;
      }
    }
    keys.push_back(std::string(1, static_cast<char>(b)) + ReferenceBigEndian(h));
  }
  return keys;
}

TEST(NearDuplicateTest, BandKeysAndEncodingEqualTheOriginalBytes) {
  std::mt19937_64 random(7);
  for (int n = 0; n < 200; ++n) {
    MinHashSignature sig(kMinHashes);
    for (uint64_t& v : sig) {
      // Full-range values, and some with zero or 0xFF bytes.
      const uint64_t r = random();
      v = n % 3 == 0 ? r : n % 3 == 1 ? (r & 0xFF00FF00FF00FF00ull) : ~(r & 0xFFFF);
    }
    EXPECT_EQ(BandKeys(sig), ReferenceBandKeys(sig));
    std::string encoded;
    for (uint64_t v : sig) encoded += ReferenceBigEndian(v);
    EXPECT_EQ(EncodeSignature(sig), encoded);
  }
  const MinHashSignature story = Signature(kStory);
  EXPECT_EQ(BandKeys(story), ReferenceBandKeys(story));
}

// The signature as first written (one fold of the whole text with
// text::Fold, a string per word, 128 hashes per shingle occurrence):
// stored signatures were made so, and new ones must equal them.
MinHashSignature ReferenceSignature(absl::string_view clean_text) {
  auto fnv = [](absl::string_view s, uint64_t h) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
    return h;
  };
  auto mix = [](uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
  };
  std::vector<std::string> words;
  std::string cur;
  for (char c : text::Fold(clean_text)) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (absl::ascii_isalnum(u) || u >= 0x80) {
      cur += c;
    } else if (!cur.empty()) {
      words.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  if (words.size() < static_cast<size_t>(kShingleWords)) return {};
  MinHashSignature sig(kMinHashes, std::numeric_limits<uint64_t>::max());
  for (size_t i = 0; i + kShingleWords <= words.size(); ++i) {
    uint64_t h = 1469598103934665603ull;
    for (int k = 0; k < kShingleWords; ++k) h = fnv(" ", fnv(words[i + k], h));
    for (int j = 0; j < kMinHashes; ++j) {
      const uint64_t v = mix(h ^ mix(static_cast<uint64_t>(j) + 1));
      if (v < sig[j]) sig[j] = v;
    }
  }
  return sig;
}

TEST(NearDuplicateTest, SignatureValuesAreThoseAlreadyStored) {
  EXPECT_EQ(Signature(kStory), ReferenceSignature(kStory));
  // Pinned, so that a change of the reference is noticed too.
  const MinHashSignature sig = Signature("Un deux trois quatre");
  ASSERT_EQ(sig.size(), static_cast<size_t>(kMinHashes));
  EXPECT_EQ(sig, ReferenceSignature("un DEUX trois quatre"));
  EXPECT_EQ(sig[0], 4853575013403965351ull);
  EXPECT_EQ(sig[1], 7982558597407139966ull);
  EXPECT_EQ(sig[127], 5395474296388057166ull);
  EXPECT_EQ(internal::PortableSignature("Un deux trois quatre"), sig);
}

TEST(NearDuplicateTest, SignatureEqualsReferenceOnGeneratedText) {
  const std::vector<std::string> pieces = {
      "ministre", "Affaires", "étrangères", "a", "reçu", "L’ÉTÉ", "d'Ivoire", "Côte",
      "2025", "—", "-", ",", ".", " ", " ", "  ", "\n", "\n\n", "\t", "\xC2\xA0", "«", "»",
      "Σ", "ΑΣ", "Москва", "中文", "e\xCC\x81", "\xCC\x81", "Kouloubaïev", "x", "y", "x"};
  std::mt19937 random(8);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(0, 300);
  for (int round = 0; round < 300; ++round) {
    std::string s;
    const int n = length(random);
    for (int k = 0; k < n; ++k) s += pieces[pick(random)] + (k % 3 == 0 ? "" : " ");
    const MinHashSignature reference = ReferenceSignature(s);
    ASSERT_EQ(Signature(s), reference) << s;
    ASSERT_EQ(internal::PortableSignature(s), reference) << s;
  }
}

}  // namespace
}  // namespace dragoman::ingest
