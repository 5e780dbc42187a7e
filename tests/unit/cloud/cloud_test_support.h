// Shared helpers for the cloud's unit tests: a scratch directory with a fresh database, a
// fixed clock, and an example Identify-Printer request.
#pragma once

#include "cloud/store/database.h"
#include "cloud/store/identify_request_store.h"

#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace printlink::cloud::testing {

// A scratch directory under $TMPDIR (or /tmp), removed with its content at scope end.
class ScratchDir {
  public:
    ScratchDir() {
        const char* base = std::getenv("TMPDIR");
        std::string tmpl =
            std::string(base && *base ? base : "/tmp") + "/printlink-cloud-test-XXXXXX";
        if (mkdtemp(tmpl.data())) path_ = tmpl;
    }
    ~ScratchDir() {
        std::error_code ignored;
        if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    std::string operator/(const std::string& name) const { return path_ + "/" + name; }

  private:
    std::string path_;
};

inline std::unique_ptr<Database> open_database(const std::string& path) {
    auto db = Database::open(path);
    EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.error().message);
    return db.ok() ? std::move(*db) : nullptr;
}

// 2026-11-24T20:00:00Z, the catalog example's date.
inline constexpr std::int64_t kTestNow = 1795550400;

// carol's Identify-Printer request for 'printer' (device urn:uuid:device), made at kTestNow.
inline IdentifyRequest identify_request_for(std::int64_t printer, std::vector<std::string> actions,
                                            const std::string& message = "") {
    IdentifyRequest r;
    r.printer_id = printer;
    r.actions = std::move(actions);
    r.message = message;
    r.requested_by = "carol";
    r.output_device_uuid = "urn:uuid:device";
    r.requested_at = kTestNow;
    return r;
}

}  // namespace printlink::cloud::testing
