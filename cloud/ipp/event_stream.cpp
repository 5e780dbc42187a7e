#include "cloud/ipp/event_stream.h"

#include <glib.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <vector>

namespace printlink::cloud {

bool accepts_event_stream(const char* accept_header) {
    if (!accept_header) return false;
    // Media ranges are separated by commas; each may carry parameters after ';'.
    std::string_view rest(accept_header);
    while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        std::string_view range = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        range = range.substr(0, range.find(';'));
        while (!range.empty() && (range.front() == ' ' || range.front() == '\t'))
            range.remove_prefix(1);
        while (!range.empty() && (range.back() == ' ' || range.back() == '\t'))
            range.remove_suffix(1);
        if (g_ascii_strncasecmp(range.data(), "multipart/related", range.size()) == 0 &&
            range.size() == std::strlen("multipart/related")) {
            return true;
        }
    }
    return false;
}

std::string new_stream_boundary() {
    gchar* uuid = g_uuid_string_random();
    std::string boundary = std::string("printlink-events-") + uuid;
    g_free(uuid);
    return boundary;
}

std::string event_stream_content_type(std::string_view boundary) {
    return "multipart/related; type=\"application/ipp\"; boundary=\"" + std::string(boundary) +
           "\"";
}

std::string event_stream_part(std::string_view boundary, std::string_view ipp) {
    std::string part;
    part.reserve(boundary.size() + ipp.size() + 48);
    part += "--";
    part += boundary;
    part += "\r\nContent-Type: application/ipp\r\n\r\n";
    part += ipp;
    part += "\r\n";  // with the next "--boundary", the delimiter of RFC 2046 §5.1.1
    return part;
}

std::string event_stream_end(std::string_view boundary) {
    return "--" + std::string(boundary) + "--\r\n";
}

void advance_sequence_numbers(ipp_t* request, ipp_t* response) {
    ipp_attribute_t* ids = ippFindAttribute(request, "notify-subscription-ids", IPP_TAG_INTEGER);
    if (!ids) return;
    std::vector<int> next(static_cast<std::size_t>(ippGetCount(ids)), 1);
    if (ipp_attribute_t* sequences =
            ippFindAttribute(request, "notify-sequence-numbers", IPP_TAG_INTEGER)) {
        for (int i = 0; i < ippGetCount(sequences) && i < ippGetCount(ids); ++i)
            next[static_cast<std::size_t>(i)] = std::max(ippGetInteger(sequences, i), 1);
    }
    std::map<int, int> highest;  // subscription id -> highest sequence number returned
    int subscription = 0;
    for (ipp_attribute_t* a = ippFirstAttribute(response); a; a = ippNextAttribute(response)) {
        if (ippGetGroupTag(a) != IPP_TAG_EVENT_NOTIFICATION || !ippGetName(a) ||
            ippGetValueTag(a) != IPP_TAG_INTEGER) {
            continue;
        }
        // Each event group names its subscription before its sequence number.
        if (std::strcmp(ippGetName(a), "notify-subscription-id") == 0) {
            subscription = ippGetInteger(a, 0);
        } else if (std::strcmp(ippGetName(a), "notify-sequence-number") == 0) {
            int& h = highest[subscription];
            h = std::max(h, ippGetInteger(a, 0));
        }
    }
    for (int i = 0; i < ippGetCount(ids); ++i) {
        auto found = highest.find(ippGetInteger(ids, i));
        if (found != highest.end())
            next[static_cast<std::size_t>(i)] =
                std::max(next[static_cast<std::size_t>(i)], found->second + 1);
    }
    ippDeleteAttribute(request, ippFindAttribute(request, "notify-sequence-numbers", IPP_TAG_ZERO));
    ippAddIntegers(request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-sequence-numbers",
                   static_cast<int>(next.size()), next.data());
}

void stay_in_wait_mode(ipp_t* response) {
    ippDeleteAttribute(response, ippFindAttribute(response, "notify-get-interval", IPP_TAG_ZERO));
}

}  // namespace printlink::cloud
