// Get-Printer-Attributes on the Infrastructure Printer: the Output Device's attributes with
// the cloud's own on top (PWG 5100.18 §4.1: identity, URIs, features, composite status).
#include "cloud/ipp/ipp_message.h"
#include "cloud/ipp/ipp_uri.h"
#include "cloud/ipp/operations.h"
#include "cloud/ipp/requested_attributes.h"
#include "cloud/ipp/subscription_templates.h"
#include "cloud/jobs/document_formats.h"
#include "cloud/jobs/job_life_cycle.h"
#include "cloud/printers/event_matching.h"
#include "cloud/printers/identify_actions.h"
#include "cloud/printers/printer_snapshot.h"
#include "cloud/store/job_store.h"
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
    return {IPP_OP_GET_PRINTER_ATTRIBUTES, IPP_OP_UPDATE_OUTPUT_DEVICE_ATTRIBUTES,
            ipp::kOpAcknowledgeUpdateFirmware,
            // Subscriptions (cloud/ipp/subscription_operations.h).
            IPP_OP_CREATE_PRINTER_SUBSCRIPTIONS, IPP_OP_CREATE_JOB_SUBSCRIPTIONS,
            IPP_OP_GET_SUBSCRIPTION_ATTRIBUTES, IPP_OP_GET_SUBSCRIPTIONS, IPP_OP_RENEW_SUBSCRIPTION,
            IPP_OP_CANCEL_SUBSCRIPTION, IPP_OP_GET_NOTIFICATIONS,
            // The job path (cloud/ipp/job_operations.h).
            IPP_OP_PRINT_JOB, IPP_OP_VALIDATE_JOB, IPP_OP_CREATE_JOB, IPP_OP_SEND_DOCUMENT,
            IPP_OP_CANCEL_JOB, IPP_OP_GET_JOB_ATTRIBUTES, IPP_OP_GET_JOBS, IPP_OP_FETCH_JOB,
            IPP_OP_ACKNOWLEDGE_JOB, IPP_OP_FETCH_DOCUMENT, IPP_OP_ACKNOWLEDGE_DOCUMENT,
            IPP_OP_UPDATE_JOB_STATUS, IPP_OP_UPDATE_DOCUMENT_STATUS, IPP_OP_UPDATE_ACTIVE_JOBS,
            IPP_OP_DEREGISTER_OUTPUT_DEVICE,
            // Identify-Printer (identify_printer.cpp) and the device's attributes for staff.
            IPP_OP_IDENTIFY_PRINTER, IPP_OP_ACKNOWLEDGE_IDENTIFY_PRINTER,
            IPP_OP_GET_OUTPUT_DEVICE_ATTRIBUTES};
}

// What the job path needs a client to know (RFC 8011 §5.4): formats the device takes (the
// cloud converts nothing), one uncompressed document per job, the which-jobs it answers.
void add_job_path_attributes(ipp_t* a, OperationContext& op, const PrinterSnapshot& printer) {
    const ipp_tag_t g = IPP_TAG_PRINTER;
    const auto formats = document_formats_supported(printer.device.ipp());
    std::vector<const char*> raw;
    for (const auto& f : formats) raw.push_back(f.c_str());
    ippAddStrings(a, g, IPP_TAG_MIMETYPE, "document-format-supported", static_cast<int>(raw.size()),
                  nullptr, raw.data());
    const char* preferred = is_format_supported(formats, "application/octet-stream")
                                ? "application/octet-stream"
                                : raw.front();
    ippAddString(a, g, IPP_TAG_MIMETYPE, "document-format-default", nullptr, preferred);
    add_keywords(a, "compression-supported", {"none"});
    add_keywords(a, "pdl-override-supported", {"attempted"});
    ippAddBoolean(a, g, "multiple-document-jobs-supported", 0);
    add_keywords(a, "which-jobs-supported", {"completed", "not-completed", "all", "fetchable"});
    add_keywords(
        a, "job-creation-attributes-supported",
        {"copies", "finishings", "media", "media-col", "orientation-requested", "page-ranges",
         "print-color-mode", "print-quality", "printer-resolution", "sides"});
    int queued = 0;
    if (auto jobs = JobStore(op.cloud.db()).for_printer(printer.record.id)) {
        for (const Job& job : *jobs) queued += is_terminal(job.state) ? 0 : 1;
    }
    ippAddInteger(a, g, IPP_TAG_INTEGER, "queued-job-count", queued);
}

// What a client needs to subscribe (RFC 3995 §5.3, RFC 3996 §7).
void add_notification_attributes(ipp_t* a, const CloudSettings& settings) {
    const ipp_tag_t g = IPP_TAG_PRINTER;
    std::vector<std::string> events(supported_events().begin(), supported_events().end());
    add_keywords(a, "notify-events-supported", events);
    add_keywords(a, "notify-events-default", {kDefaultEvent});
    add_keywords(a, "notify-pull-method-supported", {"ippget"});
    ippAddRange(a, g, "notify-lease-duration-supported", 0, kMaxLeaseSeconds);
    ippAddInteger(a, g, IPP_TAG_INTEGER, "notify-lease-duration-default", kDefaultLeaseSeconds);
    ippAddInteger(a, g, IPP_TAG_INTEGER, "notify-max-events-supported", kMaxEventsPerSubscription);
    ippAddInteger(a, g, IPP_TAG_INTEGER, "notify-max-subscriptions-supported",
                  kMaxSubscriptionsPerPrinter);
    ippAddInteger(a, g, IPP_TAG_INTEGER, "ippget-event-life",
                  static_cast<int>(settings.event_life_seconds));
}

// The attributes only the Infrastructure Printer can state; they replace a device's.
ipp::IppPtr cloud_attributes(OperationContext& op, const PrinterSnapshot& printer) {
    const CloudSettings& settings = op.cloud.settings();
    ipp::IppPtr a(ippNew());
    const ipp_tag_t g = IPP_TAG_PRINTER;
    const std::string uri = ipp_scheme_uri(settings.printer_uri(printer.record.id));
    ippAddString(a.get(), g, IPP_TAG_URI, "printer-uri-supported", nullptr, uri.c_str());
    ippAddString(a.get(), g, IPP_TAG_KEYWORD, "uri-security-supported", nullptr,
                 uri.rfind("ipps:", 0) == 0 ? "tls" : "none");
    // People authenticate with HTTP Basic (devices with their Bearer token, which IPP has no
    // keyword for); "basic" is what makes CUPS and ipptool send credentials.
    ippAddString(a.get(), g, IPP_TAG_KEYWORD, "uri-authentication-supported", nullptr, "basic");
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
    add_job_path_attributes(a.get(), op, printer);
    const IdentifyActions identify = identify_actions_of(printer.device.ipp());
    add_keywords(a.get(), "identify-actions-supported", identify.supported);
    add_keywords(a.get(), "identify-actions-default", identify.defaults);
    add_notification_attributes(a.get(), settings);
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
    const RequestedPrinterAttributes wanted(op.request);
    auto include = [&](const char* name) { return wanted.includes(name); };

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
