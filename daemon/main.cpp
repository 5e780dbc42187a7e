// printlinkd: the printlink device agent. Options, signals and the GLib main loop; everything
// else is the core in daemon/ (agent.h).
#include "common/config.h"
#include "common/log.h"
#include "daemon/agent.h"

#include <glib-unix.h>
#include <glib.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

namespace {

constexpr const char* kLog = "printlinkd";

struct Options {
    std::string config_path = printlink::kDefaultConfigPath;
    bool version = false;
};

void usage(std::FILE* to) {
    std::fprintf(to,
                 "Usage: printlinkd [--config PATH] [--version]\n"
                 "  --config PATH  configuration file (default %s)\n"
                 "  --version      print the version and exit\n",
                 printlink::kDefaultConfigPath);
}

// nullopt = bad usage (already reported).
std::optional<Options> parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--version") {
            options.version = true;
        } else if (arg == "--config" && i + 1 < argc) {
            options.config_path = argv[++i];
        } else if (arg.rfind("--config=", 0) == 0) {
            options.config_path = arg.substr(std::strlen("--config="));
        } else if (arg == "--help" || arg == "-h") {
            usage(stdout);
            std::exit(0);
        } else {
            std::fprintf(stderr, "printlinkd: unknown or incomplete option '%s'\n", arg.c_str());
            usage(stderr);
            return std::nullopt;
        }
    }
    return options;
}

gboolean quit_on_signal(gpointer loop) {
    printlink::log::notice(kLog, "stopping on signal");
    g_main_loop_quit(static_cast<GMainLoop*>(loop));
    return G_SOURCE_CONTINUE;
}

}  // namespace

int main(int argc, char** argv) {
    auto options = parse_options(argc, argv);
    if (!options) return 2;
    if (options->version) {
        std::printf("printlinkd %s\n", PRINTLINK_VERSION);
        return 0;
    }
    // libcups writes to sockets the peer may have closed; that must be an error, not death.
    std::signal(SIGPIPE, SIG_IGN);

    auto config = printlink::load_config(options->config_path);
    if (!config) {
        printlink::log::error(kLog, config.error().message);
        return 1;
    }

    GMainLoop* loop = g_main_loop_new(nullptr, FALSE);
    int exit_code = 0;
    {
        printlink::daemon::Agent agent(*config, nullptr, [&](const std::string& why) {
            printlink::log::error(kLog, why);
            exit_code = 1;
            g_main_loop_quit(loop);
        });
        if (auto started = agent.start(); !started) {
            printlink::log::error(kLog, started.error().message);
            g_main_loop_unref(loop);
            return 1;
        }
        g_unix_signal_add(SIGTERM, quit_on_signal, loop);
        g_unix_signal_add(SIGINT, quit_on_signal, loop);
        // Logged from the loop itself: the name is owned and requests are being served.
        g_idle_add_once([](gpointer) { printlink::log::notice(kLog, "started"); }, nullptr);

        g_main_loop_run(loop);
        agent.stop();
    }
    g_main_loop_unref(loop);
    printlink::log::notice(kLog, "stopped");
    return exit_code;
}
