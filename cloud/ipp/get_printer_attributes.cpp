// Get-Printer-Attributes on the Infrastructure Printer: the Output Device's attributes with
// the cloud's own on top (PWG 5100.18 §4.1: identity, URIs, features, composite status).
#include "cloud/ipp/ipp_message.h"
#include "cloud/ipp/operations.h"
#include "cloud/printers/event_matching.h"
#include "cloud/printers/printer_snapshot.h"
#include "common/ipp/extension.h"
#include "common/log.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-ipp";

void add_keywords(ipp_t* ipp, const char* name, const std::vector<std::string>& values) {
    std::vector<const char*> raw;
    for (const auto& v : values) raw.push_back(v.c_str());
    ippAddStrings(ipp, IPP_TAG_PRINTER, IPP_TAG_KEYWORD, name, static_cast<int>(raw.size()),
                  nullptr, raw.data());
}

std::vector<int> supported_operations() {
    return {IPP_OP_GET_PRINTER_ATTRIBUTES,    IPP_OP_CREATE_PRINTER_SUBSCRIPTIONS,
            IPP_OP_RENEW_SUBSCRIPTION,        IPP_OP_CANCEL_SUBSCRIPTION,
            IPP_OP_GET_NOTIFICATIONS,         IPP_OP_UPDATE_OUTPUT_DEVICE_ATTRIBUTES,
            ipp::kOpAcknowledgeUpdateFirmware};
}

// The attributes only the Infrastructure Printer can state; they replace a device's.
ipp::IppPtr cloud_attributes(OperationContext& op, const PrinterSnapshot& printer) {
    const CloudSettings& settings = op.cloud.settings();
    ipp::IppPtr a(ippNew());
    const ipp_tag_t g = IPP_TAG_PRINTER;
    const std::string uri = settings.printer_uri(printer.record.id);
    ippAddString(a.get(), g, IPP_TAG_URI, "printer-uri-supported", nullptr, uri.c_str());
    ippAddString(a.get(), g, IPP_TAG_KEYWORD, "uri-security-supported", nullptr,
                 uri.rfind("https:", 0) == 0 ? "tls" : "none");
    ippAddString(a.get(), g, IPP_TAG_KEYWORD, "uri-authentication-supported", nullptr, "oauth");
    ippAddString(a.get(), g, IPP_TAG_NAME, "printer-name", nullptr, printer.record.name.c_str());
    ippAddInteger(a.get(), g, IPP_TAG_INTEGER, "printer-id", static_cast<int>(printer.record.id));
    ippAddString(a.get(), g, IPP_TAG_URI, "printer-uuid", nullptr, printer.record.uuid.c_str());
    ippAddString(a.get(), g, IPP_TAG_TEXT, "printer-make-and-model", nullptr,
                 printer.model().c_str());

    std::vector<std::string> features{"infrastructure-printer"};
    if (auto device = ipp::get_strings(printer.device.ipp(), "ipp-features-supported")) {
        for (const auto& f : *device) {
            if (f != "none" && std::find(features.begin(), features.end(), f) == features.end()) {
                features.push_back(f);
            }
        }
    }
    add_keywords(a.get(), "ipp-features-supported", features);
    add_keywords(a.get(), "ipp-versions-supported", {"1.1", "2.0"});
    auto ops = supported_operations();
    ippAddIntegers(a.get(), g, IPP_TAG_ENUM, "operations-supported", static_cast<int>(ops.size()),
                   ops.data());
    ippAddString(a.get(), g, IPP_TAG_CHARSET, "charset-configured", nullptr, "utf-8");
    ippAddString(a.get(), g, IPP_TAG_CHARSET, "charset-supported", nullptr, "utf-8");
    ippAddString(a.get(), g, IPP_TAG_LANGUAGE, "natural-language-configured", nullptr, "en");
    ippAddString(a.get(), g, IPP_TAG_LANGUAGE, "generated-natural-language-supported", nullptr,
                 "en");
    std::vector<std::string> events(supported_events().begin(), supported_events().end());
    add_keywords(a.get(), "notify-events-supported", events);
    add_keywords(a.get(), "notify-events-default", {"printer-state-changed"});
    add_keywords(a.get(), "notify-pull-method-supported", {"ippget"});
    ippAddRange(a.get(), g, "notify-lease-duration-supported", 0, 67108863);
    ippAddInteger(a.get(), g, IPP_TAG_INTEGER, "notify-lease-duration-default", 86400);
    ippAddInteger(a.get(), g, IPP_TAG_INTEGER, "notify-max-events-supported",
                  static_cast<int>(events.size()));
    ippAddInteger(a.get(), g, IPP_TAG_INTEGER, "ippget-event-life",
                  static_cast<int>(settings.event_life_seconds));
    ippAddInteger(a.get(), g, IPP_TAG_ENUM, "printer-state", printer.status.state);
    add_keywords(a.get(), "printer-state-reasons", printer.status.reasons);
    ippAddBoolean(a.get(), g, "printer-is-accepting-jobs", printer.status.accepting_jobs ? 1 : 0);
    ippAddInteger(a.get(), g, IPP_TAG_INTEGER, "printer-up-time", settings.up_time(op.now));
    ippAddDate(a.get(), g, "printer-current-time", ippTimeToDate(static_cast<time_t>(op.now)));
    if (!printer.record.output_device_uuid.empty()) {
        ippAddString(a.get(), g, IPP_TAG_URI, "output-device-uuid-supported", nullptr,
                     printer.record.output_device_uuid.c_str());
    }
    return a;
}

// requested-attributes as a filter; nullopt = everything ("all", a group name, or absent).
std::optional<std::set<std::string>> requested_names(ipp_t* request) {
    auto names = ipp::get_strings(request, "requested-attributes", IPP_TAG_OPERATION);
    if (!names) return std::nullopt;
    std::set<std::string> wanted;
    for (const auto& n : *names) {
        if (n == "all" || n == "printer-description" || n == "printer-status" ||
            n == "printer-defaults" || n == "job-template") {
            return std::nullopt;
        }
        wanted.insert(n);
    }
    return wanted;
}

}  // namespace

void get_printer_attributes(OperationContext& op) {
    auto snapshot =
        load_printer_snapshot(op.cloud.db(), op.cloud.settings(), op.printer.id, op.now);
    if (!snapshot || !*snapshot) {
        if (!snapshot) log::error(kLog, "Get-Printer-Attributes: " + snapshot.error().message);
        set_status(op.response, IPP_STATUS_ERROR_INTERNAL, "the printer store failed");
        return;
    }
    ipp::IppPtr own = cloud_attributes(op, **snapshot);
    std::set<std::string> own_names;
    for (ipp_attribute_t* a = ippFirstAttribute(own.get()); a; a = ippNextAttribute(own.get())) {
        own_names.insert(ippGetName(a));
    }
    const auto wanted = requested_names(op.request);
    auto include = [&](const char* name) { return !wanted || wanted->count(name) > 0; };

    set_status(op.response, IPP_STATUS_OK);
    ipp_t* device = (*snapshot)->device.ipp();
    for (ipp_attribute_t* a = ippFirstAttribute(device); a; a = ippNextAttribute(device)) {
        const char* name = ippGetName(a);
        if (name && !own_names.count(name) && include(name)) {
            ippCopyAttribute(op.response, a, 0);
        }
    }
    for (ipp_attribute_t* a = ippFirstAttribute(own.get()); a; a = ippNextAttribute(own.get())) {
        if (include(ippGetName(a))) ippCopyAttribute(op.response, a, 0);
    }
}

}  // namespace printlink::cloud
