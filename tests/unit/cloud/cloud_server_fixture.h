// printlink-cloud served in one process for the tests that speak HTTP to it: a fresh database
// in a scratch directory, the real CloudServer on a loopback port and on this thread's GLib
// main loop, and clients that run on a worker thread (run_client) while this thread serves.
// Derived fixtures add their printers and accounts, then call start_server().
#pragma once

#include "cloud/auth/password.h"
#include "cloud/server.h"
#include "cloud/store/user_store.h"
#include "cloud_test_support.h"
#include "http_test_client.h"

#include <glib.h>
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <regex>
#include <string>
#include <thread>
#include <vector>

namespace printlink::cloud::testing {

inline constexpr const char* kFormContent = "Content-Type: application/x-www-form-urlencoded";

class CloudServerTest : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = open_database(dir_ / "cloud.db");
        ASSERT_TRUE(db_);
        loop_ = g_main_loop_new(nullptr, FALSE);
    }
    void TearDown() override {
        server_.reset();
        cloud_.reset();
        g_main_loop_unref(loop_);
    }

    // An account whose password is its name followed by "-pw".
    void add_user(const std::string& name, Role role) {
        ASSERT_TRUE(UserStore(*db_).add(name, role, *hash_password(name + "-pw", 1000), 0).ok());
    }

    // Serves the database with 'settings' on a free loopback port; 'clock' is the cloud's time
    // (none: the real one).
    void start_server(const CloudSettings& settings, CloudContext::Clock clock = {}) {
        cloud_ = std::make_unique<CloudContext>(*db_, settings, std::move(clock));
        server_ = std::make_unique<CloudServer>(*cloud_);
        auto url = server_->listen("127.0.0.1", 0);
        ASSERT_TRUE(url.ok());
        port_ = std::stoi(url->substr(url->rfind(':') + 1));
        cloud_->set_public_url(*url);
    }

    // Runs 'client' on a worker thread while this thread serves; returns when it finished.
    void run_client(std::function<void()> client) {
        std::thread worker([&] {
            client();
            g_main_context_invoke(
                nullptr,
                [](gpointer loop) -> gboolean {
                    g_main_loop_quit(static_cast<GMainLoop*>(loop));
                    return G_SOURCE_REMOVE;
                },
                loop_);
        });
        g_main_loop_run(loop_);
        worker.join();
    }

    HttpReply http(const std::string& method, const std::string& path, const std::string& body = {},
                   const std::vector<std::string>& headers = {}) {
        return http_request(port_, method, path, body, headers);
    }

    // Logs in on the web pages; returns the Cookie header to send.
    std::string login(const std::string& user, const std::string& password) {
        auto r =
            http("POST", "/login", "username=" + user + "&password=" + password, {kFormContent});
        EXPECT_EQ(r.status, 303);
        std::string cookie = r.header("set-cookie");
        return "Cookie: " + cookie.substr(0, cookie.find(';'));
    }

    // The CSRF token of a page's form.
    static std::string csrf_of(const std::string& page) {
        std::smatch m;
        EXPECT_TRUE(std::regex_search(page, m, std::regex("name=\"csrf\" value=\"([0-9a-f]+)\"")));
        return m.size() > 1 ? m[1].str() : std::string();
    }

    ScratchDir dir_;
    std::unique_ptr<Database> db_;
    std::unique_ptr<CloudContext> cloud_;
    std::unique_ptr<CloudServer> server_;
    GMainLoop* loop_ = nullptr;
    int port_ = 0;
};

}  // namespace printlink::cloud::testing
