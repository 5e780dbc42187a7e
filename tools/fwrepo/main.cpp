// printlink-fwrepo: keeps a firmware repository (docs/protocol.md §5). Exit status 0 on
// success, 1 on failure, 2 on a usage error.
#include "keygen.h"
#include "options.h"
#include "publish.h"
#include "verify.h"

#include <cstdio>
#include <string>
#include <vector>

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace

int main(int argc, char** argv) {
    using namespace printlink::fwrepo;
    std::vector<std::string> args(argv + 1, argv + argc);
    auto command = parse_command_line(args);
    if (!command) {
        std::fprintf(stderr, "printlink-fwrepo: %s\n\n%s", command.error().message.c_str(), kUsage);
        return kExitUsage;
    }
    printlink::Status result =
        std::visit(Overloaded{
                       [](const HelpRequested&) -> printlink::Status {
                           std::fputs(kUsage, stdout);
                           return printlink::Ok{};
                       },
                       [](const KeygenOptions& o) { return run_keygen(o); },
                       [](const PublishOptions& o) { return run_publish(o); },
                       [](const VerifyOptions& o) { return run_verify(o); },
                   },
                   *command);
    std::fflush(stdout);
    if (!result) {
        std::fprintf(stderr, "printlink-fwrepo: error: %s\n", result.error().message.c_str());
        return kExitFailure;
    }
    return kExitOk;
}
