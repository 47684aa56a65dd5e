// ReadHeader() as it was at commit 12cd63a (RE2 throughout, the RE2 date
// finder), kept for the tests only: the faster ReadHeader must agree with it.
#include "services/extraction/header_reference.h"

#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/text/unicode.h"
#include "re2/re2.h"
#include "services/extraction/dates.h"
#include "services/extraction/dates_regex_reference.h"
#include "services/extraction/text_index.h"

namespace dragoman::extraction::reference {
namespace {

using ::dragoman::extraction::DateMention;
using ::dragoman::extraction::Header;
using ::dragoman::extraction::Token;

struct HeaderLine {
  absl::string_view text;  // stripped
  size_t start = 0;        // bytes into the document
};

// text::Fold of a header line. ASCII lines need no ICU (lower case and
// collapsed spaces, as Fold does them); the others are remembered per
// thread, since mastheads and bylines repeat from one release to the next.
std::string FoldLine(absl::string_view line) {
  bool ascii = true;
  for (char c : line) ascii &= static_cast<unsigned char>(c) < 0x80;
  if (ascii) {
    std::string out;
    out.reserve(line.size());
    bool space = false;
    for (char c : line) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        if (!space && !out.empty()) out += ' ';
        space = true;
        continue;
      }
      out += absl::ascii_tolower(static_cast<unsigned char>(c));
      space = false;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
  }
  thread_local absl::flat_hash_map<std::string, std::string> cache;
  if (auto it = cache.find(line); it != cache.end()) return it->second;
  if (cache.size() > 4096) cache.clear();
  std::string folded = text::Fold(line);
  cache.emplace(std::string(line), folded);
  return folded;
}

bool IsBoilerplate(absl::string_view line, const std::vector<Token>& tokens) {
  if (absl::StrContains(line, " | ") || absl::StrContains(line, " > ") ||
      absl::StrContains(line, "·") || absl::StrContains(line, "©")) {
    return true;
  }
  // Only the start matters: fold up to a space past the longest prefix
  // below (a space ends any composition or case context, so that fold is
  // the start of the whole line's), the whole line when it is short.
  const size_t cut = line.size() > 64 ? line.find(' ', 64) : absl::string_view::npos;
  std::string folded = FoldLine(line.substr(0, cut));
  if (cut != absl::string_view::npos && folded.size() < 32) folded = FoldLine(line);
  static const char* kPrefixes[] = {
      "ministere", "ministry", "france diplomatie", "ambassade", "embassy",
      "republique populaire", "government of", "gouvernement", "accueil", "home",
      "rechercher", "partager", "share", "ce site", "this site", "photo", "source",
      "par ", "by ", "service de presse", "press service", "compte rendu",
      "publie", "mis a jour", "date de", "lire aussi", "a lire"};
  for (const char* p : kPrefixes) {
    if (absl::StartsWith(folded, p)) return true;
  }
  // Mastheads in capitals: "STEPPE PRESSE — ...", "DÉPÊCHES D'ASIE CENTRALE";
  // "UA-UE : les chefs..." is a headline.
  size_t words = 0, caps = 0;
  for (const Token& t : tokens) {
    if (t.end - t.start < 2 || t.digits) continue;
    ++words;
    if (t.all_caps) ++caps;
  }
  if (words >= 2 && caps >= 2 && (caps == words || (caps >= 2 && tokens.size() > 2 &&
                                                    tokens[0].all_caps && tokens[1].all_caps &&
                                                    tokens[2].all_caps))) {
    return true;
  }
  return false;
}

// Looks like a body paragraph rather than a headline.
bool IsParagraph(absl::string_view line, bool have_title) {
  return line.size() > 300 ||
         (absl::EndsWith(line, ".") && (line.size() > 120 || have_title));
}

std::optional<std::string> TimeAfter(absl::string_view rest) {
  static const RE2* kTime = new RE2(R"(^\s*(?:à|at|,|–|-|—|T)?\s*(\d{1,2})[:h](\d{2})(?::(\d{2}))?)");
  int h = 0, m = 0;
  std::string s;
  if (RE2::PartialMatch(re2::StringPiece(rest.data(), rest.size()), *kTime, &h, &m, &s) &&
      h < 24 && m < 60) {
    int sec = 0;
    if (!s.empty()) sec = std::stoi(s);
    return absl::StrFormat("T%02d:%02d:%02d", h, m, sec);
  }
  return std::nullopt;
}

}  // namespace

Header ReadHeaderReference(absl::string_view text) {
  Header header;
  std::vector<HeaderLine> lines;
  size_t pos = 0;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (!line.empty()) {
      lines.push_back({line, static_cast<size_t>(line.data() - text.data())});
    }
    pos += raw.size() + 1;
    if (lines.size() >= 14) break;
  }
  static const RE2* kDateline = new RE2(
      R"(^(\p{Lu}[\p{L}'’ .-]*?)\s*(?:\([^)]*\))?\s*,\s*(?:le\s+)?$)");
  size_t body_line = lines.size();
  size_t title_end = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const HeaderLine& line = lines[i];
    const bool paragraph = IsParagraph(line.text, header.title.has_value());
    // Publication date: a short line, or a dateline at a paragraph's head.
    // The line's dates, found once for the two questions below.
    std::optional<std::vector<DateMention>> line_dates;
    auto dates = [&]() -> const std::vector<DateMention>& {
      if (!line_dates) line_dates = FindDatesWithRegexes(line.text, std::nullopt);
      return *line_dates;
    };
    if (!header.published.has_value()) {
      for (const DateMention& d : dates()) {
        if (!d.explicit_year || d.value.size() != 10) continue;
        absl::string_view before = line.text.substr(0, d.start);
        // "(Marseille, 13 juin 2025)" closing a headline dates it too.
        const size_t open = before.rfind('(');
        const bool parenthetical =
            open != absl::string_view::npos && before.substr(open).find(')') == absl::string_view::npos;
        const bool short_line = (line.text.size() < 120 || parenthetical) && !paragraph;
        const bool dateline = before.size() < 60 && RE2::FullMatch(
            re2::StringPiece(before.data(), before.size()), *kDateline);
        if (!short_line && !dateline) break;
        std::string value = d.value;
        if (auto time = TimeAfter(line.text.substr(d.end)); time.has_value()) value += *time;
        header.published = value;
        if (dateline && paragraph) header.dateline_date_end = line.start + d.end;
        if (dateline && d.start > 0) {
          std::string place;
          RE2::PartialMatch(re2::StringPiece(before.data(), before.size()), *kDateline, &place);
          header.dateline_start = line.start;
          header.dateline_end = line.start + place.size();
        }
        break;
      }
    }
    if (paragraph) {
      body_line = i;
      break;
    }
    if (header.title.has_value()) continue;
    // Shapes are all the title rule looks at; tokenized only here since
    // most lines (the body paragraph, those after the title) never need
    // them.
    const std::vector<Token> tokens = TokenShapes(line.text);
    if (tokens.size() >= 4 && !IsBoilerplate(line.text, tokens) &&
        !absl::EndsWith(line.text, ".") &&
        !(tokens.size() <= 8 && !dates().empty())) {
      header.title = std::string(line.text);
      title_end = line.start + line.text.size();
    }
  }
  // Datelines without a year ("TIANJIN, 15 juillet (Xinhua) --") still name a place.
  if (header.dateline_end == 0 && body_line < lines.size()) {
    static const RE2* kBareDateline = new RE2(
        R"(^(\p{Lu}[\p{Lu}'’ -]+?)(?:\s*\([^)]*\))?\s*(?:,|–|—|-))");
    std::string place;
    const HeaderLine& line = lines[body_line];
    if (RE2::PartialMatch(re2::StringPiece(line.text.data(), line.text.size()), *kBareDateline,
                          &place)) {
      header.dateline_start = line.start;
      header.dateline_end = line.start + std::string(absl::StripTrailingAsciiWhitespace(place)).size();
      // Its date ("15 juillet", "July 15") is the day of writing, not of the
      // events: "a reçu mardi" after "MOSCOU, 18 juin" is the 17th.
      static const RE2* kDatelineDate = new RE2(
          R"(^(\s*(?:\([^)]*\))?\s*,\s*(?:le\s+)?(?:\d{1,2}(?:er)?\s+\p{L}+\.?|\p{Lu}\p{L}+\.?\s+\d{1,2})(?:,?\s+\d{4})?))");
      absl::string_view rest = line.text.substr(place.size());
      std::string date_part;
      if (RE2::PartialMatch(re2::StringPiece(rest.data(), rest.size()), *kDatelineDate,
                            &date_part)) {
        header.dateline_date_end = line.start + place.size() + date_part.size();
      }
    }
  }
  header.body_start = body_line < lines.size() ? lines[body_line].start : title_end;
  // Agency dispatches may sign off instead: "(Agence, 22 mai 2025)" as the
  // last line dates the dispatch.
  if (!header.published.has_value()) {
    absl::string_view rest = absl::StripTrailingAsciiWhitespace(text);
    const size_t newline = rest.rfind('\n');
    absl::string_view last = absl::StripAsciiWhitespace(
        newline == absl::string_view::npos ? rest : rest.substr(newline + 1));
    if (last.size() < 80 && absl::StartsWith(last, "(") && absl::EndsWith(last, ")") &&
        last.data() - text.data() >= static_cast<std::ptrdiff_t>(header.body_start)) {
      for (const DateMention& d : FindDatesWithRegexes(last, std::nullopt)) {
        if (d.explicit_year && d.value.size() == 10) {
          header.published = d.value;
          break;
        }
      }
    }
  }
  return header;
}

}  // namespace dragoman::extraction::reference
