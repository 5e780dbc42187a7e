#include "cloud/ipp/register_output_device.h"

#include "cloud/ipp/ipp_message.h"
#include "cloud/printers/printer_snapshot.h"
#include "cloud/store/printer_store.h"
#include "common/ipp/ipp_ptr.h"
#include "common/log.h"

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-registration";
// Until the device reports printer-make-and-model the cloud knows nothing of the model.
constexpr const char* kUnknownModel = "unknown";

bool is_uuid_urn(const std::string& uri) {
    return uri.size() == 45 && uri.rfind("urn:uuid:", 0) == 0;
}

std::string default_printer_name(const std::string& device_uuid) {
    return "Device " + device_uuid.substr(9, 8);
}

// The printer to answer with: the one the token is already bound to, an earlier
// registration of the same device by the same owner, or a new one (bound in one go).
Result<std::int64_t> printer_for(SystemOperationContext& op, const std::string& device_uuid) {
    Database& db = op.cloud.db();
    PrinterStore printers(db);
    if (op.credential.printer_id != 0) {
        auto bound = printers.find(op.credential.printer_id);
        if (!bound) return bound.error();
        if (*bound &&
            ((*bound)->output_device_uuid == device_uuid || (*bound)->output_device_uuid.empty())) {
            return (*bound)->id;
        }
        return make_error(ErrorCode::InvalidState,
                          "this token is already bound to another output device");
    }
    Transaction tx(db);
    if (!tx.begun()) return tx.begun().error();
    auto earlier =
        DeviceTokenStore(db).find_registered_printer(op.credential.owner_user_id, device_uuid);
    if (!earlier) return earlier.error();
    std::int64_t printer_id = 0;
    if (*earlier) {
        // Its printer, also after a Deregister-Output-Device: the device's first
        // Update-Output-Device-Attributes associates it again (and says so to subscribers).
        printer_id = **earlier;
    } else {
        const std::string name = op.credential.printer_name.empty()
                                     ? default_printer_name(device_uuid)
                                     : op.credential.printer_name;
        auto created = printers.add(name, kUnknownModel, op.now);
        if (!created) return created.error();
        printer_id = created->printer.id;
        if (auto s = printers.set_output_device_uuid(printer_id, device_uuid); !s) {
            return s.error();
        }
    }
    if (auto s = DeviceTokenStore(db).bind(op.credential.id, op.bearer_token, printer_id); !s) {
        return s.error();
    }
    if (auto s = tx.commit(); !s) return s.error();
    log::notice(kLog, "device token " + std::to_string(op.credential.id) + " bound to printer " +
                          std::to_string(printer_id) +
                          (*earlier ? " (registered before)" : " (new)"));
    return printer_id;
}

void add_printer_group(SystemOperationContext& op, const PrinterSnapshot& printer) {
    ipp_t* r = op.response;
    const ipp_tag_t g = IPP_TAG_PRINTER;
    ippAddInteger(r, g, IPP_TAG_INTEGER, "printer-id", static_cast<int>(printer.record.id));
    ippAddString(r, g, IPP_TAG_URI, "printer-uuid", nullptr, printer.record.uuid.c_str());
    const std::string& url = op.cloud.settings().public_url;
    const bool tls = url.rfind("https:", 0) == 0;
    ipp::IppPtr xri(ippNew());
    const std::string uri = op.cloud.settings().printer_uri(printer.record.id);
    ippAddString(xri.get(), IPP_TAG_ZERO, IPP_TAG_URI, "xri-uri", nullptr, uri.c_str());
    ippAddString(xri.get(), IPP_TAG_ZERO, IPP_TAG_KEYWORD, "xri-authentication", nullptr, "oauth");
    ippAddString(xri.get(), IPP_TAG_ZERO, IPP_TAG_KEYWORD, "xri-security", nullptr,
                 tls ? "tls" : "none");
    ippAddCollection(r, g, "printer-xri-supported", xri.get());
    ippAddInteger(r, g, IPP_TAG_ENUM, "printer-state", printer.status.state);
    std::vector<const char*> reasons;
    for (const auto& reason : printer.status.reasons) reasons.push_back(reason.c_str());
    if (reasons.empty()) reasons.push_back("none");
    ippAddStrings(r, g, IPP_TAG_KEYWORD, "printer-state-reasons", static_cast<int>(reasons.size()),
                  nullptr, reasons.data());
    ippAddBoolean(r, g, "printer-is-accepting-jobs", printer.status.accepting_jobs ? 1 : 0);
}

}  // namespace

void register_output_device(SystemOperationContext& op) {
    ipp_attribute_t* uuid_attr = ippFindAttribute(op.request, "output-device-uuid", IPP_TAG_ZERO);
    auto device_uuid = ipp::get_string(op.request, "output-device-uuid", IPP_TAG_OPERATION);
    if (!uuid_attr || !device_uuid || ippGetValueTag(uuid_attr) != IPP_TAG_URI ||
        !is_uuid_urn(*device_uuid)) {
        set_status(op.response, IPP_STATUS_ERROR_BAD_REQUEST,
                   "output-device-uuid (uri, urn:uuid:...) is required");
        return;
    }
    ipp_attribute_t* service = ippFindAttribute(op.request, "printer-service-type", IPP_TAG_ZERO);
    if (!service || ippGetGroupTag(service) != IPP_TAG_OPERATION) {
        set_status(op.response, IPP_STATUS_ERROR_BAD_REQUEST,
                   "printer-service-type (keyword) is required");
        return;
    }
    const char* service_type = ippGetString(service, 0, nullptr);
    if (ippGetValueTag(service) != IPP_TAG_KEYWORD || ippGetCount(service) != 1 || !service_type ||
        std::string_view(service_type) != "print") {
        set_status(op.response, IPP_STATUS_ERROR_ATTRIBUTES_OR_VALUES,
                   "this cloud registers print services only");
        add_unsupported(op.response, service);
        return;
    }
    // §6.3.12.1: a certificate or a signing request, never both.
    ipp_attribute_t* certificate =
        ippFindAttribute(op.request, "output-device-x509-certificate", IPP_TAG_ZERO);
    ipp_attribute_t* signing_request =
        ippFindAttribute(op.request, "output-device-x509-request", IPP_TAG_ZERO);
    if (certificate && signing_request) {
        set_status(op.response, IPP_STATUS_ERROR_CONFLICTING,
                   "send output-device-x509-certificate or output-device-x509-request, not both");
        add_unsupported(op.response, certificate);
        add_unsupported(op.response, signing_request);
        return;
    }

    auto printer_id = printer_for(op, *device_uuid);
    if (!printer_id) {
        if (printer_id.error().code == ErrorCode::InvalidState) {
            set_status(op.response, IPP_STATUS_ERROR_NOT_POSSIBLE, printer_id.error().message);
        } else {
            log::error(kLog, "Register-Output-Device: " + printer_id.error().message);
            set_status(op.response, IPP_STATUS_ERROR_INTERNAL, "the printer could not be created");
        }
        return;
    }
    auto snapshot = load_printer_snapshot(op.cloud.db(), op.cloud.settings(), *printer_id, op.now);
    if (!snapshot || !*snapshot) {
        set_status(op.response, IPP_STATUS_ERROR_INTERNAL, "the printer could not be read");
        return;
    }
    // Authentication is by OAuth token here; certificates are neither issued nor kept.
    if (certificate || signing_request) {
        set_status(op.response, IPP_STATUS_OK_IGNORED_OR_SUBSTITUTED);
        add_unsupported(op.response, certificate ? certificate : signing_request);
    } else {
        set_status(op.response, IPP_STATUS_OK);
    }
    add_printer_group(op, **snapshot);
}

}  // namespace printlink::cloud
