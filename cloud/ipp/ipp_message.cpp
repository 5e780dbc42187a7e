#include "cloud/ipp/ipp_message.h"

#include <glib.h>

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

// What libcups does not check on read. RFC 8011 §5.1: the cloud accepts only the utf-8 (and
// us-ascii) charset, so every string value, language tag and attribute name must be valid
// UTF-8; refusing other bytes here keeps them out of the stored JSON (nlohmann::json throws
// when asked to serialise them) and out of every response. RFC 8010 §3.9: a resolution's
// units are 3 (per inch) or 4 (per cm); any other value would be out of ipp_res_t's range.
bool values_are_well_formed(ipp_t* message) {
    for (ipp_attribute_t* attr = ippFirstAttribute(message); attr;
         attr = ippNextAttribute(message)) {
        const char* name = ippGetName(attr);
        if (name && !g_utf8_validate(name, -1, nullptr)) return false;
        const ipp_tag_t tag = ippGetValueTag(attr);
        for (int i = 0; i < ippGetCount(attr); ++i) {
            if (tag == IPP_TAG_BEGIN_COLLECTION) {
                if (!values_are_well_formed(ippGetCollection(attr, i))) return false;
            } else if (ipp::is_string_tag(tag)) {
                const char* language = nullptr;
                const char* value = ippGetString(attr, i, &language);
                if (value && !g_utf8_validate(value, -1, nullptr)) return false;
                if (language && !g_utf8_validate(language, -1, nullptr)) return false;
            } else if (tag == IPP_TAG_RESOLUTION) {
                int y = 0;
                ipp_res_t units = IPP_RES_PER_INCH;
                (void)ippGetResolution(attr, i, &y, &units);
                // Copied as bytes: loading an out-of-range enum value is undefined.
                static_assert(sizeof units == sizeof(int));
                int raw = 0;
                std::memcpy(&raw, &units, sizeof raw);
                if (raw != IPP_RES_PER_INCH && raw != IPP_RES_PER_CM) return false;
            }
        }
    }
    return true;
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
    if (state != IPP_STATE_DATA || !values_are_well_formed(message.get())) return nullptr;
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
