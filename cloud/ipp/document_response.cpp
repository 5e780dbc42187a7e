#include "cloud/ipp/document_response.h"

#include "cloud/ipp/notification_holds.h"
#include "common/log.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-ipp";
constexpr const char* kDataKey = "printlink-document-response";
constexpr std::size_t kChunkBytes = 64 * 1024;

struct DocumentStream {
    SpooledFile file;
    std::int64_t sent = 0;
};

// Appends the next chunk of the file, or completes the body at its end. A read error ends the
// body short of its Content-Length: the client sees a cut response, never wrong bytes.
void append_next_chunk(SoupServerMessage* msg, DocumentStream& stream) {
    SoupMessageBody* body = soup_server_message_get_response_body(msg);
    const std::int64_t left = stream.file.size - stream.sent;
    if (left <= 0) {
        soup_message_body_complete(body);
        return;
    }
    const std::size_t want = static_cast<std::size_t>(std::min<std::int64_t>(left, kChunkBytes));
    auto* buffer = static_cast<char*>(g_malloc(want));
    ssize_t n;
    do {
        n = pread(stream.file.fd.get(), buffer, want, stream.sent);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) {
        g_free(buffer);
        log::error(kLog, "reading a spooled document after " + std::to_string(stream.sent) +
                             " bytes: " + (n < 0 ? std::strerror(errno) : "the file got shorter"));
        soup_message_body_complete(body);
        return;
    }
    stream.sent += n;
    GBytes* chunk = g_bytes_new_take(buffer, static_cast<gsize>(n));
    soup_message_body_append_bytes(body, chunk);
    g_bytes_unref(chunk);
}

}  // namespace

void set_ipp_response_with_document(SoupServerMessage* msg, ipp_t* response, SpooledFile document) {
    set_ipp_response(msg, response);
    SoupMessageBody* body = soup_server_message_get_response_body(msg);
    // Written chunks are dropped at once; the length is declared up front.
    soup_message_body_set_accumulate(body, FALSE);
    soup_message_headers_set_content_length(soup_server_message_get_response_headers(msg),
                                            body->length + document.size);
    auto* stream = new DocumentStream{std::move(document), 0};
    g_object_set_data_full(G_OBJECT(msg), kDataKey, stream,
                           [](gpointer p) { delete static_cast<DocumentStream*>(p); });
    g_signal_connect(msg, "wrote-chunk", G_CALLBACK(+[](SoupServerMessage* m, gpointer data) {
                         append_next_chunk(m, *static_cast<DocumentStream*>(data));
                     }),
                     stream);
    // The file closes once the exchange ends, finished or cut.
    g_signal_connect(msg, "finished", G_CALLBACK(+[](SoupServerMessage* m, gpointer) {
                         if (gpointer s = g_object_get_data(G_OBJECT(m), kDataKey)) {
                             g_signal_handlers_disconnect_by_data(m, s);
                         }
                         g_object_set_data(G_OBJECT(m), kDataKey, nullptr);
                     }),
                     nullptr);
}

}  // namespace printlink::cloud
