// printlink-fwrepo's command line: one struct per subcommand, parsed without side effects.
#pragma once

#include "common/error.h"

#include <string>
#include <variant>
#include <vector>

namespace printlink::fwrepo {

struct KeygenOptions {
    std::string out_dir;
};

struct PublishOptions {
    std::string image_path;
    std::string repo_dir;
    std::string key_path;
    std::string component;
    std::string version;
    std::vector<std::string> models;
    std::string notes;
    std::string severity = "normal";
    bool allow_downgrade = false;
};

struct VerifyOptions {
    std::string repo_dir;
    std::string pubkey_path;
};

struct HelpRequested {};

using Command = std::variant<HelpRequested, KeygenOptions, PublishOptions, VerifyOptions>;

// Error (InvalidArgument) with a message for the user when the arguments are not usable.
[[nodiscard]] Result<Command> parse_command_line(const std::vector<std::string>& args);

extern const char* const kUsage;

}  // namespace printlink::fwrepo
