#include "cloud/ipp/ipp_message.h"

#include <algorithm>
#include <cstring>

namespace printlink::cloud {
namespace {

struct MemoryReader {
    const unsigned char* data;
    std::size_t size;
    std::size_t offset;
};

ssize_t read_memory(void* context, ipp_uchar_t* buffer, size_t length) {
    auto* reader = static_cast<MemoryReader*>(context);
    std::size_t n = std::min(length, reader->size - reader->offset);
    std::memcpy(buffer, reader->data + reader->offset, n);
    reader->offset += n;
    return static_cast<ssize_t>(n);
}

ssize_t write_string(void* context, ipp_uchar_t* buffer, size_t length) {
    static_cast<std::string*>(context)->append(reinterpret_cast<const char*>(buffer), length);
    return static_cast<ssize_t>(length);
}

}  // namespace

ipp::IppPtr parse_ipp(const void* data, std::size_t size) {
    if (!data || size == 0) return nullptr;
    MemoryReader reader{static_cast<const unsigned char*>(data), size, 0};
    ipp::IppPtr message(ippNew());
    // Blocking mode: a short read means the message is truncated, which ippReadIO reports
    // as IPP_STATE_ERROR instead of waiting for more.
    ipp_state_t state = ippReadIO(&reader, read_memory, 1, nullptr, message.get());
    if (state != IPP_STATE_DATA) return nullptr;
    return message;
}

std::string serialize_ipp(ipp_t* message) {
    std::string out;
    ippSetState(message, IPP_STATE_IDLE);
    if (ippWriteIO(&out, write_string, 1, nullptr, message) != IPP_STATE_DATA) return {};
    return out;
}

void set_status(ipp_t* response, ipp_status_t status, const std::string& message) {
    ippSetStatusCode(response, status);
    if (!message.empty()) {
        ippAddString(response, IPP_TAG_OPERATION, IPP_TAG_TEXT, "status-message", nullptr,
                     message.c_str());
    }
}

void add_unsupported(ipp_t* response, ipp_attribute_t* attr) {
    ipp_attribute_t* copy = ippCopyAttribute(response, attr, 0);
    if (copy) ippSetGroupTag(response, &copy, IPP_TAG_UNSUPPORTED_GROUP);
}

}  // namespace printlink::cloud
