#include "cloud/cli/options.h"

namespace printlink::cloud {

Result<Options> Options::parse(const std::vector<std::string>& args,
                               const std::set<std::string>& known,
                               const std::set<std::string>& flags) {
    Options options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg.rfind("--", 0) != 0 || arg.size() == 2) {
            return make_error(ErrorCode::InvalidArgument, "unexpected argument '" + arg + "'");
        }
        std::string name = arg.substr(2);
        std::string value;
        if (flags.count(name)) {
            options.values_[name] = "";
            continue;
        }
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            if (flags.count(name))
                return make_error(ErrorCode::InvalidArgument, "--" + name + " takes no value");
        } else {
            if (i + 1 >= args.size())
                return make_error(ErrorCode::InvalidArgument, "--" + name + " needs a value");
            value = args[++i];
        }
        if (!known.count(name))
            return make_error(ErrorCode::InvalidArgument, "unknown option --" + name);
        options.values_[name] = value;
    }
    return options;
}

std::optional<std::string> Options::get(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

Result<std::string> Options::required(const std::string& name) const {
    auto value = get(name);
    if (!value || value->empty())
        return make_error(ErrorCode::InvalidArgument, "--" + name + " is required");
    return *value;
}

}  // namespace printlink::cloud
