#include "cloud/ipp/ipp_handler.h"

#include "cloud/ipp/event_stream.h"
#include "cloud/ipp/http_reply.h"
#include "cloud/ipp/ipp_message.h"
#include "cloud/ipp/job_operations.h"
#include "cloud/ipp/operations.h"
#include "cloud/ipp/request_document.h"
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

// The operation code of the IPP request in the body (RFC 8010 §3.1.1: bytes 2-3), or 0.
ipp_op_t peek_operation(SoupServerMessage* msg) {
    GBytes* body = soup_message_body_flatten(soup_server_message_get_request_body(msg));
    gsize size = 0;
    const auto* data = static_cast<const unsigned char*>(g_bytes_get_data(body, &size));
    const int op = size >= 4 ? (data[2] << 8) | data[3] : 0;
    g_bytes_unref(body);
    return static_cast<ipp_op_t>(op);
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
    if (!ipp::get_string(request, "printer-uri", IPP_TAG_OPERATION))
        return "printer-uri is required";
    return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> printer_id_from_ipp_path(std::string_view path) {
    const std::string_view prefix = kIppPathPrefix;
    if (path.substr(0, prefix.size()) != prefix) return std::nullopt;
    std::string_view digits = path.substr(prefix.size());
    if (digits.empty() || digits.size() > 18 || digits[0] == '0') return std::nullopt;
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    return id;
}

IppHandler::IppHandler(CloudContext& cloud)
    : cloud_(cloud), holds_([this](std::int64_t printer_id, ipp_t* request, bool must_answer) {
          return evaluate_held(printer_id, request, must_answer);
      }) {
    cloud_.events().set_listener(
        [this](std::int64_t subscription_id) { holds_.notify(subscription_id); });
}

void IppHandler::handle(SoupServerMessage* msg, std::string_view path) {
    auto printer_id = printer_id_from_ipp_path(path);
    if (!printer_id) {
        http_error(msg, SOUP_STATUS_NOT_FOUND, "no such printer\n");
        return;
    }
    if (std::strcmp(soup_server_message_get_method(msg), "POST") != 0) {
        soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Allow",
                                     "POST");
        http_error(msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "IPP requests are POSTed\n");
        return;
    }
    const char* type = soup_message_headers_get_content_type(
        soup_server_message_get_request_headers(msg), nullptr);
    if (!type || g_ascii_strcasecmp(type, "application/ipp") != 0) {
        http_error(msg, SOUP_STATUS_BAD_REQUEST, "Content-Type must be application/ipp\n");
        return;
    }

    const char* authorization =
        soup_message_headers_get_one(soup_server_message_get_request_headers(msg), "Authorization");
    auto authentication = authenticate(cloud_.db(), authorization);
    if (!authentication) {
        log::error(kLog, authentication.error().message);
        http_error(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal error\n");
        return;
    }
    if (!authentication->requester && !authentication->credentials_sent &&
        is_anonymous_operation(peek_operation(msg))) {
        authentication->requester = Requester{Requester::Kind::Anonymous, 0, {}, Role::User};
    }
    if (!authentication->requester) {
        log::warning(kLog, "IPP request for printer " + std::to_string(*printer_id) +
                               " refused: " + authentication->problem);
        // Devices use their Bearer token; people (CUPS, ipptool) answer the Basic challenge.
        SoupMessageHeaders* headers = soup_server_message_get_response_headers(msg);
        soup_message_headers_append(headers, "WWW-Authenticate", "Bearer realm=\"printlink\"");
        soup_message_headers_append(headers, "WWW-Authenticate", "Basic realm=\"printlink\"");
        http_error(msg, SOUP_STATUS_UNAUTHORIZED, "valid credentials are required\n");
        return;
    }
    const Requester& who = *authentication->requester;
    if (who.is_device() && who.device_printer_id != *printer_id) {
        log::warning(kLog, "IPP request for printer " + std::to_string(*printer_id) +
                               " refused: the token belongs to printer " +
                               std::to_string(who.device_printer_id));
        http_error(msg, SOUP_STATUS_FORBIDDEN, "this token is not for this printer\n");
        return;
    }
    auto printer = PrinterStore(cloud_.db()).find(*printer_id);
    if (!printer || !*printer) {
        http_error(msg, SOUP_STATUS_NOT_FOUND, "no such printer\n");
        return;
    }
    if (who.is_device()) {
        if (auto s = PrinterStore(cloud_.db()).mark_seen(*printer_id, cloud_.now()); !s) {
            log::warning(kLog, s.error().message);
        }
    }

    GBytes* body = soup_message_body_flatten(soup_server_message_get_request_body(msg));
    gsize size = 0;
    const void* data = g_bytes_get_data(body, &size);
    std::size_t ipp_size = 0;
    ipp::IppPtr request = parse_ipp_prefix(data, size, ipp_size);
    if (!request) {
        g_bytes_unref(body);
        log::warning(kLog, "printer " + std::to_string(*printer_id) + ": malformed IPP request (" +
                               std::to_string(size) + " bytes) from " + who.describe());
        http_error(msg, SOUP_STATUS_BAD_REQUEST, "the body is not a well-formed IPP request\n");
        return;
    }
    // Print-Job and Send-Document carry the document after the IPP message.
    const std::string_view document(static_cast<const char*>(data) + ipp_size, size - ipp_size);
    std::shared_ptr<GBytes> attachment;
    ipp::IppPtr response = dispatch(msg, **printer, who, std::move(request), document, attachment);
    g_bytes_unref(body);
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
    set_ipp_response(msg, response.get());
    if (attachment && g_bytes_get_size(attachment.get()) > 0) {
        // The spooled file stays mapped until libsoup has written it.
        GBytes* ref = g_bytes_ref(attachment.get());
        soup_message_body_append_bytes(soup_server_message_get_response_body(msg), ref);
        g_bytes_unref(ref);
    }
}

ipp::IppPtr IppHandler::dispatch(SoupServerMessage* msg, const PrinterRecord& printer,
                                 const Requester& who, ipp::IppPtr request,
                                 std::string_view document, std::shared_ptr<GBytes>& attachment) {
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
        JobContext job{op, who, document, nullptr};
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
