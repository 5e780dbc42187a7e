// The firmware update's persisted record, <state_dir>/firmware-state.json: enough to converge
// after a crash or power cut at any step (docs/architecture.md, "Crash safety"). Written
// atomically (common/atomic_file.h) before each step whose effect a crash would otherwise
// leave unexplained.
#pragma once

#include "common/error.h"
#include "common/staged_approval.h"
#include "daemon/firmware/update_state.h"

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>

namespace printlink::daemon {

struct FirmwareState {
    UpdateState state = UpdateState::Idle;
    std::string component, version;  // the target; empty when none
    std::optional<std::time_t> scheduled_at;
    std::string requested_by;  // update-operating-user-uri
    std::string last_error;
    // The catalog entry pinned when the request was accepted, so a restart can resume the
    // download and verify it without waiting for the repository.
    std::string image_url;  // absolute
    std::string image_sha256;
    std::uint64_t image_size = 0;
    bool queue_paused = false;  // we paused the local queue and still owe a resume

    bool has_target() const { return !component.empty() && !version.empty(); }
};

std::string serialize_firmware_state(const FirmwareState& state);
// ErrorCode::Protocol naming the field when the text is not a record we wrote.
[[nodiscard]] Result<FirmwareState> parse_firmware_state(const std::string& json);

// Where the record and the image files of one state directory live.
class FirmwareStateStore {
  public:
    explicit FirmwareStateStore(std::string state_dir);

    // A missing file is a fresh device: the default record. Unreadable or malformed: error.
    [[nodiscard]] Result<FirmwareState> load() const;
    [[nodiscard]] Status save(const FirmwareState& state) const;

    std::string record_path() const;
    std::string partial_image_path(const std::string& component, const std::string& version) const;
    std::string staged_image_path(const std::string& component, const std::string& version) const;
    // The signed catalog the staged image was approved by (common/staged_approval.h).
    StagedApprovalPaths staged_approval_paths(const std::string& component,
                                              const std::string& version) const;
    [[nodiscard]] Status save_staged_approval(const std::string& component,
                                              const std::string& version,
                                              const std::string& catalog,
                                              const std::string& signature) const;
    std::string download_dir() const;
    std::string staged_dir() const;

  private:
    std::string state_dir_;
};

}  // namespace printlink::daemon
