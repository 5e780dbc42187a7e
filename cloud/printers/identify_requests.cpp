#include "cloud/printers/identify_requests.h"

#include "cloud/printers/printer_change.h"
#include "common/log.h"

namespace printlink::cloud {
namespace {

constexpr const char* kLog = "cloud-ipp";

std::string joined(const std::vector<std::string>& values) {
    std::string text;
    for (const auto& v : values) text += (text.empty() ? "" : ",") + v;
    return text;
}

}  // namespace

Status IdentifyRequests::request(const IdentifyRequest& request, std::int64_t now) {
    PrinterChange change(db_, settings_, events_, request.printer_id, now);
    if (auto s = change.begin(); !s) return s;
    if (auto s = IdentifyRequestStore(db_).replace(request); !s) return s;
    // A request replacing a pending one changes no reason, so raises no event: the Proxy
    // has been told already and will acknowledge the latest.
    if (auto s = change.commit(); !s) return s;
    log::info(kLog, "printer " + std::to_string(request.printer_id) + ": identify (" +
                        joined(request.actions) + ") requested by " + request.requested_by);
    return Ok{};
}

Result<IdentifyRequest> IdentifyRequests::acknowledge(std::int64_t printer_id, std::int64_t now) {
    PrinterChange change(db_, settings_, events_, printer_id, now);
    if (auto s = change.begin(); !s) return s.error();
    if (!change.before().pending_identify) {
        return make_error(ErrorCode::InvalidState, "no Identify-Printer request is pending");
    }
    const IdentifyRequest request = *change.before().pending_identify;
    if (auto cleared = IdentifyRequestStore(db_).clear(printer_id); !cleared) {
        return cleared.error();
    }
    if (auto s = change.commit(); !s) return s.error();
    log::info(kLog, "printer " + std::to_string(printer_id) + ": identify (" +
                        joined(request.actions) + ") acknowledged by the output device");
    return request;
}

}  // namespace printlink::cloud
