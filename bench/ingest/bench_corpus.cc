#include "bench/ingest/bench_corpus.h"

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace dragoman::bench {
namespace {

// Ministers named in the fixtures; swapping them keeps documents
// extractable (the gazetteer knows them) while changing their bytes.
const char* const kNames[] = {"Murat Nurtleu",       "Sergueï Lavrov", "Wang Yi",
                              "Bakhtiyor Saidov",    "Rashid Meredov", "Zheenbek Kulubaev",
                              "Sirojiddin Muhriddin"};
const char* const kMonths[] = {"janvier",   "février", "mars",     "avril",
                               "mai",       "juin",    "juillet",  "août",
                               "septembre", "octobre", "novembre", "décembre"};
const char* const kEnglishMonths[] = {"January",   "February", "March",    "April",
                                      "May",       "June",     "July",     "August",
                                      "September", "October",  "November", "December"};
const char* const kCities[] = {"Astana", "Bichkek", "Douchanbé", "Tachkent",   "Achgabat",
                               "Pékin",  "Moscou",  "Almaty",    "Samarcande", "Och"};
const char* const kEnglishCities[] = {"Astana",  "Bishkek", "Dushanbe", "Tashkent",  "Ashgabat",
                                      "Beijing", "Moscow",  "Almaty",   "Samarkand", "Osh"};

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> Paragraphs(const std::string& text) {
  std::vector<std::string> out;
  for (absl::string_view p : absl::StrSplit(text, "\n\n", absl::SkipWhitespace())) {
    out.emplace_back(absl::StripAsciiWhitespace(p));
  }
  return out;
}

std::string Escape(const std::string& s) {
  return absl::StrReplaceAll(s, {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}});
}

}  // namespace

BenchCorpus::BenchCorpus(const std::string& root) {
  namespace fs = std::filesystem;
  for (const char* dir : {"samples", "services/extraction/testdata"}) {
    std::error_code error;
    for (const fs::directory_entry& e : fs::directory_iterator(fs::path(root) / dir, error)) {
      const std::string name = e.path().filename().string();
      if (e.path().extension() != ".txt") continue;  // the .html sample is one story in markup
      std::vector<std::string> paragraphs = Paragraphs(ReadFile(e.path()));
      if (paragraphs.size() < 2) continue;
      (name.rfind("en_", 0) == 0 ? english_ : french_).push_back(std::move(paragraphs));
    }
  }
}

BenchDocument BenchCorpus::Make(uint64_t index) const {
  std::mt19937_64 rng(index * 0x9E3779B97F4A7C15ull + 17);
  const bool english = rng() % 4 == 0;
  const auto& fixtures = english ? english_ : french_;
  const size_t target = 2048 + rng() % 3072;
  const int day = 1 + static_cast<int>(rng() % 28);
  const int month = static_cast<int>(rng() % 12);
  const int year = 2019 + static_cast<int>(rng() % 8);
  const int city = static_cast<int>(rng() % 10);

  std::vector<std::string> names(std::begin(kNames), std::end(kNames));
  std::shuffle(names.begin(), names.end(), rng);
  std::vector<std::pair<std::string, std::string>> swaps;
  for (size_t i = 0; i < names.size(); ++i) swaps.emplace_back(kNames[i], names[i]);
  for (int y = 2023; y <= 2026; ++y) {
    swaps.emplace_back(absl::StrCat(y), absl::StrCat(year + (y - 2025) + 1));
  }
  // Places and months permuted per document too: most sentences name one,
  // so two documents rarely share long runs of words.
  // Whole words only: " mai " but not "maintien".
  auto permute = [&](const char* const* words, size_t n) {
    std::vector<size_t> order(n);
    for (size_t i = 0; i < n; ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), rng);
    for (size_t i = 0; i < n; ++i) {
      for (const char* after : {" ", ",", "."}) {
        swaps.emplace_back(absl::StrCat(" ", words[i], after),
                           absl::StrCat(" ", words[order[i]], after));
      }
    }
  };
  permute(kCities, 10);
  permute(kEnglishCities, 10);
  permute(kMonths, 12);
  permute(kEnglishMonths, 12);

  std::string title;
  std::vector<std::string> body;
  body.push_back(english ? absl::StrCat(kEnglishCities[city], ", ", kEnglishMonths[month], " ", day,
                                        ", ", year, " (release no. ", index, ")")
                         : absl::StrCat(kCities[city], ", le ", day, " ", kMonths[month], " ", year,
                                        " (communiqué n° ", index, ")"));
  size_t size = body.back().size();
  // Paragraphs of 2-4 sentences drawn from all the fixtures of the
  // language: two documents share a sentence now and then (as releases of
  // one ministry share phrasing), not whole paragraphs.
  title = absl::StrReplaceAll(fixtures[rng() % fixtures.size()][0], swaps);
  while (size < target) {
    std::string paragraph;
    const int sentences = 2 + static_cast<int>(rng() % 3);
    for (int k = 0; k < sentences; ++k) {
      const auto& fixture = fixtures[rng() % fixtures.size()];
      const std::string& source = fixture[1 + rng() % (fixture.size() - 1)];
      std::vector<absl::string_view> parts = absl::StrSplit(source, ". ", absl::SkipEmpty());
      std::string sentence(parts[rng() % parts.size()]);
      if (!sentence.empty() && sentence.back() != '.' && sentence.back() != ')') sentence += '.';
      if (!paragraph.empty()) paragraph += ' ';
      paragraph += absl::StrReplaceAll(sentence, swaps);
    }
    size += paragraph.size() + 2;
    body.push_back(std::move(paragraph));
  }

  BenchDocument doc;
  const bool html = rng() % 5 == 0;
  doc.uri = absl::StrCat(english ? "en" : "fr", "/release-", index, html ? ".html" : ".txt");
  if (html) {
    doc.content_type = "text/html";
    doc.content = absl::StrCat("<!DOCTYPE html><html lang=\"", english ? "en" : "fr",
                               "\"><head><meta charset=\"utf-8\"><title>", Escape(title),
                               "</title></head><body><nav><a href=\"/\">Accueil</a></nav>"
                               "<article><h1>",
                               Escape(title), "</h1>");
    for (const std::string& p : body) absl::StrAppend(&doc.content, "<p>", Escape(p), "</p>\n");
    absl::StrAppend(&doc.content, "</article><footer>Service de presse</footer></body></html>");
  } else {
    doc.content_type = "text/plain";
    doc.content = title;
    for (const std::string& p : body) absl::StrAppend(&doc.content, "\n\n", p);
    doc.content += "\n";
  }
  return doc;
}

}  // namespace dragoman::bench
