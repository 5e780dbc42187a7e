#include "daemon/cloud/attribute_diff.h"

#include <string>
#include <vector>

namespace printlink::daemon::cloud {
namespace {

std::string value_text(ipp_attribute_t* attr) {
    // Large collections (media-col-database) need more than a fixed buffer: ask for the size.
    const std::size_t size = ippAttributeString(attr, nullptr, 0);
    std::string text(size + 1, '\0');
    ippAttributeString(attr, text.data(), text.size());
    text.resize(size);
    return text;
}

ipp_attribute_t* find_printer_attribute(ipp_t* message, const char* name) {
    if (!message) return nullptr;
    for (ipp_attribute_t* a = ippFirstAttribute(message); a; a = ippNextAttribute(message)) {
        const char* n = ippGetName(a);
        if (n && ippGetGroupTag(a) == IPP_TAG_PRINTER && std::string(n) == name) return a;
    }
    return nullptr;
}

std::vector<ipp_attribute_t*> printer_attributes(ipp_t* message) {
    std::vector<ipp_attribute_t*> out;
    if (!message) return out;
    for (ipp_attribute_t* a = ippFirstAttribute(message); a; a = ippNextAttribute(message)) {
        if (ippGetName(a) && ippGetGroupTag(a) == IPP_TAG_PRINTER) out.push_back(a);
    }
    return out;
}

}  // namespace

bool same_attribute(ipp_attribute_t* a, ipp_attribute_t* b) {
    if (!a || !b) return a == b;
    return ippGetValueTag(a) == ippGetValueTag(b) && ippGetCount(a) == ippGetCount(b) &&
           value_text(a) == value_text(b);
}

ipp::IppPtr changed_attributes(ipp_t* last, ipp_t* now) {
    ipp::IppPtr changed(ippNew());
    // Collected first: ippFirstAttribute/ippNextAttribute share one cursor per message.
    const auto now_attributes = printer_attributes(now);
    for (ipp_attribute_t* a : now_attributes) {
        if (!same_attribute(find_printer_attribute(last, ippGetName(a)), a)) {
            ippCopyAttribute(changed.get(), a, 0);
        }
    }
    for (ipp_attribute_t* a : printer_attributes(last)) {
        if (!find_printer_attribute(now, ippGetName(a))) {
            ippAddOutOfBand(changed.get(), IPP_TAG_PRINTER, IPP_TAG_DELETEATTR, ippGetName(a));
        }
    }
    return changed;
}

int attribute_count(ipp_t* message) {
    return static_cast<int>(printer_attributes(message).size());
}

}  // namespace printlink::daemon::cloud
