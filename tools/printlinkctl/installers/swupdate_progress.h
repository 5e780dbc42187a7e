// SWUpdate's progress messages (struct progress_msg from libswupdate-dev's progress_ipc.h, as
// SWUpdate 2022.12 sends them on its progress socket) turned into one percentage for the
// whole install, and its "[ERROR] : ..." lines turned into a reason for people.
#pragma once

#include "tools/printlinkctl/progress_line.h"

#include <optional>
#include <string>
#include <string_view>

struct progress_msg;

namespace printlink::ctl {

class SwupdateProgress {
  public:
    // The progress this message means, or nullopt when it adds nothing new (repeats, other
    // sources' messages, the final DONE/IDLE).
    std::optional<ProgressLine> update(const progress_msg& message);
    // Whether a message said SUCCESS or FAILURE; what SWUpdate's exit status also says.
    bool reported_success() const { return succeeded_; }
    bool reported_failure() const { return failed_; }

  private:
    std::optional<ProgressLine> last_;
    bool succeeded_ = false, failed_ = false;
};

// "[ERROR] : SWUPDATE failed [0] ERROR : HASH mismatch : ..." -> "HASH mismatch : ..."; ""
// for a line that is not an error.
std::string swupdate_error_text(std::string_view line);

}  // namespace printlink::ctl
