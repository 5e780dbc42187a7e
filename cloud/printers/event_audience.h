// Which subscriptions hear of what, beyond the keyword match of event_matching.h:
// - a per-job subscription hears of its own job, and of the printer while its job runs;
//   once the job ended it hears of nothing more (RFC 3995 §5.3.3, §11.1.2);
// - a per-printer subscription hears of every printer event, and of the jobs its owner may
//   see: the device and operators/administrators see every job of the printer, a 'user'
//   account only its own (the rule of Get-Jobs, docs/protocol.md §7.1; a subscription must
//   not tell a user what Get-Jobs hides from it).
#pragma once

#include "cloud/auth/role.h"
#include "cloud/store/subscription_store.h"

#include <cstdint>
#include <optional>
#include <string>

namespace printlink::cloud {

bool receives_printer_events(const Subscription& subscription);

// 'job_owner' is the job's job-originating-user-name; 'owner_role' the role the
// subscription's account holds now (nullopt when the account no longer exists; not used for
// the device's subscriptions).
bool receives_job_events(const Subscription& subscription, std::int64_t job_id,
                         const std::string& job_owner, std::optional<Role> owner_role);

}  // namespace printlink::cloud
