// printlink-cloud's subcommands. Each takes the arguments after its name and returns the
// process exit status: 0 success, 1 failure, 2 bad usage.
#pragma once

#include <string>
#include <vector>

namespace printlink::cloud {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// serve --db PATH [--listen HOST:PORT] [--public-url URL] [--hold-seconds N]
//       [--tls-cert PEM --tls-key PEM] [--allow-plain-http]
//       [--device-code-seconds N] [--device-poll-seconds N]
int run_serve(const std::vector<std::string>& args);
// add-user --db PATH --name NAME --role admin|operator|user   (password: first line of stdin)
int run_add_user(const std::vector<std::string>& args);
// set-role --db PATH --name NAME --role admin|operator|user
int run_set_role(const std::vector<std::string>& args);
// add-printer --db PATH --name NAME --model MODEL [--public-url URL]
int run_add_printer(const std::vector<std::string>& args);
// revoke-printer-token --db PATH --printer-id N   (cloud/cli/registration_commands.cpp)
int run_revoke_printer_token(const std::vector<std::string>& args);

}  // namespace printlink::cloud
