// The pages of the management web UI, rendered from plain view structs (no store, no HTTP),
// with stable element ids the tests read:
//   printer page: #printer-name #printer-id #printer-model #printer-state #registered-at,
//   rows tr[data-component] with td.fw-name td.fw-version td.fw-latest, #update-firmware
//   (the button), #update-pending, #update-failed; login page: #login-error.
#pragma once

#include "cloud/printers/printer_status.h"
#include "cloud/web/html.h"
#include "cloud/web/update_status_section.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace printlink::cloud {

struct LoginPageView {
    std::string user_name;  // refilled after a failed attempt
    bool failed = false;
};

struct PrinterListRow {
    std::int64_t id = 0;
    std::string name;
    std::string model;
    DisplayState state = DisplayState::Offline;
    std::int64_t registered_at = 0;
};

struct FirmwareRow {
    std::string name;
    std::string version;
    std::string latest;  // what the table shows: the newer version, else the installed one
    bool newer = false;
};

struct PendingUpdateNote {
    std::string requested_by;
    std::int64_t start_at = 0;  // 0 = now
    std::string component;
    std::string target_version;
};

struct PrinterPageView {
    PageViewer viewer;
    std::int64_t id = 0;
    std::string name;
    std::string model;
    DisplayState state = DisplayState::Offline;
    std::int64_t registered_at = 0;
    std::vector<FirmwareRow> firmware;
    std::optional<std::string> failure_message;  // set while firmware-update-failed
    std::optional<PendingUpdateNote> pending;
    std::vector<std::string> offer;      // components the update form offers; empty = no form
    bool newer_but_not_allowed = false;  // newer firmware exists but the viewer lacks the right
    UpdateStatusView update_status;      // progress, withdrawal
};

std::string render_login_page(const LoginPageView& view);
std::string render_printer_list(const PageViewer& viewer, const std::vector<PrinterListRow>& rows);
std::string render_printer_page(const PrinterPageView& view);
// A short page for refusals and errors, with a link back.
std::string render_message_page(const std::optional<PageViewer>& viewer, const std::string& title,
                                const std::string& message, const std::string& back_href);

}  // namespace printlink::cloud
