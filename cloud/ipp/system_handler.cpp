#include "cloud/ipp/system_handler.h"

#include "cloud/ipp/http_reply.h"
#include "cloud/ipp/ipp_message.h"
#include "cloud/ipp/notification_holds.h"
#include "cloud/ipp/register_output_device.h"
#include "cloud/store/device_token_store.h"
#include "common/log.h"

#include <strings.h>
#include <cstring>

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-registration";

static_assert(IPP_OP_REGISTER_OUTPUT_DEVICE == 0x005F, "PWG 5100.22 §6.3.12");

// RFC 8011 §4.1.4 for a System operation: charset, natural language, then system-uri
// (PWG 5100.22 §6) in place of printer-uri.
std::optional<std::string> header_problem(ipp_t* request, ipp_status_t& status) {
    status = IPP_STATUS_ERROR_BAD_REQUEST;
    int minor = 0;
    const int major = ippGetVersion(request, &minor);
    if (major != 2) {
        status = IPP_STATUS_ERROR_VERSION_NOT_SUPPORTED;
        return "System operations need IPP 2.x";
    }
    if (ippGetRequestId(request) <= 0) return "request-id must be positive";
    ipp_attribute_t* first = ippFirstAttribute(request);
    ipp_attribute_t* second = ippNextAttribute(request);
    if (!first || !ippGetName(first) || std::strcmp(ippGetName(first), "attributes-charset") != 0 ||
        ippGetValueTag(first) != IPP_TAG_CHARSET) {
        return "attributes-charset must be the first attribute";
    }
    if (!second || !ippGetName(second) ||
        std::strcmp(ippGetName(second), "attributes-natural-language") != 0 ||
        ippGetValueTag(second) != IPP_TAG_LANGUAGE) {
        return "attributes-natural-language must be the second attribute";
    }
    const char* charset = ippGetString(first, 0, nullptr);
    if (!charset || (strcasecmp(charset, "utf-8") != 0 && strcasecmp(charset, "us-ascii") != 0)) {
        status = IPP_STATUS_ERROR_CHARSET;
        return "only utf-8 is supported";
    }
    ipp_attribute_t* system_uri = ippFindAttribute(request, "system-uri", IPP_TAG_ZERO);
    if (!system_uri || ippGetGroupTag(system_uri) != IPP_TAG_OPERATION ||
        ippGetValueTag(system_uri) != IPP_TAG_URI) {
        return "system-uri (uri) is required";
    }
    return std::nullopt;
}

}  // namespace

void SystemHandler::handle(SoupServerMessage* msg) {
    if (std::strcmp(soup_server_message_get_method(msg), "POST") != 0) {
        soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Allow",
                                     "POST");
        return http_error(msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "IPP requests are POSTed\n");
    }
    const char* type = soup_message_headers_get_content_type(
        soup_server_message_get_request_headers(msg), nullptr);
    if (!type || g_ascii_strcasecmp(type, "application/ipp") != 0) {
        return http_error(msg, SOUP_STATUS_BAD_REQUEST, "Content-Type must be application/ipp\n");
    }
    const std::string token = bearer_token(msg);
    auto credential = DeviceTokenStore(cloud_.db()).find_active(token);
    if (!credential) {
        log::error(kLog, credential.error().message);
        return http_error(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal error\n");
    }
    if (!*credential) {
        log::warning(kLog, "IPP system request refused: missing, unknown or revoked device token");
        soup_message_headers_replace(soup_server_message_get_response_headers(msg),
                                     "WWW-Authenticate", "Bearer realm=\"printlink\"");
        return http_error(msg, SOUP_STATUS_UNAUTHORIZED,
                          "a device token from the device authorization grant is required\n");
    }

    GBytes* body = soup_message_body_flatten(soup_server_message_get_request_body(msg));
    gsize size = 0;
    const void* data = g_bytes_get_data(body, &size);
    ipp::IppPtr request = parse_ipp(data, size);
    g_bytes_unref(body);
    if (!request) {
        log::warning(kLog, "malformed IPP system request (" + std::to_string(size) + " bytes)");
        return http_error(msg, SOUP_STATUS_BAD_REQUEST,
                          "the body is not a well-formed IPP request\n");
    }
    ipp::IppPtr response(ippNewResponse(request.get()));
    const ipp_op_t op_code = ippGetOperation(request.get());
    ipp_status_t header_status = IPP_STATUS_OK;
    if (auto problem = header_problem(request.get(), header_status)) {
        set_status(response.get(), header_status, *problem);
    } else if (op_code == IPP_OP_REGISTER_OUTPUT_DEVICE) {
        SystemOperationContext op{cloud_,        **credential,   token,
                                  request.get(), response.get(), cloud_.now()};
        register_output_device(op);
    } else {
        set_status(response.get(), IPP_STATUS_ERROR_OPERATION_NOT_SUPPORTED,
                   "operation " + std::string(ippOpString(op_code)) +
                       " is not supported on the System object");
    }
    log::info(kLog, "device token " + std::to_string((*credential)->id) + ": " +
                        ippOpString(op_code) + " -> " +
                        ippErrorString(ippGetStatusCode(response.get())));
    set_ipp_response(msg, response.get());
}

}  // namespace printlink::cloud
