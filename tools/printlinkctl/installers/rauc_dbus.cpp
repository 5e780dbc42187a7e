#include "tools/printlinkctl/installers/rauc_dbus.h"

#include "tools/printlinkctl/bus_events.h"

#include <sdbus-c++/sdbus-c++.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

namespace printlink::ctl {
namespace {

constexpr const char* kBusName = "de.pengutronix.rauc";
constexpr const char* kObjectPath = "/";
constexpr const char* kInstaller = "de.pengutronix.rauc.Installer";
constexpr const char* kProperties = "org.freedesktop.DBus.Properties";

Error rauc_error(const sdbus::Error& e) {
    std::string message = e.getMessage().empty() ? e.getName() : e.getMessage();
    if (e.getName() == "org.freedesktop.DBus.Error.ServiceUnknown" ||
        e.getName() == "org.freedesktop.DBus.Error.NameHasNoOwner")
        message = "the RAUC service is not running (" + e.getName() + ")";
    return make_error(ErrorCode::Network, "RAUC: " + message);
}

std::string text_of(const std::map<std::string, sdbus::Variant>& fields, const char* key) {
    auto it = fields.find(key);
    if (it == fields.end() || it->second.peekValueType() != "s") return "";
    return it->second.get<std::string>();
}

class RaucDbus final : public RaucService {
  public:
    RaucDbus(std::unique_ptr<sdbus::IConnection> connection)
        : connection_(std::move(connection)),
          proxy_(sdbus::createProxy(*connection_, kBusName, kObjectPath)) {
        proxy_->uponSignal("Completed").onInterface(kInstaller).call([this](int32_t result) {
            if (events_.completed) events_.completed(result);
        });
        proxy_->uponSignal("PropertiesChanged")
            .onInterface(kProperties)
            .call([this](const std::string& interface,
                         const std::map<std::string, sdbus::Variant>& changed,
                         const std::vector<std::string>&) {
                if (interface != kInstaller || !events_.progress) return;
                auto it = changed.find("Progress");
                if (it == changed.end() || it->second.peekValueType() != "(isi)") return;
                auto p = it->second.get<sdbus::Struct<int32_t, std::string, int32_t>>();
                events_.progress(p.get<0>(), p.get<1>(), p.get<2>());
            });
        proxy_->finishRegistration();
    }

    void set_events(Events events) override { events_ = std::move(events); }

    Status install_bundle(const std::string& path) override {
        try {
            proxy_->callMethod("InstallBundle")
                .onInterface(kInstaller)
                .withArguments(path, std::map<std::string, sdbus::Variant>{});
            return Ok{};
        } catch (const sdbus::Error& e) {
            return rauc_error(e);
        }
    }

    Status process_events(int timeout_ms) override {
        try {
            return process_bus_events(*connection_, timeout_ms);
        } catch (const sdbus::Error& e) {
            return rauc_error(e);
        }
    }

    Result<std::string> last_error() override { return string_property("LastError"); }
    Result<std::string> boot_slot() override { return string_property("BootSlot"); }

    Result<std::vector<RaucSlot>> slot_status() override {
        try {
            std::vector<sdbus::Struct<std::string, std::map<std::string, sdbus::Variant>>> raw;
            proxy_->callMethod("GetSlotStatus").onInterface(kInstaller).storeResultsTo(raw);
            std::vector<RaucSlot> slots;
            for (const auto& entry : raw) {
                const auto& fields = entry.get<1>();
                slots.push_back({entry.get<0>(), text_of(fields, "bootname"),
                                 text_of(fields, "state"), text_of(fields, "bundle.version"),
                                 text_of(fields, "installed.timestamp")});
            }
            return slots;
        } catch (const sdbus::Error& e) {
            return rauc_error(e);
        }
    }

    Result<std::string> mark(const std::string& state, const std::string& slot) override {
        try {
            std::string slot_name, message;
            proxy_->callMethod("Mark")
                .onInterface(kInstaller)
                .withArguments(state, slot)
                .storeResultsTo(slot_name, message);
            return message;
        } catch (const sdbus::Error& e) {
            return rauc_error(e);
        }
    }

  private:
    Result<std::string> string_property(const char* name) {
        try {
            return proxy_->getProperty(name).onInterface(kInstaller).get<std::string>();
        } catch (const sdbus::Error& e) {
            return rauc_error(e);
        }
    }

    Events events_;
    // The proxy only references the connection: declared after it, it is destroyed first.
    std::unique_ptr<sdbus::IConnection> connection_;
    std::unique_ptr<sdbus::IProxy> proxy_;
};

}  // namespace

Result<std::unique_ptr<RaucService>> connect_rauc() {
    try {
        return std::unique_ptr<RaucService>(
            std::make_unique<RaucDbus>(sdbus::createSystemBusConnection()));
    } catch (const sdbus::Error& e) {
        return rauc_error(e);
    }
}

}  // namespace printlink::ctl
