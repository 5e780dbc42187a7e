// printlink-cloud serve: open the database, listen, run the main loop until SIGTERM/SIGINT.
#include "cloud/cli/commands.h"
#include "cloud/cli/listen_address.h"
#include "cloud/cli/options.h"
#include "cloud/cli/transport_policy.h"
#include "cloud/cloud_context.h"
#include "cloud/server.h"
#include "cloud/store/settings_store.h"
#include "cloud/store/spool_recovery.h"
#include "common/log.h"

#include <glib-unix.h>

#include <charconv>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <iostream>

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud";

std::optional<std::int64_t> parse_seconds(const std::string& text) {
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > 3600)
        return std::nullopt;
    return value;
}

// printer-up-time counts from the first start ever, kept in the database.
Result<std::int64_t> first_start(SettingsStore& settings, std::int64_t now) {
    auto stored = settings.get(kSettingFirstStart);
    if (!stored) return stored.error();
    if (*stored) {
        std::int64_t value = 0;
        auto [end, ec] =
            std::from_chars((*stored)->data(), (*stored)->data() + (*stored)->size(), value);
        if (ec == std::errc() && value > 0 && value <= now) return value;
    }
    if (auto s = settings.set(kSettingFirstStart, std::to_string(now)); !s) return s.error();
    return now;
}

}  // namespace

int run_serve(const std::vector<std::string>& args) {
    // Logs must reach a test harness even when the process is killed.
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    std::setvbuf(stderr, nullptr, _IOLBF, 0);

    auto options = Options::parse(args,
                                  {"db", "listen", "public-url", "hold-seconds", "tls-cert",
                                   "tls-key", "device-code-seconds", "device-poll-seconds"},
                                  {"allow-plain-http"});
    if (!options) {
        std::cerr << "printlink-cloud serve: " << options.error().message << "\n";
        return kExitUsage;
    }
    auto db_path = options->required("db");
    if (!db_path) {
        std::cerr << "printlink-cloud serve: " << db_path.error().message << "\n";
        return kExitUsage;
    }
    auto listen = parse_listen_address(options->get("listen").value_or("127.0.0.1:8631"));
    if (!listen) {
        std::cerr << "printlink-cloud serve: --listen takes HOST:PORT, e.g. 127.0.0.1:8631\n";
        return kExitUsage;
    }
    const auto tls_cert = options->get("tls-cert");
    const auto tls_key = options->get("tls-key");
    if (tls_cert.has_value() != tls_key.has_value() || (tls_cert && tls_cert->empty()) ||
        (tls_key && tls_key->empty())) {
        std::cerr << "printlink-cloud serve: --tls-cert and --tls-key go together (PEM files)\n";
        return kExitUsage;
    }
    if (auto s = check_plain_http_allowed(*listen, tls_cert.has_value(),
                                          options->has_flag("allow-plain-http"));
        !s) {
        std::cerr << "printlink-cloud serve: " << s.error().message << "\n";
        return kExitUsage;
    }
    CloudSettings settings;
    if (auto hold = options->get("hold-seconds")) {
        auto seconds = parse_seconds(*hold);
        if (!seconds) {
            std::cerr << "printlink-cloud serve: --hold-seconds takes 1 to 3600\n";
            return kExitUsage;
        }
        settings.hold_seconds = *seconds;
    }
    // RFC 8628 timings of the device authorization grant; short ones are for tests.
    for (auto [name, target] : {std::pair{"device-code-seconds", &settings.device_code_seconds},
                                std::pair{"device-poll-seconds", &settings.device_poll_seconds}}) {
        if (auto text = options->get(name)) {
            auto seconds = parse_seconds(*text);
            if (!seconds) {
                std::cerr << "printlink-cloud serve: --" << name << " takes 1 to 3600\n";
                return kExitUsage;
            }
            *target = *seconds;
        }
    }
    std::optional<std::string> public_url;
    if (auto url = options->get("public-url")) {
        public_url = normalize_public_url(*url);
        if (!public_url) {
            std::cerr << "printlink-cloud serve: --public-url must be an http:// or https:// URL\n";
            return kExitUsage;
        }
    }

    auto db = Database::open(*db_path);
    if (!db) {
        log::error(kLog, db.error().message);
        return kExitFailure;
    }
    SettingsStore stored_settings(**db);
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    auto started = first_start(stored_settings, now);
    if (!started) {
        log::error(kLog, started.error().message);
        return kExitFailure;
    }
    settings.first_start = *started;
    // What a crash left half-way in the spool goes before the first request can see it.
    if (auto recovered = recover_document_spool(**db); !recovered) {
        log::error(kLog, recovered.error().message);
        return kExitFailure;
    }
    GMainLoop* loop = g_main_loop_new(nullptr, FALSE);
    {
        CloudContext cloud(**db, settings);
        CloudServer server(cloud);
        if (tls_cert) {
            if (auto s = server.use_tls_certificate(*tls_cert, *tls_key); !s) {
                log::error(kLog, s.error().message);
                g_main_loop_unref(loop);
                return kExitFailure;
            }
        }
        auto url = server.listen(listen->host, listen->port);
        if (!url) {
            log::error(kLog, url.error().message);
            g_main_loop_unref(loop);
            return kExitFailure;
        }
        // Without --public-url the cloud is reached where it listens (the bound port, if 0;
        // https:// when it serves TLS).
        cloud.set_public_url(public_url.value_or(*url));
        if (auto s = stored_settings.set(kSettingPublicUrl, cloud.settings().public_url); !s) {
            log::warning(kLog, "cannot remember the public URL: " + s.error().message);
        }
        auto quit = [](gpointer l) -> gboolean {
            g_main_loop_quit(static_cast<GMainLoop*>(l));
            return G_SOURCE_REMOVE;
        };
        g_unix_signal_add(SIGTERM, quit, loop);
        g_unix_signal_add(SIGINT, quit, loop);

        std::cout << "printlink-cloud: listening on " << *url << std::endl;
        log::notice(kLog, "listening on " + *url + ", public URL " + cloud.settings().public_url +
                              ", Get-Notifications held up to " +
                              std::to_string(settings.hold_seconds) + " s");
        g_main_loop_run(loop);
        log::notice(kLog, "stopping");
        server.stop();
    }
    g_main_loop_unref(loop);
    log::notice(kLog, "stopped");
    return kExitOk;
}

}  // namespace printlink::cloud
