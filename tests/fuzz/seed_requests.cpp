#include "seed_requests.h"

#include "cloud/ipp/ipp_message.h"
#include "common/ipp/ipp_ptr.h"

namespace printlink::fuzz {
namespace {

constexpr const char* kPrinterUri = "ipps://cloud.example:8631/ipp/print/1";

ipp::IppPtr request(ipp_op_t op) {
    return ipp::new_request(op, kPrinterUri, "alice");
}

SeedRequest encoded(std::string name, ipp_t* message, std::string document = {}) {
    return {std::move(name), cloud::serialize_ipp(message) + document};
}

SeedRequest get_printer_attributes() {
    auto r = request(IPP_OP_GET_PRINTER_ATTRIBUTES);
    const char* const wanted[] = {"printer-description", "job-template", "media-col-database",
                                  "ipp-features-supported"};
    ippAddStrings(r.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 4, nullptr,
                  wanted);
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", nullptr,
                 "application/pdf");
    return encoded("get-printer-attributes.ipp", r.get());
}

SeedRequest print_job() {
    auto r = request(IPP_OP_PRINT_JOB);
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", nullptr, "report");
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", nullptr,
                 "application/pdf");
    ippAddInteger(r.get(), IPP_TAG_JOB, IPP_TAG_INTEGER, "copies", 2);
    ippAddString(r.get(), IPP_TAG_JOB, IPP_TAG_KEYWORD, "sides", nullptr, "two-sided-long-edge");
    ipp_t* media_col = ippNew();
    ipp_t* size = ippNew();
    ippAddInteger(size, IPP_TAG_ZERO, IPP_TAG_INTEGER, "x-dimension", 21000);
    ippAddInteger(size, IPP_TAG_ZERO, IPP_TAG_INTEGER, "y-dimension", 29700);
    ippAddCollection(media_col, IPP_TAG_ZERO, "media-size", size);
    ippDelete(size);
    ippAddCollection(r.get(), IPP_TAG_JOB, "media-col", media_col);
    ippDelete(media_col);
    ippAddResolution(r.get(), IPP_TAG_JOB, "printer-resolution", IPP_RES_PER_INCH, 600, 600);
    ippAddRange(r.get(), IPP_TAG_JOB, "page-ranges", 1, 3);
    return encoded("print-job.ipp", r.get(), "%PDF-1.4\n%fuzz seed document\n");
}

SeedRequest create_printer_subscriptions() {
    auto r = request(IPP_OP_CREATE_PRINTER_SUBSCRIPTIONS);
    ippAddString(r.get(), IPP_TAG_SUBSCRIPTION, IPP_TAG_KEYWORD, "notify-pull-method", nullptr,
                 "ippget");
    const char* const events[] = {"printer-state-changed", "printer-config-changed",
                                  "job-state-changed"};
    ippAddStrings(r.get(), IPP_TAG_SUBSCRIPTION, IPP_TAG_KEYWORD, "notify-events", 3, nullptr,
                  events);
    ippAddInteger(r.get(), IPP_TAG_SUBSCRIPTION, IPP_TAG_INTEGER, "notify-lease-duration", 0);
    return encoded("create-printer-subscriptions.ipp", r.get());
}

SeedRequest get_notifications() {
    auto r = request(IPP_OP_GET_NOTIFICATIONS);
    const int ids[] = {1, 2};
    ippAddIntegers(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-subscription-ids", 2, ids);
    const int sequences[] = {1, 7};
    ippAddIntegers(r.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "notify-sequence-numbers", 2,
                   sequences);
    ippAddBoolean(r.get(), IPP_TAG_OPERATION, "notify-wait", 1);
    return encoded("get-notifications.ipp", r.get());
}

SeedRequest update_output_device_attributes() {
    auto r = request(IPP_OP_UPDATE_OUTPUT_DEVICE_ATTRIBUTES);
    ippAddString(r.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "output-device-uuid", nullptr,
                 "urn:uuid:4a0cb3a2-5e7b-4c1d-9d8e-0123456789ab");
    ippAddInteger(r.get(), IPP_TAG_PRINTER, IPP_TAG_ENUM, "printer-state", IPP_PSTATE_IDLE);
    const char* const reasons[] = {"none"};
    ippAddStrings(r.get(), IPP_TAG_PRINTER, IPP_TAG_KEYWORD, "printer-state-reasons", 1, nullptr,
                  reasons);
    ippAddString(r.get(), IPP_TAG_PRINTER, IPP_TAG_TEXTLANG, "printer-state-message", "en",
                 "Ready");
    ippAddString(r.get(), IPP_TAG_PRINTER, IPP_TAG_NAME, "printer-firmware-name", nullptr,
                 "MainController");
    ippAddString(r.get(), IPP_TAG_PRINTER, IPP_TAG_TEXT, "printer-firmware-string-version", nullptr,
                 "82.70");
    const unsigned char version[] = {0x00, 0x52, 0x00, 0x46};
    ippAddOctetString(r.get(), IPP_TAG_PRINTER, "printer-firmware-version", version,
                      sizeof version);
    ippAddDate(r.get(), IPP_TAG_PRINTER, "printer-current-time", ippTimeToDate(1764000000));
    ippAddOutOfBand(r.get(), IPP_TAG_PRINTER, IPP_TAG_DELETEATTR, "printer-alert");
    return encoded("update-output-device-attributes.ipp", r.get());
}

}  // namespace

bool parses_as_ipp(const std::string& bytes) {
    return cloud::parse_ipp(bytes.data(), bytes.size()) != nullptr;
}

std::vector<SeedRequest> seed_requests() {
    return {get_printer_attributes(), print_job(), create_printer_subscriptions(),
            get_notifications(), update_output_device_attributes()};
}

}  // namespace printlink::fuzz
