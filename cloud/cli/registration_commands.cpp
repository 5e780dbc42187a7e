// printlink-cloud revoke-printer-token: cuts a printer's device off at once, straight in the
// database; a running server notices within a second and ends the device's held requests.
#include "cloud/cli/commands.h"
#include "cloud/cli/options.h"
#include "cloud/registration/token_revocation.h"
#include "cloud/store/database.h"

#include <charconv>
#include <ctime>
#include <iostream>

namespace printlink::cloud {

int run_revoke_printer_token(const std::vector<std::string>& args) {
    const char* command = "printlink-cloud revoke-printer-token: ";
    auto options = Options::parse(args, {"db", "printer-id"});
    if (!options) {
        std::cerr << command << options.error().message << "\n";
        return kExitUsage;
    }
    auto path = options->required("db");
    auto id_text = options->required("printer-id");
    if (!path || !id_text) {
        std::cerr << command << (!path ? path.error() : id_text.error()).message << "\n";
        return kExitUsage;
    }
    std::int64_t printer_id = 0;
    auto [end, ec] =
        std::from_chars(id_text->data(), id_text->data() + id_text->size(), printer_id);
    if (ec != std::errc() || end != id_text->data() + id_text->size() || printer_id < 1) {
        std::cerr << command << "--printer-id takes a printer id (a positive number)\n";
        return kExitUsage;
    }
    auto db = Database::open(*path);
    if (!db) {
        std::cerr << command << db.error().message << "\n";
        return kExitFailure;
    }
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    if (auto s = revoke_printer_credentials(**db, printer_id, now); !s) {
        std::cerr << command << s.error().message << "\n";
        return kExitFailure;
    }
    std::cout << "printer-id=" << printer_id << "\nrevoked=yes\n";
    return kExitOk;
}

}  // namespace printlink::cloud
