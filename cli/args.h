#ifndef DRAGOMAN_CLI_ARGS_H_
#define DRAGOMAN_CLI_ARGS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dragoman::cli {

// One flag a subcommand accepts. Subcommands each have their own flags, so
// the process-wide absl flags registry does not fit; this is the small
// parser they share.
struct FlagSpec {
  enum class Kind { kValue, kBool, kList };
  std::string name;  // without dashes, e.g. "base-port"
  Kind kind = Kind::kValue;
  std::string value_name;  // shown in help, e.g. "DIR"
  std::string help;
  std::string default_value;
};

// The result of parsing one subcommand's arguments.
class ParsedArgs {
 public:
  // Last value given, or the flag's default.
  std::string Get(absl::string_view name) const;
  // Every value given for a kList (or repeated kValue) flag, in order.
  std::vector<std::string> GetAll(absl::string_view name) const;
  // A kBool flag's value: false unless given (bare or "=true").
  bool GetBool(absl::string_view name) const { return Get(name) == "true"; }
  // True when the flag appeared on the command line.
  bool Has(absl::string_view name) const;
  const std::vector<std::string>& positionals() const { return positionals_; }

 private:
  friend absl::StatusOr<ParsedArgs> ParseArgs(const std::vector<std::string>&,
                                              const std::vector<FlagSpec>&);
  std::map<std::string, std::vector<std::string>, std::less<>> values_;
  std::map<std::string, std::string, std::less<>> defaults_;
  std::vector<std::string> positionals_;
};

// Accepts "--name value", "--name=value", bare "--name" for kBool, "--" to
// end flags, and "_" in place of "-" in names (so --base_port works as
// the servers' absl spelling does). Unknown flags and missing values are
// InvalidArgument errors naming the flag.
absl::StatusOr<ParsedArgs> ParseArgs(const std::vector<std::string>& args,
                                     const std::vector<FlagSpec>& specs);

// "--name" fetched as a port-like integer in [1, 65535].
absl::StatusOr<int> GetPort(const ParsedArgs& args, absl::string_view name);

// Usage text: synopsis line, description, then one line per flag.
std::string FormatUsage(absl::string_view synopsis, absl::string_view description,
                        const std::vector<FlagSpec>& specs);

}  // namespace dragoman::cli

#endif  // DRAGOMAN_CLI_ARGS_H_
