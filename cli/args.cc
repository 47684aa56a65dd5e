#include "cli/args.h"

#include <algorithm>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace dragoman::cli {
namespace {

const FlagSpec* FindSpec(const std::vector<FlagSpec>& specs, absl::string_view name) {
  const std::string wanted = absl::StrReplaceAll(name, {{"_", "-"}});
  for (const FlagSpec& s : specs) {
    if (s.name == wanted) return &s;
  }
  return nullptr;
}

}  // namespace

std::string ParsedArgs::Get(absl::string_view name) const {
  auto it = values_.find(name);
  if (it != values_.end() && !it->second.empty()) return it->second.back();
  auto d = defaults_.find(name);
  return d == defaults_.end() ? std::string() : d->second;
}

std::vector<std::string> ParsedArgs::GetAll(absl::string_view name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>() : it->second;
}

bool ParsedArgs::Has(absl::string_view name) const { return values_.find(name) != values_.end(); }

absl::StatusOr<ParsedArgs> ParseArgs(const std::vector<std::string>& args,
                                     const std::vector<FlagSpec>& specs) {
  ParsedArgs parsed;
  for (const FlagSpec& s : specs) parsed.defaults_[s.name] = s.default_value;
  bool flags_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (flags_done || arg.size() < 2 || arg[0] != '-' || arg == "-") {
      parsed.positionals_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_done = true;
      continue;
    }
    absl::string_view body = arg;
    body.remove_prefix(arg[1] == '-' ? 2 : 1);
    absl::string_view name = body;
    std::optional<std::string> inline_value;
    if (size_t eq = body.find('='); eq != absl::string_view::npos) {
      name = body.substr(0, eq);
      inline_value = std::string(body.substr(eq + 1));
    }
    const FlagSpec* spec = FindSpec(specs, name);
    if (spec == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name));
    }
    std::string value;
    if (spec->kind == FlagSpec::Kind::kBool) {
      value = inline_value.value_or("true");
      if (value != "true" && value != "false") {
        return absl::InvalidArgumentError(
            absl::StrCat("--", spec->name, " takes true or false, not \"", value, "\""));
      }
    } else if (inline_value.has_value()) {
      value = *inline_value;
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return absl::InvalidArgumentError(absl::StrCat("--", spec->name, " needs a value"));
    }
    parsed.values_[spec->name].push_back(std::move(value));
  }
  return parsed;
}

absl::StatusOr<int> GetPort(const ParsedArgs& args, absl::string_view name) {
  const std::string text = args.Get(name);
  int port = 0;
  if (!absl::SimpleAtoi(text, &port) || port < 1 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", name, " must be a port number (1-65535), not \"", text, "\""));
  }
  return port;
}

std::string FormatUsage(absl::string_view synopsis, absl::string_view description,
                        const std::vector<FlagSpec>& specs) {
  std::string out = absl::StrCat("usage: ", synopsis, "\n\n", description, "\n");
  if (specs.empty()) return out;
  out += "\nflags:\n";
  std::vector<std::string> heads;
  size_t width = 0;
  for (const FlagSpec& s : specs) {
    std::string head = absl::StrCat("  --", s.name);
    if (s.kind != FlagSpec::Kind::kBool) absl::StrAppend(&head, " ", s.value_name);
    width = std::max(width, head.size());
    heads.push_back(std::move(head));
  }
  for (size_t i = 0; i < specs.size(); ++i) {
    absl::StrAppend(&out, heads[i], std::string(width - heads[i].size() + 2, ' '), specs[i].help);
    if (!specs[i].default_value.empty()) {
      absl::StrAppend(&out, " (default ", specs[i].default_value, ")");
    }
    if (specs[i].kind == FlagSpec::Kind::kList) out += " (repeatable)";
    out += "\n";
  }
  return out;
}

}  // namespace dragoman::cli
