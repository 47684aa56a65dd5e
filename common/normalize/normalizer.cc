#include "common/normalize/normalizer.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/normalize/boilerplate.h"
#include "common/normalize/charset.h"
#include "common/normalize/html.h"
#include "common/normalize/passes.h"
#include "common/text/unicode.h"
#include "common/text/utf8.h"
#include "re2/re2.h"

namespace dragoman::normalize {
namespace {

constexpr absl::string_view kBom = "\xEF\xBB\xBF";

// Formats that are clearly not text, by their magic numbers.
absl::string_view BinaryFormat(absl::string_view bytes) {
  struct Magic {
    absl::string_view prefix;
    absl::string_view name;
  };
  static constexpr Magic kMagic[] = {
      {"%PDF", "PDF"},
      {"\x89PNG", "PNG image"},
      {"GIF8", "GIF image"},
      {"\xFF\xD8\xFF", "JPEG image"},
      {absl::string_view("PK\x03\x04", 4), "ZIP archive (or office document)"},
      {"\x1F\x8B", "gzip data"},
      {"\xD0\xCF\x11\xE0", "OLE document"},
      {"RIFF", "RIFF media"},
      {"\x7F"
       "ELF",
       "executable"},
  };
  for (const Magic& m : kMagic) {
    if (absl::StartsWith(bytes, m.prefix)) return m.name;
  }
  return "";
}

absl::Status CheckNotBinary(absl::string_view bytes) {
  if (absl::string_view format = BinaryFormat(bytes); !format.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("binary content (", format, "); only UTF-8 text and HTML are accepted"));
  }
  if (const size_t nul = bytes.find('\0'); nul != absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("binary content: NUL byte at byte offset ", nul));
  }
  return absl::OkStatus();
}

// Text may carry a stray control character; binary data carries many.
absl::Status CheckFewControls(absl::string_view text) {
  static constexpr auto kControl = [] {
    std::array<uint8_t, 256> control{};
    for (int c = 0; c < 0x20; ++c) control[c] = 1;
    for (unsigned char c : {'\t', '\n', '\r', '\f'}) control[c] = 0;
    control[0x7F] = 1;
    return control;
  }();
  size_t controls = 0;
  size_t i = 0;
  // Eight bytes at a time while none is below 0x20 or 0x7F (the usual
  // text between line breaks); the bytes of other words are counted one
  // by one.
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    constexpr uint64_t kEachByte = 0x0101010101010101ull;
    constexpr uint64_t kHigh = 0x8080808080808080ull;
    const uint64_t below_space = (word - kEachByte * 0x20) & ~word & kHigh;
    const uint64_t del = word ^ (kEachByte * 0x7F);
    const uint64_t has_del = (del - kEachByte) & ~del & kHigh;
    if ((below_space | has_del) == 0) continue;
    for (size_t k = i; k < i + 8; ++k) controls += kControl[static_cast<unsigned char>(text[k])];
  }
  for (; i < text.size(); ++i) controls += kControl[static_cast<unsigned char>(text[i])];
  if (controls > 8 && controls * 100 > text.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "binary content: ", controls, " control characters in ", text.size(), " bytes"));
  }
  return absl::OkStatus();
}

// The document as UTF-8 text aligned to its bytes: UTF-8 as is (BOM
// dropped), a declared legacy or UTF-16 charset transcoded.
absl::StatusOr<AlignedText> DecodeText(absl::string_view bytes, const std::string& charset) {
  const bool utf16 = absl::StartsWith(charset, "utf-16") || absl::StartsWith(charset, "utf16");
  if (!utf16) {
    if (absl::Status s = CheckNotBinary(bytes); !s.ok()) return s;
  }
  absl::Status utf8 = utf16 ? absl::InvalidArgumentError("UTF-16") : text::ValidateUtf8(bytes);
  AlignedText decoded;
  if (utf8.ok()) {
    const size_t skip = absl::StartsWith(bytes, kBom) ? kBom.size() : 0;
    decoded.AppendLinear(bytes.substr(skip), skip);
  } else if (!charset.empty() && !IsUtf8(charset)) {
    absl::StatusOr<AlignedText> converted = DecodeToUtf8(bytes, charset);
    if (!converted.ok()) return converted.status();
    decoded = *std::move(converted);
    if (absl::Status s = text::ValidateUtf8(decoded.text()); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("binary content (", s.message(), ")"));
    }
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat(utf8.message(), " (documents must be UTF-8, or declare their charset)"));
  }
  if (absl::Status s = CheckFewControls(decoded.text()); !s.ok()) return s;
  return decoded;
}

bool LooksLikeHtml(absl::string_view bytes) {
  absl::ConsumePrefix(&bytes, kBom);
  std::string head = absl::AsciiStrToLower(bytes.substr(0, 4096));
  if (absl::StartsWith(bytes, "\xFF\xFE") || absl::StartsWith(bytes, "\xFE\xFF")) {
    head.erase(std::remove(head.begin(), head.end(), '\0'), head.end());  // UTF-16
    head = head.substr(2);
  }
  const absl::string_view start = absl::StripLeadingAsciiWhitespace(head);
  if (absl::StartsWith(start, "<!doctype html") || absl::StartsWith(start, "<html") ||
      absl::StartsWith(start, "<head") || absl::StartsWith(start, "<body") ||
      absl::StartsWith(start, "<?xml") || absl::StartsWith(start, "<!--")) {
    return true;
  }
  static const RE2 kTags(R"(<(?:p|div|br|h1|h2|article|span|a\s)[\s>/])");
  return absl::StartsWith(start, "<") && RE2::PartialMatch(head, kTags);
}

// Keeps dates the extractor can read: "2025-06-12", "2025-06-12T08:00:00Z".
std::string IsoDateOrEmpty(const std::string& value) {
  static const RE2 kIso(R"(^\d{4}-\d{2}(?:-\d{2})?(?:[T ]\d{2}:\d{2}.*)?$)");
  return RE2::FullMatch(value, kIso) ? value : "";
}

AlignedText Clean(const AlignedText& extracted) {
  return NormalizeWhitespace(RemoveBoilerplate(ToNfc(extracted)));
}

}  // namespace

absl::string_view ContentTypeName(ContentType type) {
  return type == ContentType::kHtml ? "text/html" : "text/plain";
}

absl::StatusOr<ContentType> ResolveContentType(absl::string_view declared, absl::string_view uri,
                                               absl::string_view bytes) {
  std::string media = absl::AsciiStrToLower(declared);
  if (const size_t semi = media.find(';'); semi != std::string::npos) media.resize(semi);
  media = std::string(absl::StripAsciiWhitespace(media));
  if (!media.empty()) {
    if (media == "text/html" || media == "application/xhtml+xml") return ContentType::kHtml;
    if (media == "text/plain" || media == "text/markdown") return ContentType::kPlainText;
    if (media != "application/octet-stream") {
      return absl::InvalidArgumentError(
          absl::StrCat("unsupported content type \"", declared, "\"; use text/html or text/plain"));
    }
  }
  std::string path = absl::AsciiStrToLower(uri);
  if (const size_t cut = path.find_first_of("?#"); cut != std::string::npos) path.resize(cut);
  if (absl::EndsWith(path, ".html") || absl::EndsWith(path, ".htm") ||
      absl::EndsWith(path, ".xhtml") || absl::EndsWith(path, ".shtml")) {
    return ContentType::kHtml;
  }
  if (absl::EndsWith(path, ".txt") || absl::EndsWith(path, ".text") ||
      absl::EndsWith(path, ".md")) {
    return ContentType::kPlainText;
  }
  return LooksLikeHtml(bytes) ? ContentType::kHtml : ContentType::kPlainText;
}

absl::StatusOr<NormalizedDocument> Normalize(absl::string_view bytes,
                                             absl::string_view content_type,
                                             absl::string_view uri) {
  absl::StatusOr<ContentType> type = ResolveContentType(content_type, uri, bytes);
  if (!type.ok()) return type.status();
  const std::string charset = DeclaredCharset(content_type, bytes, *type == ContentType::kHtml);
  absl::StatusOr<AlignedText> decoded = DecodeText(bytes, charset);
  if (!decoded.ok()) return decoded.status();

  NormalizedDocument doc;
  doc.content_type = *type;
  AlignedText clean;
  if (*type == ContentType::kHtml) {
    HtmlText html = HtmlToText(decoded->text());
    clean = Clean(AlignedText::Compose(html.text, *decoded));
    if (clean.empty()) {
      // Class-based dropping can misfire on odd markup; element names are
      // a safer floor than an empty document.
      HtmlOptions keep_classes;
      keep_classes.drop_by_class = false;
      html = HtmlToText(decoded->text(), keep_classes);
      clean = Clean(AlignedText::Compose(html.text, *decoded));
    }
    doc.title_hint = text::ToNfc(html.title);
    doc.published_hint = IsoDateOrEmpty(html.published);
    doc.language_hint = html.language.size() == 2 ? html.language : "";
    doc.source_hint = text::ToNfc(html.source);
  } else {
    clean = Clean(*decoded);
  }
  if (clean.empty()) {
    return absl::InvalidArgumentError(
        "document has no text left after removing markup and boilerplate");
  }
  doc.clean_text = clean.text();
  doc.alignment = clean.segments();
  return doc;
}

}  // namespace dragoman::normalize
