#include "common/gazetteer/mo_file.h"

#include <cstdint>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace dragoman::gazetteer {
namespace {

constexpr uint32_t kMagic = 0x950412de;
constexpr uint32_t kMagicSwapped = 0xde120495;

uint32_t Swap(uint32_t v) {
  return (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
}

}  // namespace

absl::StatusOr<absl::flat_hash_map<std::string, std::string>> ParseMoFile(
    absl::string_view bytes) {
  auto word = [&](size_t offset, bool swap, uint32_t* out) {
    if (offset + 4 > bytes.size()) return false;
    uint32_t v;
    std::memcpy(&v, bytes.data() + offset, 4);
    *out = swap ? Swap(v) : v;
    return true;
  };
  uint32_t magic = 0;
  if (!word(0, false, &magic) || (magic != kMagic && magic != kMagicSwapped)) {
    return absl::InvalidArgumentError("not a gettext .mo file (bad magic)");
  }
  const bool swap = magic == kMagicSwapped;
  uint32_t count = 0, originals = 0, translations = 0;
  if (!word(8, swap, &count) || !word(12, swap, &originals) ||
      !word(16, swap, &translations)) {
    return absl::InvalidArgumentError(".mo header truncated");
  }
  auto string_at = [&](uint32_t table, uint32_t i, std::string* out) {
    uint32_t length = 0, offset = 0;
    if (!word(table + 8 * i, swap, &length) ||
        !word(table + 8 * i + 4, swap, &offset) ||
        static_cast<size_t>(offset) + length > bytes.size()) {
      return false;
    }
    out->assign(bytes.data() + offset, length);
    return true;
  };
  absl::flat_hash_map<std::string, std::string> catalogue;
  for (uint32_t i = 0; i < count; ++i) {
    std::string original, translation;
    if (!string_at(originals, i, &original) ||
        !string_at(translations, i, &translation)) {
      return absl::InvalidArgumentError(
          absl::StrCat(".mo string table entry ", i, " out of bounds"));
    }
    if (!original.empty()) catalogue[original] = translation;
  }
  return catalogue;
}

}  // namespace dragoman::gazetteer
