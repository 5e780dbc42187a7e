#include "tools/printlinkctl/agent_client.h"

#include "dbus/agent1-proxy.h"
#include "tools/printlinkctl/bus_events.h"
#include "tools/printlinkctl/i18n.h"

#include <sdbus-c++/sdbus-c++.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

namespace printlink::ctl {
namespace {

constexpr const char* kBusName = "org.printlink.Agent1";
constexpr const char* kObjectPath = "/org/printlink/Agent1";
constexpr const char* kErrorPrefix = "org.printlink.Error.";

ErrorCode code_of(const std::string& dbus_name) {
    static const std::map<std::string, ErrorCode> codes = {
        {"InvalidArgument", ErrorCode::InvalidArgument},
        {"InvalidState", ErrorCode::InvalidState},
        {"NotAuthorized", ErrorCode::NotAuthorized},
        {"NotFound", ErrorCode::NotFound},
        {"Network", ErrorCode::Network},
        {"Protocol", ErrorCode::Protocol},
        {"Refused", ErrorCode::Refused},
        {"Integrity", ErrorCode::Integrity},
        {"Io", ErrorCode::Io},
        {"Timeout", ErrorCode::Timeout},
        {"Cancelled", ErrorCode::Cancelled},
        {"Internal", ErrorCode::Internal},
    };
    if (dbus_name.rfind(kErrorPrefix, 0) == 0) {
        auto it = codes.find(dbus_name.substr(std::string(kErrorPrefix).size()));
        if (it != codes.end()) return it->second;
    }
    if (dbus_name == "org.freedesktop.DBus.Error.AccessDenied") return ErrorCode::NotAuthorized;
    return ErrorCode::Network;  // no daemon, no bus, timeouts
}

Error from_dbus(const sdbus::Error& e) {
    // The two ways a panel finds no daemon get a sentence of ours (translated); the bus's own
    // words follow for whoever debugs it.
    if (e.getName() == "org.freedesktop.DBus.Error.ServiceUnknown" ||
        e.getName() == "org.freedesktop.DBus.Error.NameHasNoOwner")
        return make_error(ErrorCode::Network, _("printlinkd is not running"));
    std::string message = e.getMessage();
    if (message.empty())
        message = e.getName();
    else
        message += " (" + e.getName() + ")";
    return make_error(code_of(e.getName()), message);
}

// The value of a property as one line of text.
std::string to_text(const sdbus::Variant& value) {
    const std::string type = value.peekValueType();
    if (type == "s") return value.get<std::string>();
    if (type == "u") return std::to_string(value.get<uint32_t>());
    if (type == "t") return std::to_string(value.get<uint64_t>());
    if (type == "(ss)") {
        auto pair = value.get<sdbus::Struct<std::string, std::string>>();
        return pair.get<0>() + " " + pair.get<1>();
    }
    if (type == "a(sss)") {
        std::string text;
        for (const auto& c :
             value.get<std::vector<sdbus::Struct<std::string, std::string, std::string>>>()) {
            if (!text.empty()) text += ", ";
            text += c.get<0>() + " " + c.get<1>();
            if (!c.get<2>().empty()) text += " -> " + c.get<2>();
        }
        return text;
    }
    return "(" + type + ")";
}

}  // namespace

class AgentClient::Proxy final
    : public sdbus::ProxyInterfaces<org::printlink::Agent1::Link_proxy,
                                    org::printlink::Agent1::Firmware_proxy> {
  public:
    explicit Proxy(sdbus::IConnection& connection)
        : ProxyInterfaces(connection, kBusName, kObjectPath) {
        getProxy()
            .uponSignal("PropertiesChanged")
            .onInterface("org.freedesktop.DBus.Properties")
            .call([this](const std::string& interface,
                         const std::map<std::string, sdbus::Variant>& changed,
                         const std::vector<std::string>&) {
                properties_changed(interface, changed);
            });
        registerProxy();
    }
    ~Proxy() { unregisterProxy(); }

    std::function<void(const PropertyChange&)> on_changed;
    std::function<void(bool, const std::string&)> on_completed;
    std::function<void(const std::string&, const std::string&)> on_registration_completed;
    std::function<void(const std::vector<std::string>&, const std::string&)> on_identify;

  private:
    void onCompleted(const bool& success, const std::string& message) override {
        if (on_completed) on_completed(success, message);
    }
    void onRegistrationCompleted(const std::string& result, const std::string& message) override {
        if (on_registration_completed) on_registration_completed(result, message);
    }
    void onIdentifyRequested(const std::vector<std::string>& actions,
                             const std::string& message) override {
        if (on_identify) on_identify(actions, message);
    }

    void properties_changed(const std::string& interface,
                            const std::map<std::string, sdbus::Variant>& changed) {
        if (!on_changed) return;
        const std::string short_name = interface.substr(interface.rfind('.') + 1);
        for (const auto& [name, value] : changed) {
            PropertyChange change{short_name, name, to_text(value)};
            if (short_name == "Firmware" && name == "Progress") {
                change.progress = static_cast<int>(value.get<uint32_t>());
            }
            on_changed(change);
        }
    }
};

AgentClient::AgentClient() = default;
AgentClient::~AgentClient() = default;

Result<std::unique_ptr<AgentClient>> AgentClient::connect() {
    std::unique_ptr<AgentClient> client(new AgentClient());
    try {
        client->connection_ = sdbus::createSystemBusConnection();
        client->proxy_ = std::make_unique<Proxy>(*client->connection_);
    } catch (const sdbus::Error& e) {
        return make_error(ErrorCode::Network, format(_("cannot reach the system bus: %s"),
                                                     from_dbus(e).message.c_str()));
    }
    return client;
}

Result<LinkView> AgentClient::link() {
    try {
        auto& link = static_cast<org::printlink::Agent1::Link_proxy&>(*proxy_);
        LinkView view;
        view.state = link.State();
        view.reason = link.StateReason();
        view.printer_uri = link.PrinterUri();
        view.printer_id = link.PrinterId();
        view.cloud_uri = link.CloudUri();
        view.output_device_uuid = link.OutputDeviceUuid();
        view.verification_uri = link.VerificationUri();
        view.verification_uri_complete = link.VerificationUriComplete();
        view.user_code = link.UserCode();
        view.expires_at_us = link.ExpiresAt();
        for (const auto& j : link.ActiveJobs())
            view.jobs.push_back({j.get<0>(), j.get<1>(), j.get<2>(), j.get<3>()});
        return view;
    } catch (const sdbus::Error& e) {
        return from_dbus(e);
    }
}

Result<FirmwareView> AgentClient::firmware() {
    try {
        auto& fw = static_cast<org::printlink::Agent1::Firmware_proxy&>(*proxy_);
        FirmwareView view;
        view.state = fw.State();
        for (const auto& c : fw.Components())
            view.components.push_back({c.get<0>(), c.get<1>(), c.get<2>()});
        auto target = fw.Target();
        view.target_component = target.get<0>();
        view.target_version = target.get<1>();
        view.scheduled_at_us = fw.ScheduledAt();
        view.requested_by = fw.RequestedBy();
        view.progress = fw.Progress();
        view.phase_progress = fw.PhaseProgress();
        view.phase = fw.Phase();
        view.last_error = fw.LastError();
        return view;
    } catch (const sdbus::Error& e) {
        return from_dbus(e);
    }
}

Status AgentClient::check_now() {
    try {
        proxy_->CheckNow();
        return Ok{};
    } catch (const sdbus::Error& e) {
        return from_dbus(e);
    }
}

Status AgentClient::cancel() {
    try {
        proxy_->Cancel();
        return Ok{};
    } catch (const sdbus::Error& e) {
        return from_dbus(e);
    }
}

Status AgentClient::confirm() {
    try {
        proxy_->Confirm();
        return Ok{};
    } catch (const sdbus::Error& e) {
        return from_dbus(e);
    }
}

Result<ClaimedImage> AgentClient::claim() {
    try {
        auto [fd, component, version, sha256, size] = proxy_->Claim();
        ClaimedImage image;
        image.fd = UniqueFd(fd.release());  // sdbus gave us our own duplicate
        image.component = std::move(component);
        image.version = std::move(version);
        image.sha256 = std::move(sha256);
        image.size = size;
        return image;
    } catch (const sdbus::Error& e) {
        return from_dbus(e);
    }
}

Status AgentClient::report_progress(unsigned percent, const std::string& message) {
    try {
        proxy_->ReportProgress(percent, message);
        return Ok{};
    } catch (const sdbus::Error& e) {
        return from_dbus(e);
    }
}

Status AgentClient::finish(bool success, const std::string& message) {
    try {
        proxy_->Finish(success, message);
        return Ok{};
    } catch (const sdbus::Error& e) {
        return from_dbus(e);
    }
}

Status AgentClient::confirm_boot(bool ok, const std::string& message) {
    try {
        proxy_->ConfirmBoot(ok, message);
        return Ok{};
    } catch (const sdbus::Error& e) {
        return from_dbus(e);
    }
}

Status AgentClient::register_device(const std::string& cloud_url) {
    try {
        proxy_->Register(cloud_url);
        return Ok{};
    } catch (const sdbus::Error& e) {
        return from_dbus(e);
    }
}

Status AgentClient::unregister() {
    try {
        proxy_->Unregister();
        return Ok{};
    } catch (const sdbus::Error& e) {
        return from_dbus(e);
    }
}

void AgentClient::on_changed(std::function<void(const PropertyChange&)> changed) {
    proxy_->on_changed = std::move(changed);
}

void AgentClient::on_registration_completed(
    std::function<void(const std::string&, const std::string&)> completed) {
    proxy_->on_registration_completed = std::move(completed);
}

Status AgentClient::process_events(int timeout_ms) {
    try {
        return process_bus_events(*connection_, timeout_ms);
    } catch (const sdbus::Error& e) {
        return from_dbus(e);
    }
}

Status AgentClient::watch(
    std::function<void(const PropertyChange&)> changed,
    std::function<void(bool, const std::string&)> completed,
    std::function<void(const std::vector<std::string>&, const std::string&)> identify) {
    proxy_->on_changed = std::move(changed);
    proxy_->on_completed = std::move(completed);
    proxy_->on_identify = std::move(identify);
    try {
        connection_->enterEventLoop();
        return Ok{};
    } catch (const sdbus::Error& e) {
        return from_dbus(e);
    }
}

}  // namespace printlink::ctl
