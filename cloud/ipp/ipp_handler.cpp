#include "cloud/ipp/ipp_handler.h"

#include "cloud/ipp/document_response.h"
#include "cloud/ipp/event_stream.h"
#include "cloud/ipp/http_reply.h"
#include "cloud/ipp/ipp_message.h"
#include "cloud/ipp/job_operations.h"
#include "cloud/ipp/operations.h"
#include "cloud/ipp/request_admission.h"
#include "cloud/ipp/requester.h"
#include "cloud/ipp/subscription_operations.h"
#include "common/ipp/extension.h"
#include "common/log.h"

#include <strings.h>
#include <charconv>
#include <cstring>

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-ipp";

// Print-Job and Send-Document: the operations that read the document after the message.
bool carries_document(ipp_op_t op) {
    return op == IPP_OP_PRINT_JOB || op == IPP_OP_SEND_DOCUMENT;
}

// RFC 3996 Event Wait Mode proper, for clients that can read it (event_stream.h).
bool wants_event_stream(SoupServerMessage* msg, ipp_t* request) {
    return ipp::get_boolean(request, "notify-wait", IPP_TAG_OPERATION).value_or(false) &&
           accepts_event_stream(soup_message_headers_get_list(
               soup_server_message_get_request_headers(msg), "Accept"));
}

const char* operation_name(ipp_op_t op) {
    if (op == ipp::kOpAcknowledgeUpdateFirmware) return ipp::kOpAcknowledgeUpdateFirmwareName;
    return ippOpString(op);
}

// RFC 8011 §4.1.4: the operation group opens with attributes-charset then
// attributes-natural-language; printer operations name their target in printer-uri.
std::optional<std::string> header_problem(ipp_t* request, ipp_status_t& status) {
    status = IPP_STATUS_ERROR_BAD_REQUEST;
    int minor = 0;
    int major = ippGetVersion(request, &minor);
    if (major != 1 && major != 2) {
        status = IPP_STATUS_ERROR_VERSION_NOT_SUPPORTED;
        return "IPP version " + std::to_string(major) + "." + std::to_string(minor) +
               " is not supported";
    }
    if (ippGetRequestId(request) <= 0) return "request-id must be positive";
    ipp_attribute_t* first = ippFirstAttribute(request);
    ipp_attribute_t* second = ippNextAttribute(request);
    if (!first || !ippGetName(first) || std::strcmp(ippGetName(first), "attributes-charset") != 0 ||
        ippGetValueTag(first) != IPP_TAG_CHARSET || ippGetGroupTag(first) != IPP_TAG_OPERATION) {
        return "attributes-charset must be the first attribute";
    }
    if (!second || !ippGetName(second) ||
        std::strcmp(ippGetName(second), "attributes-natural-language") != 0 ||
        ippGetValueTag(second) != IPP_TAG_LANGUAGE || ippGetGroupTag(second) != IPP_TAG_OPERATION) {
        return "attributes-natural-language must be the second attribute";
    }
    const char* charset = ippGetString(first, 0, nullptr);
    if (!charset || (strcasecmp(charset, "utf-8") != 0 && strcasecmp(charset, "us-ascii") != 0)) {
        status = IPP_STATUS_ERROR_CHARSET;
        return "only utf-8 is supported";
    }
    // The target (RFC 8011 §4.1.5): the printer, or a job by its job-uri alone.
    if (!ipp::get_string(request, "printer-uri", IPP_TAG_OPERATION) &&
        !ipp::get_string(request, "job-uri", IPP_TAG_OPERATION)) {
        return "printer-uri (or, for a job, job-uri) is required";
    }
    return std::nullopt;
}

}  // namespace

namespace {

// A positive decimal id without leading zeros.
std::optional<std::int64_t> parse_id(std::string_view digits) {
    if (digits.empty() || digits.size() > 18 || digits[0] == '0' ||
        digits.find_first_not_of("0123456789") != std::string_view::npos) {
        return std::nullopt;
    }
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    return id;
}

}  // namespace

std::optional<std::int64_t> printer_id_from_ipp_path(std::string_view path) {
    const std::string_view prefix = kIppPathPrefix;
    if (path.substr(0, prefix.size()) != prefix) return std::nullopt;
    std::string_view rest = path.substr(prefix.size());
    // A job's URI is its printer's with "/<job-id>" (job_support.h job_uri): a client that
    // names the job alone (RFC 8011 §4.1.5, job-uri) posts there.
    if (const std::size_t slash = rest.find('/'); slash != std::string_view::npos) {
        if (!parse_id(rest.substr(slash + 1))) return std::nullopt;
        rest = rest.substr(0, slash);
    }
    return parse_id(rest);
}

IppHandler::IppHandler(CloudContext& cloud)
    : cloud_(cloud), holds_([this](std::int64_t printer_id, ipp_t* request, bool must_answer) {
          return evaluate_held(printer_id, request, must_answer);
      }) {
    cloud_.events().set_listener(
        [this](std::int64_t subscription_id) { holds_.notify(subscription_id); });
}

void IppHandler::admit(SoupServerMessage* msg, std::string_view path) {
    admit_ipp_request(cloud_, msg, path);
}

void IppHandler::handle(SoupServerMessage* msg, std::string_view path) {
    AdmittedIppRequest* admitted = admitted_ipp_request(msg);
    if (!admitted && !printer_id_from_ipp_path(path)) {
        http_error(msg, SOUP_STATUS_NOT_FOUND, "no such printer\n");
        return;
    }
    if (!admitted) {
        // Every request for a printer was admitted or refused from its headers (admit()).
        log::error(kLog, "IPP request for " + std::string(path) + " was never admitted");
        http_error(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal error\n");
        return;
    }
    const std::int64_t printer_id = admitted->printer_id;
    StreamedRequest& body = admitted->body;
    body.finish();
    auto& authentication = admitted->authentication;
    if (!authentication.requester && body.message() &&
        is_anonymous_operation(ippGetOperation(body.message()))) {
        authentication.requester = Requester{Requester::Kind::Anonymous, 0, {}, Role::User};
    }
    if (!authentication.requester) {
        refuse_unauthenticated(msg, printer_id, authentication.problem);
        return;
    }
    const Requester& who = *authentication.requester;
    auto printer = PrinterStore(cloud_.db()).find(printer_id);
    if (!printer || !*printer) {
        http_error(msg, SOUP_STATUS_NOT_FOUND, "no such printer\n");
        return;
    }
    if (who.is_device()) {
        if (auto s = PrinterStore(cloud_.db()).mark_seen(printer_id, cloud_.now()); !s) {
            log::warning(kLog, s.error().message);
        }
    }
    ipp::IppPtr request = body.take_message();
    if (!request) {
        log::warning(kLog, "printer " + std::to_string(printer_id) + ": malformed IPP request (" +
                               std::to_string(body.body_size()) + " bytes) from " + who.describe());
        http_error(msg, SOUP_STATUS_BAD_REQUEST, "the body is not a well-formed IPP request\n");
        return;
    }
    std::optional<SpooledFile> attachment;
    ipp::IppPtr response;
    if (body.spool_error() && carries_document(ippGetOperation(request.get()))) {
        log::error(kLog, "printer " + std::to_string(printer_id) + ": the document of " +
                             operation_name(ippGetOperation(request.get())) + " by " +
                             who.describe() +
                             " could not be spooled: " + body.spool_error()->message);
        response.reset(ippNewResponse(request.get()));
        set_status(response.get(), IPP_STATUS_ERROR_INTERNAL, "the document could not be stored");
    } else {
        response = dispatch(msg, **printer, who, std::move(request), body.document(), attachment);
    }
    if (!response) return;
    if (who.is_anonymous()) {
        for (ipp_attribute_t* a = ippFirstAttribute(response.get()); a;) {
            ipp_attribute_t* next = ippNextAttribute(response.get());
            if (ippGetName(a) && is_hidden_from_anonymous(ippGetName(a))) {
                ippDeleteAttribute(response.get(), a);
            }
            a = next;
        }
    }
    if (attachment) {
        set_ipp_response_with_document(msg, response.get(), std::move(*attachment));
    } else {
        set_ipp_response(msg, response.get());
    }
}

ipp::IppPtr IppHandler::dispatch(SoupServerMessage* msg, const PrinterRecord& printer,
                                 const Requester& who, ipp::IppPtr request, SpoolPart* document,
                                 std::optional<SpooledFile>& attachment) {
    const ipp_op_t op_code = ippGetOperation(request.get());
    ipp::IppPtr response(ippNewResponse(request.get()));
    OperationContext op{cloud_, printer, request.get(), response.get(), cloud_.now(), &who};

    ipp_status_t header_status = IPP_STATUS_OK;
    if (auto problem = header_problem(request.get(), header_status)) {
        set_status(response.get(), header_status, *problem);
    } else if (auto refusal = access_refusal(op_code, who)) {
        log::warning(kLog, "printer " + std::to_string(printer.id) + ": " +
                               operation_name(op_code) + " by " + who.describe() +
                               " refused: " + *refusal);
        set_status(response.get(), IPP_STATUS_ERROR_FORBIDDEN, *refusal);
    } else if (JobOperation job_operation = find_job_operation(op_code)) {
        JobContext job{op, who, document, std::nullopt};
        job_operation(job);
        attachment = std::move(job.attachment);
    } else if (op_code == IPP_OP_UPDATE_OUTPUT_DEVICE_ATTRIBUTES) {
        update_output_device_attributes(op);
    } else if (op_code == IPP_OP_CREATE_PRINTER_SUBSCRIPTIONS) {
        create_printer_subscriptions(op, who);
    } else if (op_code == IPP_OP_CREATE_JOB_SUBSCRIPTIONS) {
        create_job_subscriptions(op, who);
    } else if (op_code == IPP_OP_GET_SUBSCRIPTION_ATTRIBUTES) {
        get_subscription_attributes(op, who);
    } else if (op_code == IPP_OP_GET_SUBSCRIPTIONS) {
        get_subscriptions(op, who);
    } else if (op_code == IPP_OP_GET_NOTIFICATIONS) {
        if (wants_event_stream(msg, request.get())) {
            get_notifications(op, true);  // the initial burst
            if (ippGetStatusCode(response.get()) == IPP_STATUS_OK) {
                log::info(kLog, "printer " + std::to_string(printer.id) +
                                    ": Get-Notifications by " + who.describe() + " streams");
                holds_.stream(msg, printer.id, std::move(request), std::move(response),
                              requested_subscription_ids(op.request),
                              cloud_.settings().hold_seconds);
                return nullptr;
            }
            // A refusal is one plain application/ipp response, as for any client.
        } else if (!get_notifications(op, false)) {
            log::debug(kLog, "printer " + std::to_string(printer.id) + ": Get-Notifications waits");
            holds_.hold(msg, printer.id, std::move(request), requested_subscription_ids(op.request),
                        cloud_.settings().hold_seconds);
            return nullptr;
        }
    } else if (op_code == IPP_OP_RENEW_SUBSCRIPTION) {
        renew_subscription(op, who);
    } else if (op_code == IPP_OP_CANCEL_SUBSCRIPTION) {
        cancel_subscription(op, who);
        // A poll held on the cancelled subscription learns at once that it is gone.
        if (ippGetStatusCode(response.get()) == IPP_STATUS_OK) {
            if (auto id =
                    ipp::get_integer(request.get(), "notify-subscription-id", IPP_TAG_OPERATION)) {
                holds_.notify(*id);
            }
        }
    } else if (op_code == IPP_OP_GET_PRINTER_ATTRIBUTES) {
        get_printer_attributes(op);
    } else if (op_code == ipp::kOpAcknowledgeUpdateFirmware) {
        acknowledge_update_firmware(op);
    } else if (op_code == IPP_OP_GET_OUTPUT_DEVICE_ATTRIBUTES) {
        get_output_device_attributes(op);
    } else if (op_code == IPP_OP_IDENTIFY_PRINTER) {
        identify_printer(op, who);
    } else if (op_code == IPP_OP_ACKNOWLEDGE_IDENTIFY_PRINTER) {
        acknowledge_identify_printer(op);
    } else {
        set_status(response.get(), IPP_STATUS_ERROR_OPERATION_NOT_SUPPORTED,
                   "operation " + std::string(ippOpString(op_code)) + " is not supported");
    }
    log::info(kLog, "printer " + std::to_string(printer.id) + ": " + operation_name(op_code) +
                        " by " + who.describe() + " -> " +
                        ippErrorString(ippGetStatusCode(response.get())));
    return response;
}

void IppHandler::end_revoked_holds() {
    holds_.refuse_if([this](const std::string& authorization, std::int64_t printer_id) {
        const std::string token = bearer_token(authorization);
        if (token.empty()) return false;  // not a device credential
        auto owner = PrinterStore(cloud_.db()).find_by_token(token);
        return owner && (!*owner || **owner != printer_id);
    });
}

ipp::IppPtr IppHandler::evaluate_held(std::int64_t printer_id, ipp_t* request, bool must_answer) {
    ipp::IppPtr response(ippNewResponse(request));
    auto printer = PrinterStore(cloud_.db()).find(printer_id);
    if (!printer || !*printer) {
        set_status(response.get(), IPP_STATUS_ERROR_NOT_FOUND, "the printer no longer exists");
        return response;
    }
    OperationContext op{cloud_, **printer, request, response.get(), cloud_.now()};
    if (!get_notifications(op, must_answer)) return nullptr;
    return response;
}

}  // namespace printlink::cloud
