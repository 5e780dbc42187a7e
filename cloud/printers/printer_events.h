// Records printer events for every live subscription of a printer that receives them, then
// tells the listener (the Get-Notifications hold registry) which subscriptions got one.
#pragma once

#include "cloud/cloud_settings.h"
#include "cloud/printers/printer_status.h"
#include "cloud/store/database.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace printlink::cloud {

class PrinterEvents {
  public:
    using Listener = std::function<void(std::int64_t subscription_id)>;

    PrinterEvents(Database& db, const CloudSettings& settings) : db_(db), settings_(settings) {}
    PrinterEvents(const PrinterEvents&) = delete;
    PrinterEvents& operator=(const PrinterEvents&) = delete;

    void set_listener(Listener listener) { listener_ = std::move(listener); }

    // Raises printer-state-changed (plus printer-stopped on entering stopped) when the
    // composite status changed, printer-config-changed when 'config_changed'. A subscription
    // that receives several of them gets one event, for the first.
    [[nodiscard]] Status publish_change(std::int64_t printer_id, const PrinterStatus& before,
                                        const PrinterStatus& after, bool config_changed,
                                        std::int64_t now);

    // Records 'occurred' (most general first) for the printer's subscriptions.
    [[nodiscard]] Status publish(std::int64_t printer_id, const std::vector<std::string>& occurred,
                                 const PrinterStatus& status, std::int64_t now);

  private:
    Database& db_;
    const CloudSettings& settings_;
    Listener listener_;
};

// notify-text for a printer event, e.g. "printer-state-changed: idle; reasons: none".
std::string describe_printer_event(const std::string& event, const PrinterStatus& status);

}  // namespace printlink::cloud
