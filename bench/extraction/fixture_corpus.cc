#include "bench/extraction/fixture_corpus.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/normalize/normalizer.h"

namespace dragoman::bench {
namespace {

bool WordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// Offsets of `word` in `text` not inside a longer word.
std::vector<size_t> FindWord(const std::string& text, const std::string& word) {
  std::vector<size_t> found;
  if (word.empty()) return found;
  for (size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    const bool left = at == 0 || !WordByte(text[at - 1]);
    const bool right = at + word.size() >= text.size() || !WordByte(text[at + word.size()]);
    if (left && right) found.push_back(at);
  }
  return found;
}

// Replaces whole-word occurrences, longest originals first, never
// rewriting what an earlier replacement wrote.
std::string ReplaceWords(const std::string& text,
                         std::vector<std::pair<std::string, std::string>> replacements) {
  std::sort(replacements.begin(), replacements.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  std::vector<std::pair<size_t, size_t>> taken;  // [start, end) of the original
  std::vector<std::pair<size_t, const std::string*>> edits;
  std::vector<size_t> lengths;
  for (const auto& [from, to] : replacements) {
    for (size_t at : FindWord(text, from)) {
      const size_t end = at + from.size();
      bool overlaps = false;
      for (const auto& [s, e] : taken) overlaps |= at < e && s < end;
      if (overlaps) continue;
      taken.push_back({at, end});
      edits.push_back({at, &to});
      lengths.push_back(from.size());
    }
  }
  std::vector<size_t> order(edits.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return edits[a].first < edits[b].first; });
  std::string out;
  size_t pos = 0;
  for (size_t i : order) {
    out.append(text, pos, edits[i].first - pos);
    out += *edits[i].second;
    pos = edits[i].first + lengths[i];
  }
  out.append(text, pos, std::string::npos);
  return out;
}

// Years of the recent past shifted by `delta`, all of them, so that the
// dates of one release stay consistent with each other.
std::string ShiftYears(const std::string& text, int delta) {
  std::string out = text;
  for (size_t i = 0; i + 4 <= out.size(); ++i) {
    if ((i > 0 && WordByte(out[i - 1])) || (i + 4 < out.size() && WordByte(out[i + 4]) &&
                                            !(out[i + 4] == 'T'))) {
      continue;
    }
    if (out[i] != '2' || out[i + 1] != '0' || !isdigit(out[i + 2]) || !isdigit(out[i + 3])) continue;
    const int year = (out[i + 2] - '0') * 10 + (out[i + 3] - '0') + 2000;
    if (year < 2015 || year > 2030) continue;
    const int shifted = year + delta;
    out[i + 2] = static_cast<char>('0' + (shifted - 2000) / 10);
    out[i + 3] = static_cast<char>('0' + (shifted - 2000) % 10);
    i += 3;
  }
  return out;
}

// Keeps the header and the first body paragraph in place and shuffles
// the paragraphs after it.
std::string ShuffleParagraphs(const std::string& text, std::mt19937_64* random) {
  std::vector<std::string> paragraphs = absl::StrSplit(text, "\n\n");
  size_t first_body = paragraphs.size();
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    if (paragraphs[i].size() > 150) {
      first_body = i;
      break;
    }
  }
  // The last paragraph may be a sign-off ("(Agence, 22 mai 2025)"): it stays.
  if (first_body + 3 < paragraphs.size()) {
    std::shuffle(paragraphs.begin() + first_body + 1, paragraphs.end() - 1, *random);
  }
  return absl::StrJoin(paragraphs, "\n\n");
}

}  // namespace

absl::StatusOr<FixtureCorpus> FixtureCorpus::Load(const std::vector<std::string>& directories,
                                                  const gazetteer::Gazetteer& gazetteer) {
  FixtureCorpus corpus;
  std::vector<std::filesystem::path> files;
  for (const std::string& dir : directories) {
    std::error_code error;
    for (const auto& e : std::filesystem::directory_iterator(dir, error)) {
      const std::string ext = e.path().extension().string();
      if (e.is_regular_file() && (ext == ".txt" || ext == ".html") &&
          e.path().filename().string().find("README") == std::string::npos) {
        files.push_back(e.path());
      }
    }
    if (error) return absl::NotFoundError(absl::StrCat(dir, ": ", error.message()));
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) return absl::NotFoundError("no fixture documents");

  for (const gazetteer::Entry& e : gazetteer.entries()) {
    if (e.kind == gazetteer::Kind::kPerson) corpus.person_names_.push_back(e.name);
    if (e.kind == gazetteer::Kind::kPlace && e.within.empty()) corpus.place_names_.push_back(e.name);
  }
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    auto normalized = normalize::Normalize(buffer.str(), "", path.string());
    if (!normalized.ok()) return normalized.status();
    Fixture f;
    f.name = path.filename().string();
    f.text = normalized->clean_text;
    for (const gazetteer::Entry& e : gazetteer.entries()) {
      if (e.kind != gazetteer::Kind::kPerson && e.kind != gazetteer::Kind::kPlace) continue;
      Swappable s;
      s.person = e.kind == gazetteer::Kind::kPerson;
      std::vector<std::string> forms = e.aliases;
      forms.push_back(e.name);
      for (const std::string& form : forms) {
        if (form.size() >= 4 && !FindWord(f.text, form).empty()) s.surfaces.push_back(form);
      }
      if (!s.surfaces.empty()) f.swappable.push_back(std::move(s));
    }
    corpus.fixtures_.push_back(std::move(f));
  }
  return corpus;
}

size_t FixtureCorpus::fixture_bytes() const {
  size_t n = 0;
  for (const Fixture& f : fixtures_) n += f.text.size();
  return n;
}

std::vector<CorpusDocument> FixtureCorpus::Generate(size_t min_bytes, uint64_t seed) const {
  std::mt19937_64 random(seed);
  std::vector<CorpusDocument> out;
  size_t bytes = 0;
  for (size_t n = 0; bytes < min_bytes; ++n) {
    const Fixture& f = fixtures_[n % fixtures_.size()];
    std::vector<std::pair<std::string, std::string>> replacements;
    for (const Swappable& s : f.swappable) {
      const auto& names = s.person ? person_names_ : place_names_;
      if (names.empty() || random() % 4 == 0) continue;  // some keep their names
      const std::string& to = names[random() % names.size()];
      const std::string to_family = to.substr(to.rfind(' ') + 1);
      for (const std::string& from : s.surfaces) {
        replacements.push_back({from, to});
        // "M. Nurtleu" follows "Murat Nurtleu".
        const size_t space = from.rfind(' ');
        if (s.person && space != std::string::npos && from.size() - space > 4) {
          replacements.push_back({from.substr(space + 1), to_family});
        }
      }
    }
    std::string text = ReplaceWords(f.text, std::move(replacements));
    text = ShiftYears(text, -static_cast<int>(random() % 7));
    text = ShuffleParagraphs(text, &random);
    bytes += text.size();
    out.push_back({absl::StrCat("bench-", n, "-", f.name), std::move(text)});
  }
  return out;
}

}  // namespace dragoman::bench
