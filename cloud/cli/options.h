// Command-line options of the form "--name value" or "--name=value", checked against the
// names a subcommand accepts.
#pragma once

#include "common/error.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace printlink::cloud {

class Options {
  public:
    // Refuses unknown names, a missing value and positional arguments. Names in 'flags'
    // take no value ("--allow-plain-http"); giving one ("--flag=x") is refused.
    [[nodiscard]] static Result<Options> parse(const std::vector<std::string>& args,
                                               const std::set<std::string>& known,
                                               const std::set<std::string>& flags = {});

    std::optional<std::string> get(const std::string& name) const;
    // Whether the flag 'name' was given.
    bool has_flag(const std::string& name) const { return values_.count(name) > 0; }
    // ErrorCode::InvalidArgument naming the option when it is absent or empty.
    [[nodiscard]] Result<std::string> required(const std::string& name) const;

  private:
    std::map<std::string, std::string> values_;
};

}  // namespace printlink::cloud
