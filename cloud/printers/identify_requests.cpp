#include "cloud/printers/identify_requests.h"

#include "cloud/printers/printer_snapshot.h"
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
    Transaction tx(db_);
    if (!tx.begun()) return tx.begun();
    auto before = load_printer_snapshot(db_, settings_, request.printer_id, now);
    if (!before) return before.error();
    if (!*before) return make_error(ErrorCode::NotFound, "no such printer");
    if (auto s = IdentifyRequestStore(db_).replace(request); !s) return s;
    auto after = load_printer_snapshot(db_, settings_, request.printer_id, now);
    if (!after) return after.error();
    // A request replacing a pending one changes no reason, so raises no event: the Proxy
    // has been told already and will acknowledge the latest.
    if (auto s = events_.publish_change(request.printer_id, (*before)->status, (*after)->status,
                                        false, now);
        !s) {
        return s;
    }
    if (auto s = tx.commit(); !s) return s;
    log::info(kLog, "printer " + std::to_string(request.printer_id) + ": identify (" +
                        joined(request.actions) + ") requested by " + request.requested_by);
    return Ok{};
}

Result<IdentifyRequest> IdentifyRequests::acknowledge(std::int64_t printer_id, std::int64_t now) {
    Transaction tx(db_);
    if (!tx.begun()) return tx.begun().error();
    auto before = load_printer_snapshot(db_, settings_, printer_id, now);
    if (!before) return before.error();
    if (!*before) return make_error(ErrorCode::NotFound, "no such printer");
    if (!(*before)->pending_identify) {
        return make_error(ErrorCode::InvalidState, "no Identify-Printer request is pending");
    }
    const IdentifyRequest request = *(*before)->pending_identify;
    if (auto cleared = IdentifyRequestStore(db_).clear(printer_id); !cleared) {
        return cleared.error();
    }
    auto after = load_printer_snapshot(db_, settings_, printer_id, now);
    if (!after) return after.error();
    if (auto s =
            events_.publish_change(printer_id, (*before)->status, (*after)->status, false, now);
        !s) {
        return s.error();
    }
    if (auto s = tx.commit(); !s) return s.error();
    log::info(kLog, "printer " + std::to_string(printer_id) + ": identify (" +
                        joined(request.actions) + ") acknowledged by the output device");
    return request;
}

}  // namespace printlink::cloud
