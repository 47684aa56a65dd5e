#ifndef DRAGOMAN_CLI_COMMANDS_H_
#define DRAGOMAN_CLI_COMMANDS_H_

#include <string>
#include <vector>

namespace dragoman::cli {

// `dragoman ARGS...` without the program name: dispatches to a subcommand
// and returns the process exit status (0 ok, 1 failed, 2 usage error).
int RunCli(const std::vector<std::string>& args);

}  // namespace dragoman::cli

#endif  // DRAGOMAN_CLI_COMMANDS_H_
