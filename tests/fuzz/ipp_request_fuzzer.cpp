// Fuzz target for the IPP request parse path of printlink-cloud: the bytes of a POST body go
// through parse_ipp() exactly as IppHandler::handle() passes them, then through what every
// operation does with a parsed request (typed reads of the operation attributes, the lossless
// JSON form the cloud stores for device attributes, and serialising a response). Built as a
// libFuzzer target or with standalone_fuzz_driver.cpp; any sanitizer report is a failure.
#include "cloud/ipp/attribute_json.h"
#include "cloud/ipp/ipp_message.h"
#include "common/ipp/ipp_ptr.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

using namespace printlink;

// What the handler and the operations read from any request before acting on it.
void read_operation_attributes(ipp_t* request) {
    int minor = 0;
    (void)ippGetVersion(request, &minor);
    (void)ippGetRequestId(request);
    (void)ippOpString(ippGetOperation(request));
    (void)ipp::get_string(request, "attributes-charset", IPP_TAG_OPERATION);
    (void)ipp::get_string(request, "printer-uri", IPP_TAG_OPERATION);
    (void)ipp::get_strings(request, "requested-attributes", IPP_TAG_OPERATION);
    (void)ipp::get_integer(request, "notify-subscription-id", IPP_TAG_OPERATION);
    (void)ipp::get_integers(request, "notify-subscription-ids", IPP_TAG_OPERATION);
    (void)ipp::get_integers(request, "notify-sequence-numbers", IPP_TAG_OPERATION);
    (void)ipp::get_boolean(request, "notify-wait", IPP_TAG_OPERATION);
    (void)ipp::get_enum(request, "printer-state", IPP_TAG_PRINTER);
    (void)ipp::get_date(request, "printer-current-time");
}

// Every attribute as the cloud keeps it (Update-Output-Device-Attributes stores the JSON
// form) and as it sends it back: the round trip must not crash on any value libcups accepts.
void store_and_rebuild_attributes(ipp_t* request) {
    ipp::IppPtr rebuilt(ippNew());
    char text[1024];
    for (ipp_attribute_t* attr = ippFirstAttribute(request); attr;
         attr = ippNextAttribute(request)) {
        (void)ippAttributeString(attr, text, sizeof text);
        const char* name = ippGetName(attr);
        if (!name) continue;
        if (auto json = cloud::attribute_to_json(attr)) {
            (void)cloud::add_attribute_from_json(rebuilt.get(), IPP_TAG_PRINTER, name, *json);
            // Stored as text in SQLite and read back later.
            const std::string stored = json->dump();
            auto reread = nlohmann::json::parse(stored, nullptr, false);
            if (!reread.is_discarded()) {
                (void)cloud::add_attribute_from_json(rebuilt.get(), IPP_TAG_PRINTER, name, reread);
            }
        }
    }
    (void)cloud::serialize_ipp(rebuilt.get());
}

void answer(ipp_t* request) {
    ipp::IppPtr response(ippNewResponse(request));
    if (!response) return;
    cloud::set_status(response.get(), IPP_STATUS_ERROR_BAD_REQUEST, "fuzz");
    for (ipp_attribute_t* attr = ippFirstAttribute(request); attr;
         attr = ippNextAttribute(request)) {
        if (ippGetGroupTag(attr) == IPP_TAG_OPERATION && ippGetName(attr)) {
            cloud::add_unsupported(response.get(), attr);
        }
    }
    const std::string bytes = cloud::serialize_ipp(response.get());
    (void)cloud::parse_ipp(bytes.data(), bytes.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ipp::IppPtr request = cloud::parse_ipp(data, size);
    if (!request) return 0;
    read_operation_attributes(request.get());
    store_and_rebuild_attributes(request.get());
    answer(request.get());
    // A request the cloud parsed must serialise and parse again (it may forward it).
    const std::string again = cloud::serialize_ipp(request.get());
    (void)cloud::parse_ipp(again.data(), again.size());
    return 0;
}
