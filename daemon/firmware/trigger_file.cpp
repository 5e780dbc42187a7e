#include "daemon/firmware/trigger_file.h"

#include "common/atomic_file.h"
#include "common/log.h"
#include "daemon/firmware/file_ops.h"
#include "daemon/firmware/firmware_state.h"

namespace printlink::daemon {

TriggerFile::TriggerFile(const Config& config)
    : trigger_path_(config.installer.trigger_file), state_dir_(config.device.state_dir) {}

Status TriggerFile::request_install() {
    auto record = FirmwareStateStore(state_dir_).load();
    if (!record) return record.error();
    if (!record->has_target() || record->image_sha256.empty())
        return make_error(ErrorCode::InvalidState, "no staged firmware image to install");

    auto slash = trigger_path_.find_last_of('/');
    if (slash != std::string::npos && slash > 0) {
        if (auto made = make_directories(trigger_path_.substr(0, slash), 0755); !made) return made;
    }
    std::string content =
        record->component + "\n" + record->version + "\n" + record->image_sha256 + "\n";
    // World-readable: the installer runs as root but the path unit only needs to see it.
    if (auto written = write_file_atomically(trigger_path_, content, 0644); !written)
        return written;
    log::info("firmware", "asked the installer to run (" + trigger_path_ + ")");
    return Ok{};
}

void TriggerFile::withdraw() {
    remove_file(trigger_path_);
}

}  // namespace printlink::daemon
