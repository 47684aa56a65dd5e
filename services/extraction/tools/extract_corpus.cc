// dragoman-extract-corpus: runs the extractor over files or directories of
// .txt/.html documents, without any service, and writes the export
// contract's JSON Lines so eval/score.py can grade the rules directly:
//
//   dragoman-extract-corpus --out out.jsonl /work/shared/corpus
//   python3 score.py --gold /work/shared/corpus --export out.jsonl --verbose
//
// Global ids are the entity keys (what the query service does for now);
// events get "<document id>/<local id>".
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <openssl/sha.h>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/gazetteer/gazetteer.h"
#include "common/normalize/normalizer.h"
#include "common/records/contract_json.h"
#include "services/extraction/extractor.h"

ABSL_FLAG(std::string, gazetteer_dir, DRAGOMAN_DEFAULT_GAZETTEER_DIR,
          "directory with the gazetteer data files");
ABSL_FLAG(std::string, out, "-", "JSON Lines output file, - for stdout");
ABSL_FLAG(std::string, dump_text_dir, "",
          "if set, writes each document's clean text there (<file name>.clean.txt)");

namespace {

using dragoman::records::v1::DocumentRecords;
using dragoman::records::v1::Record;

std::string DocumentId(const std::string& bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return "d" + absl::BytesToHexString(
                   absl::string_view(reinterpret_cast<const char*>(digest), 8));
}

void Collect(const std::filesystem::path& path, std::vector<std::filesystem::path>* files) {
  if (std::filesystem::is_directory(path)) {
    std::vector<std::filesystem::path> entries;
    for (const auto& e : std::filesystem::recursive_directory_iterator(path)) {
      const std::string ext = e.path().extension().string();
      if (e.is_regular_file() && (ext == ".txt" || ext == ".html" || ext == ".htm")) {
        entries.push_back(e.path());
      }
    }
    std::sort(entries.begin(), entries.end());
    files->insert(files->end(), entries.begin(), entries.end());
  } else {
    files->push_back(path);
  }
}

// Local ids -> global ids (entity keys), as the query service would.
void Globalize(DocumentRecords* records) {
  std::map<std::string, std::string> global;
  for (auto& e : *records->mutable_entities()) {
    global[e.id()] = e.key();
    e.set_id(e.key());
  }
  auto map = [&](const std::string& id) {
    auto it = global.find(id);
    return it == global.end() ? id : it->second;
  };
  for (auto& ev : *records->mutable_events()) {
    ev.set_id(absl::StrCat(records->document().id(), "/", ev.id()));
    if (ev.has_location()) ev.set_location(map(ev.location()));
    for (auto& p : *ev.mutable_participants()) p.set_entity(map(p.entity()));
  }
  for (auto& o : *records->mutable_offices()) {
    o.set_person(map(o.person()));
    if (o.has_organization()) o.set_organization(map(o.organization()));
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  dragoman::gazetteer::LoadOptions options;
  options.data_dir = absl::GetFlag(FLAGS_gazetteer_dir);
  auto gazetteer = dragoman::gazetteer::Gazetteer::Load(options);
  if (!gazetteer.ok()) {
    std::cerr << "gazetteer: " << gazetteer.status() << "\n";
    return 1;
  }
  auto extractor = dragoman::extraction::Extractor::Create(**gazetteer);
  if (!extractor.ok()) {
    std::cerr << extractor.status() << "\n";
    return 1;
  }
  std::vector<std::filesystem::path> files;
  for (size_t i = 1; i < args.size(); ++i) Collect(args[i], &files);
  if (files.empty()) {
    std::cerr << "usage: dragoman-extract-corpus [--out FILE] FILE_OR_DIR...\n";
    return 2;
  }
  std::ofstream file_out;
  std::ostream* out = &std::cout;
  if (absl::GetFlag(FLAGS_out) != "-") {
    file_out.open(absl::GetFlag(FLAGS_out));
    out = &file_out;
  }
  int failures = 0;
  // Entities are merged across documents by key, as the query service does.
  std::map<std::string, dragoman::records::v1::Entity> entities;
  std::vector<std::string> entity_order;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string bytes = buffer.str();
    auto normalized = dragoman::normalize::Normalize(bytes, "", path.string());
    if (!normalized.ok()) {
      std::cerr << path << ": " << normalized.status() << "\n";
      ++failures;
      continue;
    }
    if (!absl::GetFlag(FLAGS_dump_text_dir).empty()) {
      std::ofstream(std::filesystem::path(absl::GetFlag(FLAGS_dump_text_dir)) /
                    (path.filename().string() + ".clean.txt"))
          << normalized->clean_text;
    }
    dragoman::extraction::ExtractionInput input;
    input.document_id = DocumentId(bytes);
    input.text = normalized->clean_text;
    input.uri = path.string();
    input.published_hint = normalized->published_hint;
    input.language_hint = normalized->language_hint;
    input.title_hint = normalized->title_hint;
    input.source_hint = normalized->source_hint;
    auto records = (*extractor)->Extract(input);
    if (!records.ok()) {
      std::cerr << path << ": " << records.status() << "\n";
      ++failures;
      continue;
    }
    Globalize(&*records);
    Record r;
    *r.mutable_document() = records->document();
    *out << dragoman::records::ToContractJson(r) << "\n";
    for (const auto& e : records->entities()) {
      auto [it, fresh] = entities.emplace(e.id(), e);
      if (fresh) {
        entity_order.push_back(e.id());
        continue;
      }
      for (const auto& m : e.mentions()) *it->second.add_mentions() = m;
      for (const auto& a : e.aliases()) {
        if (std::find(it->second.aliases().begin(), it->second.aliases().end(), a) ==
            it->second.aliases().end()) {
          it->second.add_aliases(a);
        }
      }
    }
    for (const auto& ev : records->events()) {
      Record er;
      *er.mutable_event() = ev;
      *out << dragoman::records::ToContractJson(er) << "\n";
    }
    for (const auto& o : records->offices()) {
      Record orr;
      *orr.mutable_office() = o;
      *out << dragoman::records::ToContractJson(orr) << "\n";
    }
  }
  for (const std::string& id : entity_order) {
    Record r;
    *r.mutable_entity() = entities[id];
    *out << dragoman::records::ToContractJson(r) << "\n";
  }
  return failures == 0 ? 0 : 1;
}
