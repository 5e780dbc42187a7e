// printlink-cloud: the reference cloud print service (an IPP Infrastructure Printer with a
// management web UI). A thin dispatcher over cli/commands.h.
#include "cloud/cli/commands.h"

#include <cstring>
#include <iostream>
#include <string>
#include <vector>

namespace {

void usage(std::ostream& out) {
    out << "usage:\n"
           "  printlink-cloud serve --db PATH [--listen HOST:PORT] [--public-url URL]\n"
           "                        [--hold-seconds N] [--tls-cert PEM --tls-key PEM]\n"
           "                        [--allow-plain-http]  (needed off loopback without TLS)\n"
           "                        [--device-code-seconds N] [--device-poll-seconds N]\n"
           "  printlink-cloud add-user --db PATH --name NAME --role admin|operator|user\n"
           "                        (reads the password from the first line of standard input)\n"
           "  printlink-cloud set-role --db PATH --name NAME --role admin|operator|user\n"
           "  printlink-cloud add-printer --db PATH --name NAME --model MODEL [--public-url URL]\n"
           "  printlink-cloud revoke-printer-token --db PATH --printer-id N\n";
}

}  // namespace

int main(int argc, char** argv) {
    using namespace printlink::cloud;
    if (argc < 2) {
        usage(std::cerr);
        return kExitUsage;
    }
    const std::string command = argv[1];
    const std::vector<std::string> args(argv + 2, argv + argc);
    if (command == "serve") return run_serve(args);
    if (command == "add-user") return run_add_user(args);
    if (command == "set-role") return run_set_role(args);
    if (command == "add-printer") return run_add_printer(args);
    if (command == "revoke-printer-token") return run_revoke_printer_token(args);
    if (command == "--help" || command == "-h" || command == "help") {
        usage(std::cout);
        return kExitOk;
    }
    if (command == "--version") {
        std::cout << "printlink-cloud " << PRINTLINK_VERSION << "\n";
        return kExitOk;
    }
    std::cerr << "printlink-cloud: unknown command '" << command << "'\n";
    usage(std::cerr);
    return kExitUsage;
}
