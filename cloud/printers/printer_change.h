// One change to a printer, made in one transaction and told to its subscribers: begin() opens
// the transaction and takes the printer as it was, the caller changes the store, and commit()
// takes the printer as it is now, records the events the difference raises
// (PrinterEvents::publish_change) and commits. A change dropped before commit() rolls back.
#pragma once

#include "cloud/cloud_settings.h"
#include "cloud/printers/printer_events.h"
#include "cloud/printers/printer_snapshot.h"
#include "cloud/store/database.h"

#include <cstdint>
#include <optional>

namespace printlink::cloud {

class PrinterChange {
  public:
    PrinterChange(Database& db, const CloudSettings& settings, PrinterEvents& events,
                  std::int64_t printer_id, std::int64_t now)
        : db_(db), settings_(settings), events_(events), printer_id_(printer_id), now_(now) {}
    PrinterChange(const PrinterChange&) = delete;
    PrinterChange& operator=(const PrinterChange&) = delete;

    // Opens the transaction and loads the printer. Errors: NotFound (no such printer).
    [[nodiscard]] Status begin();

    // The printer as begin() found it; only after begin() succeeded.
    const PrinterSnapshot& before() const { return *before_; }

    // Records what changed since begin() as events, then commits.
    [[nodiscard]] Status commit();

  private:
    Database& db_;
    const CloudSettings& settings_;
    PrinterEvents& events_;
    const std::int64_t printer_id_;
    const std::int64_t now_;
    std::optional<Transaction> tx_;
    std::optional<PrinterSnapshot> before_;
};

}  // namespace printlink::cloud
