#include "cloud/ipp/request_admission.h"

#include "cloud/ipp/http_reply.h"
#include "cloud/ipp/ipp_handler.h"
#include "cloud/store/printer_store.h"
#include "common/log.h"

#include <cstring>
#include <memory>

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-ipp";
constexpr const char* kDataKey = "printlink-admitted-ipp-request";

// A refused request's body is still read (HTTP/1.1 keeps the connection in step) but dropped
// chunk by chunk, never gathered.
void refuse(SoupServerMessage* msg, guint status, const char* text) {
    soup_message_body_set_accumulate(soup_server_message_get_request_body(msg), FALSE);
    http_error(msg, status, text);
}

void take_chunk(SoupServerMessage* msg, GBytes* chunk, gpointer data) {
    auto* request = static_cast<AdmittedIppRequest*>(data);
    if (request->body.too_large()) return;
    gsize size = 0;
    const char* bytes = static_cast<const char*>(g_bytes_get_data(chunk, &size));
    request->body.take(std::string_view(bytes, size));
    if (request->body.too_large()) {
        const auto& who = request->authentication.requester;
        log::warning(kLog, "IPP request for printer " + std::to_string(request->printer_id) +
                               (who ? " by " + who->describe() : std::string()) +
                               " refused: the body went over its limit (" +
                               std::to_string(request->body.body_size()) + " bytes so far)");
        http_error(msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "the request is too large\n");
    }
}

void drop_admitted(SoupServerMessage* msg, gpointer) {
    if (gpointer request = g_object_get_data(G_OBJECT(msg), kDataKey)) {
        g_signal_handlers_disconnect_by_data(msg, request);
        g_object_set_data(G_OBJECT(msg), kDataKey, nullptr);
    }
}

}  // namespace

void refuse_unauthenticated(SoupServerMessage* msg, std::int64_t printer_id,
                            const std::string& problem) {
    log::warning(kLog,
                 "IPP request for printer " + std::to_string(printer_id) + " refused: " + problem);
    SoupMessageHeaders* headers = soup_server_message_get_response_headers(msg);
    soup_message_headers_append(headers, "WWW-Authenticate", "Bearer realm=\"printlink\"");
    soup_message_headers_append(headers, "WWW-Authenticate", "Basic realm=\"printlink\"");
    refuse(msg, SOUP_STATUS_UNAUTHORIZED, "valid credentials are required\n");
}

void admit_ipp_request(CloudContext& cloud, SoupServerMessage* msg, std::string_view path) {
    auto printer_id = printer_id_from_ipp_path(path);
    if (!printer_id) {
        refuse(msg, SOUP_STATUS_NOT_FOUND, "no such printer\n");
        return;
    }
    if (std::strcmp(soup_server_message_get_method(msg), "POST") != 0) {
        soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Allow",
                                     "POST");
        refuse(msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "IPP requests are POSTed\n");
        return;
    }
    SoupMessageHeaders* headers = soup_server_message_get_request_headers(msg);
    const char* type = soup_message_headers_get_content_type(headers, nullptr);
    if (!type || g_ascii_strcasecmp(type, "application/ipp") != 0) {
        refuse(msg, SOUP_STATUS_BAD_REQUEST, "Content-Type must be application/ipp\n");
        return;
    }

    auto authentication =
        authenticate(cloud.db(), cloud.verified_credentials(),
                     soup_message_headers_get_one(headers, "Authorization"), cloud.now());
    if (!authentication) {
        log::error(kLog, authentication.error().message);
        refuse(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal error\n");
        return;
    }
    // Bad credentials are refused now; none at all wait for the operation (requester.h).
    if (!authentication->requester && authentication->credentials_sent) {
        refuse_unauthenticated(msg, *printer_id, authentication->problem);
        return;
    }
    const auto& who = authentication->requester;
    if (who && who->is_device() && who->device_printer_id != *printer_id) {
        log::warning(kLog, "IPP request for printer " + std::to_string(*printer_id) +
                               " refused: the token belongs to printer " +
                               std::to_string(who->device_printer_id));
        refuse(msg, SOUP_STATUS_FORBIDDEN, "this token is not for this printer\n");
        return;
    }
    auto printer = PrinterStore(cloud.db()).find(*printer_id);
    if (!printer || !*printer) {
        refuse(msg, SOUP_STATUS_NOT_FOUND, "no such printer\n");
        return;
    }

    // Only a person's account prints: only its body may carry a document to the spool.
    const bool may_send_document = who && !who->is_device() && !who->is_anonymous();
    std::optional<DocumentSpool> spool;
    if (may_send_document) {
        auto found = DocumentSpool::for_database(cloud.db());
        if (!found) {
            log::error(kLog, found.error().message);
            refuse(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal error\n");
            return;
        }
        spool = std::move(*found);
    }
    const StreamedRequest::Limits limits{
        kMaxIppMessageBytes, may_send_document ? kMaxBodyWithDocument : kMaxBodyWithoutDocument};
    // Chunked bodies (no length up front, libcups may send them) are held to the limit as
    // they arrive.
    if (soup_message_headers_get_encoding(headers) == SOUP_ENCODING_CONTENT_LENGTH &&
        soup_message_headers_get_content_length(headers) > limits.body_bytes) {
        log::warning(kLog, "IPP request for printer " + std::to_string(*printer_id) +
                               (who ? " by " + who->describe() : std::string()) +
                               " refused: Content-Length " +
                               std::to_string(soup_message_headers_get_content_length(headers)) +
                               " is over its limit");
        refuse(msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "the request is too large\n");
        return;
    }

    auto* request = new AdmittedIppRequest{*printer_id, std::move(*authentication),
                                           StreamedRequest(limits, std::move(spool))};
    g_object_set_data_full(G_OBJECT(msg), kDataKey, request,
                           [](gpointer p) { delete static_cast<AdmittedIppRequest*>(p); });
    soup_message_body_set_accumulate(soup_server_message_get_request_body(msg), FALSE);
    g_signal_connect(msg, "got-chunk", G_CALLBACK(take_chunk), request);
    g_signal_connect(msg, "finished", G_CALLBACK(drop_admitted), nullptr);
}

AdmittedIppRequest* admitted_ipp_request(SoupServerMessage* msg) {
    return static_cast<AdmittedIppRequest*>(g_object_get_data(G_OBJECT(msg), kDataKey));
}

}  // namespace printlink::cloud
