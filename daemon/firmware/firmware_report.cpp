#include "daemon/firmware/firmware_report.h"

#include "common/ipp/extension.h"
#include "daemon/firmware/update_progress.h"

namespace printlink::daemon {

std::string updating_message(const std::string& component, const std::string& version) {
    return "Updating firmware " + component + " to " + version;
}

namespace {

std::optional<std::time_t> start_time(const FirmwareFacts& facts) {
    return facts.starts_at ? facts.starts_at : facts.record.scheduled_at;
}

std::string utc_minute(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
    return buf;
}

// ": downloading, 35%" — the phase and the overall percent in cloud steps; "" without a phase.
std::string phase_suffix(const FirmwareFacts& facts) {
    std::string_view words = phase_words(facts.phase);
    if (words.empty()) return "";
    unsigned step = cloud_progress_step(overall_progress(facts.phase, facts.progress));
    return ": " + std::string(words) + ", " + std::to_string(step) + "%";
}

// printer-state-message while an update runs but before Updating (the printer still prints).
std::string preparing_message(const FirmwareFacts& facts) {
    const FirmwareState& r = facts.record;
    std::string what = "Firmware update of " + r.component + " to " + r.version;
    if (r.state == UpdateState::Scheduled) {
        auto at = start_time(facts);
        return at ? what + " scheduled for " + utc_minute(*at) : what + " scheduled";
    }
    return what + phase_suffix(facts);
}

}  // namespace

FirmwareSnapshot make_snapshot(const FirmwareFacts& facts) {
    FirmwareSnapshot s;
    s.state = std::string(to_string(facts.record.state));
    for (std::size_t i = 0; i < facts.installed.size(); ++i) {
        s.components.push_back({facts.installed[i].name, facts.installed[i].version,
                                i < facts.latest.size() ? facts.latest[i] : std::string()});
    }
    if (!is_at_rest(facts.record.state)) {
        s.target_component = facts.record.component;
        s.target_version = facts.record.version;
    }
    if (auto at = start_time(facts); at && *at > 0)
        s.scheduled_at_us = static_cast<std::uint64_t>(*at) * 1000000u;
    s.requested_by = facts.record.requested_by;
    s.progress = overall_progress(facts.phase, facts.progress);
    s.phase = facts.phase;
    s.phase_progress = facts.progress;
    s.last_error = facts.record.last_error;
    return s;
}

FirmwareReport make_report(const FirmwareFacts& facts) {
    FirmwareReport r;
    bool anything_newer = false;
    for (std::size_t i = 0; i < facts.installed.size(); ++i) {
        const InstalledComponent& c = facts.installed[i];
        std::string latest = i < facts.latest.size() ? facts.latest[i] : std::string();
        anything_newer = anything_newer || !latest.empty();
        r.components.push_back({c.name, c.version, latest, c.patches});
    }
    if (anything_newer) r.reasons.push_back(ipp::kReasonUpdateAvailable);
    r.updating = is_updating(facts.record.state);
    r.update_state = std::string(to_string(facts.record.state));
    if (r.updating) {
        r.reasons.push_back(ipp::kReasonUpdateInProgress);
        r.message =
            updating_message(facts.record.component, facts.record.version) + phase_suffix(facts);
    } else if (facts.record.state == UpdateState::Failed) {
        r.reasons.push_back(ipp::kReasonUpdateFailed);
        r.message = facts.record.last_error;
    } else if (!is_at_rest(facts.record.state) && facts.record.has_target()) {
        r.message = preparing_message(facts);
    } else {
        r.message = facts.notice;
    }
    return r;
}

bool operator==(const FirmwareSnapshot& a, const FirmwareSnapshot& b) {
    if (a.components.size() != b.components.size()) return false;
    for (std::size_t i = 0; i < a.components.size(); ++i) {
        const auto &x = a.components[i], &y = b.components[i];
        if (x.name != y.name || x.installed != y.installed || x.latest != y.latest) return false;
    }
    return a.state == b.state && a.target_component == b.target_component &&
           a.target_version == b.target_version && a.scheduled_at_us == b.scheduled_at_us &&
           a.requested_by == b.requested_by && a.progress == b.progress && a.phase == b.phase &&
           a.phase_progress == b.phase_progress && a.last_error == b.last_error;
}

bool operator==(const FirmwareReport& a, const FirmwareReport& b) {
    if (a.components.size() != b.components.size()) return false;
    for (std::size_t i = 0; i < a.components.size(); ++i) {
        const auto &x = a.components[i], &y = b.components[i];
        if (x.name != y.name || x.installed != y.installed || x.latest != y.latest ||
            x.patches != y.patches)
            return false;
    }
    return a.reasons == b.reasons && a.updating == b.updating && a.message == b.message &&
           a.update_state == b.update_state;
}

}  // namespace printlink::daemon
