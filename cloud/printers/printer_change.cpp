#include "cloud/printers/printer_change.h"

namespace printlink::cloud {

Status PrinterChange::begin() {
    tx_.emplace(db_);
    if (!tx_->begun()) return tx_->begun();
    auto loaded = load_printer_snapshot(db_, settings_, printer_id_, now_);
    if (!loaded) return loaded.error();
    if (!*loaded) return make_error(ErrorCode::NotFound, "no such printer");
    before_ = std::move(*loaded);
    return Ok{};
}

Status PrinterChange::commit() {
    if (!before_) return make_error(ErrorCode::Internal, "commit without begin");
    auto after = load_printer_snapshot(db_, settings_, printer_id_, now_);
    if (!after) return after.error();
    if (!*after) return make_error(ErrorCode::NotFound, "no such printer");
    if (auto s =
            events_.publish_change(printer_id_, before_->status, (*after)->status, false, now_);
        !s) {
        return s;
    }
    return tx_->commit();
}

}  // namespace printlink::cloud
