#include "cloud/ipp/request_document.h"

#include <algorithm>
#include <cstring>

namespace printlink::cloud {
namespace {

struct Reader {
    const unsigned char* data;
    std::size_t size;
    std::size_t offset;
};

// ippReadIO asks for exactly the bytes of the next field, so 'offset' ends on the message's
// last byte (the end-of-attributes tag).
ssize_t read_exact(void* context, ipp_uchar_t* buffer, size_t length) {
    auto* reader = static_cast<Reader*>(context);
    std::size_t n = std::min(length, reader->size - reader->offset);
    std::memcpy(buffer, reader->data + reader->offset, n);
    reader->offset += n;
    return static_cast<ssize_t>(n);
}

}  // namespace

ipp::IppPtr parse_ipp_prefix(const void* data, std::size_t size, std::size_t& message_size) {
    message_size = 0;
    if (!data || size == 0) return nullptr;
    Reader reader{static_cast<const unsigned char*>(data), size, 0};
    ipp::IppPtr message(ippNew());
    if (ippReadIO(&reader, read_exact, 1, nullptr, message.get()) != IPP_STATE_DATA) {
        return nullptr;
    }
    message_size = reader.offset;
    return message;
}

}  // namespace printlink::cloud
