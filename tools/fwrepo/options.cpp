#include "options.h"

#include "common/component_name.h"
#include "common/version.h"

#include <functional>
#include <map>

namespace printlink::fwrepo {

const char* const kUsage =
    "Usage:\n"
    "  printlink-fwrepo keygen --out DIR\n"
    "  printlink-fwrepo publish IMAGE --repo DIR --key PRIVATE.pem --name COMPONENT --version V\n"
    "                   --model M [--model M2 ...] [--notes TEXT]\n"
    "                   [--severity normal|security|critical] [--allow-downgrade]\n"
    "  printlink-fwrepo verify --repo DIR --pubkey PUBLIC.pem\n"
    "\n"
    "keygen writes DIR/catalog-key.pem (private, 0600) and DIR/catalog-key.pub.pem.\n"
    "publish copies IMAGE to DIR/images/<COMPONENT>-<V>.bin, adds or replaces its catalog entry\n"
    "and re-signs DIR/catalog.json (an existing catalog must verify with the key first).\n"
    "verify checks DIR/catalog.json.sig and the size and SHA-256 of every image.\n"
    "Exit status: 0 success, 1 failure, 2 usage error.\n";

namespace {

Error usage(const std::string& message) {
    return make_error(ErrorCode::InvalidArgument, message);
}

// Walks "--name value" pairs and positional arguments; every option takes one value except
// the flags listed in 'flags'.
class ArgWalker {
  public:
    using ValueHandler = std::function<std::optional<Error>(const std::string&)>;

    void value(const std::string& name, ValueHandler handler) {
        values_[name] = std::move(handler);
    }
    void flag(const std::string& name, std::function<void()> handler) {
        flags_[name] = std::move(handler);
    }
    void positional(ValueHandler handler) { positional_ = std::move(handler); }

    std::optional<Error> run(const std::vector<std::string>& args, std::size_t first) {
        for (std::size_t i = first; i < args.size(); ++i) {
            const std::string& arg = args[i];
            std::string name = arg;
            std::optional<std::string> inline_value;
            if (arg.rfind("--", 0) == 0) {
                if (auto eq = arg.find('='); eq != std::string::npos) {
                    name = arg.substr(0, eq);
                    inline_value = arg.substr(eq + 1);
                }
                if (auto f = flags_.find(name); f != flags_.end() && !inline_value) {
                    f->second();
                    continue;
                }
                auto v = values_.find(name);
                if (v == values_.end()) return usage("unknown option '" + name + "'");
                if (!inline_value) {
                    if (i + 1 >= args.size()) return usage("option '" + name + "' needs a value");
                    inline_value = args[++i];
                }
                if (auto e = v->second(*inline_value)) return e;
                continue;
            }
            if (!positional_) return usage("unexpected argument '" + arg + "'");
            if (auto e = positional_(arg)) return e;
        }
        return std::nullopt;
    }

  private:
    std::map<std::string, ValueHandler> values_;
    std::map<std::string, std::function<void()>> flags_;
    ValueHandler positional_;
};

ArgWalker::ValueHandler store(std::string& target, const char* option) {
    return [&target, option](const std::string& v) -> std::optional<Error> {
        if (!target.empty()) return usage(std::string("option '") + option + "' given twice");
        if (v.empty()) return usage(std::string("option '") + option + "' needs a non-empty value");
        target = v;
        return std::nullopt;
    };
}

Result<Command> parse_keygen(const std::vector<std::string>& args) {
    KeygenOptions o;
    ArgWalker walker;
    walker.value("--out", store(o.out_dir, "--out"));
    if (auto e = walker.run(args, 1)) return *e;
    if (o.out_dir.empty()) return usage("keygen needs --out DIR");
    return Command(o);
}

Result<Command> parse_publish(const std::vector<std::string>& args) {
    PublishOptions o;
    ArgWalker walker;
    walker.positional([&o](const std::string& v) -> std::optional<Error> {
        if (!o.image_path.empty())
            return usage("publish takes one IMAGE, got '" + o.image_path + "' and '" + v + "'");
        o.image_path = v;
        return std::nullopt;
    });
    walker.value("--repo", store(o.repo_dir, "--repo"));
    walker.value("--key", store(o.key_path, "--key"));
    walker.value("--name", store(o.component, "--name"));
    walker.value("--version", store(o.version, "--version"));
    walker.value("--notes", [&o](const std::string& v) -> std::optional<Error> {
        o.notes = v;
        return std::nullopt;
    });
    walker.value("--model", [&o](const std::string& v) -> std::optional<Error> {
        if (v.empty()) return usage("--model needs a non-empty value");
        o.models.push_back(v);
        return std::nullopt;
    });
    walker.value("--severity", [&o](const std::string& v) -> std::optional<Error> {
        if (v != "normal" && v != "security" && v != "critical")
            return usage("--severity must be normal, security or critical, not '" + v + "'");
        o.severity = v;
        return std::nullopt;
    });
    walker.flag("--allow-downgrade", [&o] { o.allow_downgrade = true; });
    if (auto e = walker.run(args, 1)) return *e;

    if (o.image_path.empty()) return usage("publish needs an IMAGE file");
    if (o.repo_dir.empty()) return usage("publish needs --repo DIR");
    if (o.key_path.empty()) return usage("publish needs --key PRIVATE.pem");
    if (o.component.empty()) return usage("publish needs --name COMPONENT");
    if (o.version.empty()) return usage("publish needs --version V");
    if (o.models.empty()) return usage("publish needs at least one --model M");
    if (!is_valid_component_name(o.component))
        return usage("--name '" + o.component +
                     "' is not a component name (letters, digits, '.', '_', '-')");
    if (!Version::parse(o.version))
        return usage("--version '" + o.version + "' is not a dotted numeric version such as 83.00");
    return Command(o);
}

Result<Command> parse_verify(const std::vector<std::string>& args) {
    VerifyOptions o;
    ArgWalker walker;
    walker.value("--repo", store(o.repo_dir, "--repo"));
    walker.value("--pubkey", store(o.pubkey_path, "--pubkey"));
    if (auto e = walker.run(args, 1)) return *e;
    if (o.repo_dir.empty()) return usage("verify needs --repo DIR");
    if (o.pubkey_path.empty()) return usage("verify needs --pubkey PUBLIC.pem");
    return Command(o);
}

}  // namespace

Result<Command> parse_command_line(const std::vector<std::string>& args) {
    if (args.empty()) return usage("no command given");
    const std::string& command = args[0];
    for (const std::string& arg : args) {
        if (arg == "--help" || arg == "-h") return Command(HelpRequested{});
    }
    if (command == "help") return Command(HelpRequested{});
    if (command == "keygen") return parse_keygen(args);
    if (command == "publish") return parse_publish(args);
    if (command == "verify") return parse_verify(args);
    return usage("unknown command '" + command + "'");
}

}  // namespace printlink::fwrepo
