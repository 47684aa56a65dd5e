#include "common/normalize/html.h"

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "common/text/utf8.h"

namespace dragoman::normalize {
namespace {

struct NamedReference {
  const char* name;
  const char* value;
};

constexpr NamedReference kNamedReferences[] = {
#include "common/normalize/html_entities.inc"
};

const char* LookUpReference(absl::string_view name) {
  const auto* begin = std::begin(kNamedReferences);
  const auto* end = std::end(kNamedReferences);
  const auto* it = std::lower_bound(
      begin, end, name,
      [](const NamedReference& r, absl::string_view n) { return absl::string_view(r.name) < n; });
  if (it != end && absl::string_view(it->name) == name) return it->value;
  return nullptr;
}

// HTML5 maps numeric references 0x80-0x9F as windows-1252 bytes.
constexpr char32_t kWindows1252[32] = {
    0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x8D,   0x017D, 0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};


bool IsAsciiAlpha(char c) { return absl::ascii_isalpha(static_cast<unsigned char>(c)); }
bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Whitespace (including no-break spaces) collapsed to single spaces, trimmed.
std::string CollapseSpaces(absl::string_view s) {
  std::string t = absl::StrReplaceAll(s, {{"\xC2\xA0", " "}, {"\xE2\x80\xAF", " "}});
  std::vector<absl::string_view> words =
      absl::StrSplit(t, absl::ByAnyChar(" \t\n\r\f"), absl::SkipEmpty());
  return absl::StrJoin(words, " ");
}

struct Tag {
  std::string name;  // lower case
  bool end = false;
  bool self_closing = false;
  std::vector<std::pair<std::string, std::string>> attributes;
  size_t next = 0;  // offset just past '>'

  const std::string* Attribute(absl::string_view key) const {
    for (const auto& [k, v] : attributes) {
      if (k == key) return &v;
    }
    return nullptr;
  }
};

// Parses the tag starting at html[at] == '<' (followed by a letter, or
// '/' and a letter).
Tag ParseTag(absl::string_view html, size_t at) {
  Tag tag;
  size_t i = at + 1;
  if (html[i] == '/') {
    tag.end = true;
    ++i;
  }
  const size_t name_begin = i;
  while (i < html.size() && !IsHtmlSpace(html[i]) && html[i] != '>' && html[i] != '/') ++i;
  tag.name = absl::AsciiStrToLower(html.substr(name_begin, i - name_begin));
  while (i < html.size()) {
    while (i < html.size() && (IsHtmlSpace(html[i]) || html[i] == '/')) {
      if (html[i] == '/' && i + 1 < html.size() && html[i + 1] == '>') tag.self_closing = true;
      ++i;
    }
    if (i >= html.size()) break;
    if (html[i] == '>') {
      ++i;
      break;
    }
    const size_t key_begin = i;
    while (i < html.size() && !IsHtmlSpace(html[i]) && html[i] != '=' && html[i] != '>' &&
           html[i] != '/') {
      ++i;
    }
    std::string key = absl::AsciiStrToLower(html.substr(key_begin, i - key_begin));
    if (key.empty()) {  // stray character such as '=': skip it
      ++i;
      continue;
    }
    while (i < html.size() && IsHtmlSpace(html[i])) ++i;
    std::string value;
    if (i < html.size() && html[i] == '=') {
      ++i;
      while (i < html.size() && IsHtmlSpace(html[i])) ++i;
      if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
        const char quote = html[i++];
        const size_t close = html.find(quote, i);
        const size_t value_end = close == absl::string_view::npos ? html.size() : close;
        value = DecodeEntities(html.substr(i, value_end - i));
        i = close == absl::string_view::npos ? html.size() : close + 1;
      } else {
        const size_t value_begin = i;
        while (i < html.size() && !IsHtmlSpace(html[i]) && html[i] != '>') ++i;
        value = DecodeEntities(html.substr(value_begin, i - value_begin));
      }
    }
    tag.attributes.emplace_back(std::move(key), std::move(value));
  }
  tag.next = i;
  return tag;
}

bool OneOf(absl::string_view name, std::initializer_list<absl::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool IsVoid(absl::string_view name) {
  return OneOf(name, {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                      "param", "source", "track", "wbr"});
}

// Elements whose content is not markup.
bool IsRawText(absl::string_view name) {
  return OneOf(name, {"script", "style", "textarea", "title", "xmp", "noembed", "noframes",
                      "iframe", "noscript"});
}

// Paragraph-level elements: their boundaries become blank lines.
bool IsBlock(absl::string_view name) {
  return OneOf(
      name,
      {"address", "article", "aside", "blockquote", "body",       "caption", "center", "dialog",
       "details", "div",     "dl",    "fieldset",   "figcaption", "figure",  "footer", "form",
       "h1",      "h2",      "h3",    "h4",         "h5",         "h6",      "header", "hgroup",
       "hr",      "html",    "main",  "menu",       "nav",        "ol",      "p",      "pre",
       "section", "summary", "table", "tbody",      "tfoot",      "thead",   "ul"});
}

// Elements that break a line without starting a paragraph.
bool IsLineBreak(absl::string_view name) {
  return OneOf(name, {"br", "li", "dt", "dd", "tr", "option"});
}

// Never article text, whatever their attributes.
bool IsDroppedElement(absl::string_view name) {
  return OneOf(name, {"script", "style",    "noscript", "template",   "svg",    "math",
                      "nav",    "footer",   "figure",   "figcaption", "aside",  "button",
                      "select", "textarea", "iframe",   "object",     "embed",  "canvas",
                      "audio",  "video",    "map",      "menu",       "dialog", "label"});
}

// Containers that may be dropped because of their class, id or role; the
// page skeleton (body, main, article) never is.
bool MayDropByClass(absl::string_view name) {
  return OneOf(name, {"div", "ul", "ol", "li", "section", "span", "a", "p", "table", "form",
                      "header", "dl"});
}

bool IsBoilerplateClassWord(absl::string_view word) {
  // clang-format off
  return OneOf(word, {
      "nav", "navbar", "navigation", "menu", "menubar", "breadcrumb", "breadcrumbs", "ariane",
      "share", "sharing", "partage", "social", "cookie", "cookies", "consent", "gdpr", "skip",
      "sidebar", "related", "newsletter", "footer", "toolbar", "pagination", "comments", "advert",
      "advertisement", "sr-only", "visually-hidden", "screen-reader-text"});
  // clang-format on
}

bool HasBoilerplateClass(const Tag& tag) {
  if (const std::string* role = tag.Attribute("role")) {
    if (OneOf(absl::AsciiStrToLower(*role),
              {"navigation", "banner", "contentinfo", "search", "complementary", "menu", "menubar",
               "toolbar", "dialog", "alertdialog"})) {
      return true;
    }
  }
  for (const char* key : {"class", "id"}) {
    const std::string* value = tag.Attribute(key);
    if (value == nullptr) continue;
    const std::string lower = absl::AsciiStrToLower(*value);
    for (absl::string_view name :
         absl::StrSplit(lower, absl::ByAnyChar(" \t\n"), absl::SkipEmpty())) {
      if (IsBoilerplateClassWord(name)) return true;
      for (absl::string_view word :
           absl::StrSplit(name, absl::ByAnyChar("-_"), absl::SkipEmpty())) {
        if (IsBoilerplateClassWord(word)) return true;
      }
    }
  }
  return false;
}

bool IsHidden(const Tag& tag) {
  if (tag.Attribute("hidden") != nullptr) return true;
  if (const std::string* aria = tag.Attribute("aria-hidden")) {
    if (absl::AsciiStrToLower(*aria) == "true") return true;
  }
  if (const std::string* style = tag.Attribute("style")) {
    std::string s = absl::AsciiStrToLower(*style);
    s.erase(std::remove_if(s.begin(), s.end(), [](char c) { return IsHtmlSpace(c); }), s.end());
    if (absl::StrContains(s, "display:none") || absl::StrContains(s, "visibility:hidden")) {
      return true;
    }
  }
  return false;
}

bool IsPublishedMeta(absl::string_view key) {
  return OneOf(key, {"article:published_time", "og:published_time", "datepublished", "date",
                     "dc.date", "dc.date.issued", "dcterms.date", "dcterms.issued",
                     "dcterms.created", "pubdate", "publishdate", "publish-date",
                     "publication_date", "sailthru.date", "parsely-pub-date"});
}

// "Headline - Site" / "Headline | Site": keeps the headline when the
// page title carries a site name after it.
std::string StripSiteSuffix(const std::string& title) {
  for (absl::string_view sep : {" | ", " - ", " — "}) {
    const size_t at = title.rfind(std::string(sep));
    if (at != std::string::npos && at > 0 && title.size() - at - sep.size() < at) {
      return title.substr(0, at);
    }
  }
  return title;
}

class HtmlReader {
 public:
  HtmlReader(absl::string_view html, const HtmlOptions& options) : html_(html), options_(options) {}

  HtmlText Read() {
    size_t i = 0;
    if (absl::StartsWith(html_, "\xEF\xBB\xBF")) i = 3;
    while (i < html_.size()) {
      if (html_[i] != '<') {
        size_t end = html_.find('<', i);
        if (end == absl::string_view::npos) end = html_.size();
        Text(i, end);
        i = end;
        continue;
      }
      i = Markup(i);
    }
    HtmlText result;
    result.text = std::move(out_);
    result.title = !h1_.empty() ? h1_ : StripSiteSuffix(title_);
    result.published = !meta_published_.empty() ? meta_published_ : time_published_;
    result.language = language_;
    result.source = source_;
    return result;
  }

 private:
  bool skipping() const { return skip_depth_ > 0; }

  void Break(absl::string_view breaks, size_t begin, size_t end) {
    if (!skipping()) out_.AppendReplacement(breaks, begin, end);
  }

  // Text between tags: entities decoded, whitespace made plain spaces.
  void Text(size_t begin, size_t end) {
    if (skipping()) return;
    size_t run = begin;
    std::string plain;
    auto flush = [&](size_t upto) {
      if (upto > run) {
        plain.assign(html_.data() + run, upto - run);
        for (char& c : plain) {
          if (IsHtmlSpace(c)) c = ' ';
        }
        out_.AppendLinear(plain, run);
        if (in_h1_) h1_buffer_ += plain;
      }
    };
    size_t i = begin;
    while (i < end) {
      if (html_[i] == '&') {
        std::string decoded;
        const size_t n = DecodeCharacterReference(html_.substr(0, end), i, &decoded);
        if (n > 0) {
          flush(i);
          out_.AppendReplacement(decoded, i, i + n);
          if (in_h1_) h1_buffer_ += decoded;
          i += n;
          run = i;
          continue;
        }
      }
      ++i;
    }
    flush(end);
  }

  // Handles the markup at html_[at] == '<'; returns where text resumes.
  size_t Markup(size_t at) {
    const absl::string_view rest = html_.substr(at);
    if (absl::StartsWith(rest, "<!--")) {
      const size_t close = html_.find("-->", at + 4);
      return close == absl::string_view::npos ? html_.size() : close + 3;
    }
    if (absl::StartsWith(rest, "<!") || absl::StartsWith(rest, "<?")) {
      const size_t close = html_.find('>', at);
      return close == absl::string_view::npos ? html_.size() : close + 1;
    }
    const bool is_tag =
        rest.size() > 1 &&
        (IsAsciiAlpha(rest[1]) || (rest[1] == '/' && rest.size() > 2 && IsAsciiAlpha(rest[2])));
    if (!is_tag) {
      if (absl::StartsWith(rest, "</")) {  // "</>" or "</ ..." : ignored
        const size_t close = html_.find('>', at);
        return close == absl::string_view::npos ? html_.size() : close + 1;
      }
      Text(at, at + 1);  // a literal '<'
      return at + 1;
    }
    Tag tag = ParseTag(html_, at);
    if (tag.end) {
      EndTag(tag, at);
      return tag.next;
    }
    StartTag(tag, at);
    if (IsRawText(tag.name) && !tag.self_closing) return RawText(tag);
    return tag.next;
  }

  // Skips the content of script, style, title... keeping <title>.
  size_t RawText(const Tag& tag) {
    const std::string close = "</" + tag.name;
    size_t i = tag.next;
    size_t found = html_.size();
    while (i < html_.size()) {
      const size_t lt = html_.find("</", i);
      if (lt == absl::string_view::npos) break;
      if (absl::EqualsIgnoreCase(html_.substr(lt, close.size()), close)) {
        found = lt;
        break;
      }
      i = lt + 2;
    }
    if (tag.name == "title" && !skipping() && title_.empty()) {
      title_ = CollapseSpaces(DecodeEntities(html_.substr(tag.next, found - tag.next)));
    }
    if (skipping() && tag.name == skip_tag_) --skip_depth_;  // a dropped raw element ends
    if (found >= html_.size()) return html_.size();
    const size_t gt = html_.find('>', found);
    return gt == absl::string_view::npos ? html_.size() : gt + 1;
  }

  void StartTag(const Tag& tag, size_t at) {
    const std::string& name = tag.name;
    const bool has_content = !IsVoid(name) && !tag.self_closing;
    if (skipping()) {
      if (name == skip_tag_ && has_content) ++skip_depth_;
      return;
    }
    if (name == "html") {
      if (const std::string* lang = tag.Attribute("lang")) {
        std::vector<std::string> parts =
            absl::StrSplit(absl::AsciiStrToLower(*lang), absl::ByAnyChar("-_"));
        if (!parts.empty()) language_ = parts[0];
      }
    }
    if (name == "meta") Meta(tag);
    if (ShouldDrop(tag)) {
      if (has_content) {
        skip_tag_ = name;
        skip_depth_ = 1;
        if (IsBlock(name)) out_.AppendReplacement("\n\n", at, tag.next);
      }
      return;
    }
    if (name == "article" || name == "main") ++article_depth_;
    if (name == "time" && time_published_.empty()) {
      if (const std::string* dt = tag.Attribute("datetime")) {
        time_published_ = CollapseSpaces(*dt);
      }
    }
    if (const std::string* prop = tag.Attribute("itemprop")) {
      if (*prop == "datePublished" && meta_published_.empty()) {
        const std::string* value = tag.Attribute("content");
        if (value == nullptr) value = tag.Attribute("datetime");
        if (value != nullptr) meta_published_ = CollapseSpaces(*value);
      }
    }
    if (name == "h1" && h1_.empty() && has_content) {
      in_h1_ = true;
      h1_buffer_.clear();
    }
    if (IsBlock(name)) {
      Break("\n\n", at, tag.next);
    } else if (IsLineBreak(name)) {
      Break("\n", at, tag.next);
    } else if (name == "td" || name == "th") {
      Break(" ", at, tag.next);
    }
  }

  void EndTag(const Tag& tag, size_t at) {
    const std::string& name = tag.name;
    if (skipping()) {
      if (name == skip_tag_) {
        --skip_depth_;
      } else if (name == "body" || name == "html") {
        skip_depth_ = 0;  // an unclosed dropped element must not eat the page
      }
      if (!skipping() && IsBlock(skip_tag_)) out_.AppendReplacement("\n\n", at, tag.next);
      return;
    }
    if (name == "article" || name == "main") article_depth_ = std::max(0, article_depth_ - 1);
    if (name == "h1" && in_h1_) {
      in_h1_ = false;
      h1_ = CollapseSpaces(h1_buffer_);
    }
    if (IsBlock(name)) {
      Break("\n\n", at, tag.next);
    } else if (name == "li" || name == "dt" || name == "dd" || name == "tr") {
      Break("\n", at, tag.next);
    }
  }

  bool ShouldDrop(const Tag& tag) const {
    const std::string& name = tag.name;
    // A page header is chrome, unless the headline sits in it.
    if (name == "header") return article_depth_ == 0 && !HoldsArticle(tag);
    if (IsDroppedElement(name)) return true;
    if (name == "body" || name == "html" || name == "main" || name == "article") return false;
    if (IsHidden(tag)) return true;
    // Class names are hints, not promises ("content-with-sidebar"): a
    // container that holds the article is kept.
    return options_.drop_by_class && MayDropByClass(name) && HasBoilerplateClass(tag) &&
           !HoldsArticle(tag);
  }

  // Looks ahead to the element's end tag for what only an article has: a
  // headline, article or main elements, or several paragraphs.
  bool HoldsArticle(const Tag& tag) const {
    constexpr size_t kLookahead = 256 * 1024;
    const size_t limit = std::min(html_.size(), tag.next + kLookahead);
    int depth = 1;
    int paragraphs = 0;
    for (size_t i = html_.find('<', tag.next); i < limit; i = html_.find('<', i + 1)) {
      const absl::string_view rest = html_.substr(i, 12);
      auto starts = [&](absl::string_view prefix) {
        return rest.size() > prefix.size() && absl::StartsWithIgnoreCase(rest, prefix) &&
               !absl::ascii_isalnum(static_cast<unsigned char>(rest[prefix.size()]));
      };
      if (starts("<h1") || starts("<article") || starts("<main")) return true;
      if (starts("<p") && ++paragraphs >= 4) return true;
      if (starts(absl::StrCat("<", tag.name))) ++depth;
      if (starts(absl::StrCat("</", tag.name)) && --depth == 0) return false;
    }
    return false;
  }

  void Meta(const Tag& tag) {
    const std::string* content = tag.Attribute("content");
    if (content == nullptr) return;
    for (const char* key : {"property", "name", "itemprop"}) {
      const std::string* k = tag.Attribute(key);
      if (k == nullptr) continue;
      const std::string lower = absl::AsciiStrToLower(*k);
      if (IsPublishedMeta(lower) && meta_published_.empty()) {
        meta_published_ = CollapseSpaces(*content);
      } else if (lower == "og:site_name" && source_.empty()) {
        source_ = CollapseSpaces(*content);
      }
    }
  }

  absl::string_view html_;
  HtmlOptions options_;
  AlignedText out_;
  std::string skip_tag_;
  int skip_depth_ = 0;
  int article_depth_ = 0;
  bool in_h1_ = false;
  std::string h1_buffer_;
  std::string h1_;
  std::string title_;
  std::string meta_published_;
  std::string time_published_;
  std::string language_;
  std::string source_;
};

}  // namespace

size_t DecodeCharacterReference(absl::string_view html, size_t at, std::string* out) {
  out->clear();
  if (at >= html.size() || html[at] != '&') return 0;
  size_t i = at + 1;
  if (i < html.size() && html[i] == '#') {
    ++i;
    const bool hex = i < html.size() && (html[i] == 'x' || html[i] == 'X');
    if (hex) ++i;
    const size_t digits_begin = i;
    uint32_t value = 0;
    while (i < html.size()) {
      const char c = html[i];
      int digit;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (hex && c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (hex && c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      } else {
        break;
      }
      value = std::min<uint32_t>(value * (hex ? 16 : 10) + digit, 0x110000);
      ++i;
    }
    if (i == digits_begin) return 0;
    if (i < html.size() && html[i] == ';') ++i;
    char32_t c = value;
    if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
      c = 0xFFFD;
    } else if (c >= 0x80 && c <= 0x9F) {
      c = kWindows1252[c - 0x80];
    }
    text::AppendUtf8(c, out);
    return i - at;
  }
  size_t end = i;
  while (end < html.size() && end - i < 32 &&
         absl::ascii_isalnum(static_cast<unsigned char>(html[end]))) {
    ++end;
  }
  if (end == i) return 0;
  if (end < html.size() && html[end] == ';') {
    std::string name(html.substr(i, end - i));
    name.push_back(';');
    if (const char* value = LookUpReference(name)) {
      out->assign(value);
      return end + 1 - at;
    }
  }
  // Legacy references such as "&eacute" or "&amp" may lack the ';'.
  for (size_t len = end - i; len >= 2; --len) {
    if (const char* value = LookUpReference(html.substr(i, len))) {
      out->assign(value);
      return len + 1;
    }
  }
  return 0;
}

std::string DecodeEntities(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::string decoded;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '&') {
      if (const size_t n = DecodeCharacterReference(text, i, &decoded); n > 0) {
        out += decoded;
        i += n;
        continue;
      }
    }
    out.push_back(text[i++]);
  }
  return out;
}

HtmlText HtmlToText(absl::string_view html, const HtmlOptions& options) {
  return HtmlReader(html, options).Read();
}

}  // namespace dragoman::normalize
