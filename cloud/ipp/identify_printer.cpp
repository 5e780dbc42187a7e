// Identify-Printer from a client (PWG 5100.13 identify-actions and message; PWG 5100.18 §8.5
// job-id / output-device-uuid to name the device) and the Proxy's Acknowledge-Identify-Printer
// (§5.2). The cloud cannot flash a light itself: it keeps the request and raises
// identify-printer-requested until the Proxy takes it (§4.1.5, identify_requests.h).
#include "cloud/ipp/ipp_message.h"
#include "cloud/ipp/job_support.h"
#include "cloud/ipp/operations.h"
#include "cloud/printers/identify_actions.h"
#include "cloud/printers/identify_requests.h"
#include "cloud/printers/printer_snapshot.h"
#include "cloud/store/job_store.h"
#include "common/log.h"

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-ipp";
constexpr std::size_t kMaxMessageOctets = 1023;  // text(MAX), RFC 8011 §5.1.2

// The attribute 'name' when it is in the operation group, nullptr when absent; 'misplaced'
// when it came in another group.
ipp_attribute_t* operation_attribute(ipp_t* request, const char* name, bool& misplaced) {
    ipp_attribute_t* a = ippFindAttribute(request, name, IPP_TAG_ZERO);
    misplaced = a && ippGetGroupTag(a) != IPP_TAG_OPERATION;
    return misplaced ? nullptr : a;
}

void refuse(OperationContext& op, ipp_status_t status, const std::string& why) {
    set_status(op.response, status, why);
    log::warning(kLog,
                 "printer " + std::to_string(op.printer.id) + ": Identify-Printer refused: " + why);
}

struct IdentifyInputs {
    std::vector<std::string> actions;
    std::string message;
    std::optional<std::string> device_uuid;
    std::optional<int> job_id;
};

// Reads and checks the syntax of the request's attributes; answers and returns nullopt when
// one is malformed.
std::optional<IdentifyInputs> read_inputs(OperationContext& op) {
    IdentifyInputs in;
    bool actions_misplaced = false;
    bool message_misplaced = false;
    ipp_attribute_t* actions =
        operation_attribute(op.request, "identify-actions", actions_misplaced);
    ipp_attribute_t* message = operation_attribute(op.request, "message", message_misplaced);
    if (actions_misplaced || message_misplaced) {
        refuse(op, IPP_STATUS_ERROR_BAD_REQUEST,
               "identify-actions and message belong in the operation group");
        return std::nullopt;
    }
    if (ipp_attribute_t* a = actions) {
        if (ippGetValueTag(a) != IPP_TAG_KEYWORD) {
            refuse(op, IPP_STATUS_ERROR_BAD_REQUEST, "identify-actions must be 1setOf keyword");
            return std::nullopt;
        }
        for (int i = 0; i < ippGetCount(a); ++i) in.actions.push_back(ippGetString(a, i, nullptr));
    }
    if (ipp_attribute_t* a = message) {
        const ipp_tag_t tag = ippGetValueTag(a);
        if ((tag != IPP_TAG_TEXT && tag != IPP_TAG_TEXTLANG) || ippGetCount(a) != 1) {
            refuse(op, IPP_STATUS_ERROR_BAD_REQUEST, "message must be one text value");
            return std::nullopt;
        }
        in.message = ippGetString(a, 0, nullptr);
        if (in.message.size() > kMaxMessageOctets) {
            set_status(op.response, IPP_STATUS_ERROR_REQUEST_VALUE,
                       "message is longer than 1023 octets");
            add_unsupported(op.response, a);
            return std::nullopt;
        }
    }
    if (ippFindAttribute(op.request, "output-device-uuid", IPP_TAG_ZERO)) {
        in.device_uuid = ipp::get_string(op.request, "output-device-uuid", IPP_TAG_OPERATION);
        if (!in.device_uuid) {
            refuse(op, IPP_STATUS_ERROR_BAD_REQUEST, "output-device-uuid must be one uri");
            return std::nullopt;
        }
    }
    if (ippFindAttribute(op.request, "job-id", IPP_TAG_ZERO)) {
        in.job_id = ipp::get_integer(op.request, "job-id", IPP_TAG_OPERATION);
        if (!in.job_id || *in.job_id <= 0) {
            refuse(op, IPP_STATUS_ERROR_BAD_REQUEST, "job-id must be one integer(1:MAX)");
            return std::nullopt;
        }
    }
    return in;
}

// The device the request is for (PWG 5100.18 §8.5): the one output-device-uuid names, the one
// holding job-id, else the printer's associated device ("" when none is). Answers and returns
// nullopt when the request names a device this printer does not have.
std::optional<std::string> target_device(OperationContext& op, const Requester& who,
                                         const IdentifyInputs& in, const std::string& associated) {
    std::string target = associated;
    if (in.device_uuid) {
        if (*in.device_uuid != associated) {
            refuse(op, IPP_STATUS_ERROR_NOT_FOUND,
                   "output device " + *in.device_uuid + " is not associated with this printer");
            return std::nullopt;
        }
    }
    if (in.job_id) {
        auto job = JobStore(op.cloud.db()).find(op.printer.id, *in.job_id);
        if (!job) {
            log::error(kLog, "Identify-Printer: " + job.error().message);
            set_status(op.response, IPP_STATUS_ERROR_INTERNAL, "the job store failed");
            return std::nullopt;
        }
        const std::string label = "job " + std::to_string(*in.job_id);
        if (!*job) {
            refuse(op, IPP_STATUS_ERROR_NOT_FOUND, label + " does not exist");
            return std::nullopt;
        }
        if (!may_manage(who, **job)) {
            refuse(op, IPP_STATUS_ERROR_FORBIDDEN, label + " belongs to another user");
            return std::nullopt;
        }
        const std::string& holder = (*job)->device_uuid;
        if (holder.empty() || holder != associated) {
            refuse(op, IPP_STATUS_ERROR_NOT_POSSIBLE, "no associated output device holds " + label);
            return std::nullopt;
        }
        if (in.device_uuid && *in.device_uuid != holder) {
            refuse(op, IPP_STATUS_ERROR_CONFLICTING, label + " is held by another output device");
            return std::nullopt;
        }
        target = holder;
    }
    return target;
}

void add_keywords(ipp_t* ipp, ipp_tag_t group, const char* name,
                  const std::vector<std::string>& values) {
    std::vector<const char*> raw;
    for (const auto& v : values) raw.push_back(v.c_str());
    ippAddStrings(ipp, group, IPP_TAG_KEYWORD, name, static_cast<int>(raw.size()), nullptr,
                  raw.data());
}

}  // namespace

void identify_printer(OperationContext& op, const Requester& who) {
    auto in = read_inputs(op);
    if (!in) return;
    auto snapshot =
        load_printer_snapshot(op.cloud.db(), op.cloud.settings(), op.printer.id, op.now);
    if (!snapshot || !*snapshot) {
        if (!snapshot) log::error(kLog, "Identify-Printer: " + snapshot.error().message);
        set_status(op.response, IPP_STATUS_ERROR_INTERNAL, "the printer store failed");
        return;
    }
    auto device = target_device(op, who, *in, (*snapshot)->record.output_device_uuid);
    if (!device) return;

    const ActionChoice choice =
        choose_identify_actions(in->actions, identify_actions_of((*snapshot)->device.ipp()));
    if (choice.accepted.empty()) {
        set_status(op.response, IPP_STATUS_ERROR_ATTRIBUTES_OR_VALUES,
                   "none of the identify-actions is supported");
        add_keywords(op.response, IPP_TAG_UNSUPPORTED_GROUP, "identify-actions",
                     choice.unsupported);
        return;
    }

    IdentifyRequest request;
    request.printer_id = op.printer.id;
    request.actions = choice.accepted;
    request.message = in->message;
    request.requested_by = who.user_name;
    request.output_device_uuid = *device;
    request.requested_at = op.now;
    IdentifyRequests requests(op.cloud.db(), op.cloud.settings(), op.cloud.events());
    if (auto s = requests.request(request, op.now); !s) {
        log::error(kLog, "Identify-Printer: " + s.error().message);
        set_status(op.response, IPP_STATUS_ERROR_INTERNAL, "the printer store failed");
        return;
    }
    if (choice.unsupported.empty()) {
        set_status(op.response, IPP_STATUS_OK);
        return;
    }
    set_status(op.response, IPP_STATUS_OK_IGNORED_OR_SUBSTITUTED);
    add_keywords(op.response, IPP_TAG_UNSUPPORTED_GROUP, "identify-actions", choice.unsupported);
}

void acknowledge_identify_printer(OperationContext& op) {
    auto device = ipp::get_string(op.request, "output-device-uuid", IPP_TAG_OPERATION);
    if (!device || device->rfind("urn:uuid:", 0) != 0) {
        set_status(op.response, IPP_STATUS_ERROR_BAD_REQUEST,
                   "output-device-uuid (uri(45), urn:uuid:) is required");
        return;
    }
    if (*device != op.printer.output_device_uuid) {
        set_status(op.response, IPP_STATUS_ERROR_NOT_POSSIBLE,
                   "output device " + *device + " is not associated with this printer");
        log::warning(kLog, "printer " + std::to_string(op.printer.id) +
                               ": Acknowledge-Identify-Printer refused for " + *device);
        return;
    }
    IdentifyRequests requests(op.cloud.db(), op.cloud.settings(), op.cloud.events());
    auto request = requests.acknowledge(op.printer.id, op.now);
    if (!request) {
        if (request.error().code == ErrorCode::InvalidState) {
            set_status(op.response, IPP_STATUS_ERROR_NOT_POSSIBLE, request.error().message);
            return;
        }
        log::error(kLog, "Acknowledge-Identify-Printer: " + request.error().message);
        set_status(op.response, IPP_STATUS_ERROR_INTERNAL, "the printer store failed");
        return;
    }
    set_status(op.response, IPP_STATUS_OK);
    add_keywords(op.response, IPP_TAG_OPERATION, "identify-actions", request->actions);
    if (!request->message.empty()) {
        ippAddString(op.response, IPP_TAG_OPERATION, IPP_TAG_TEXT, "message", nullptr,
                     request->message.c_str());
    }
}

}  // namespace printlink::cloud
