// The mark the printlink CUPS backend leaves on jobs it held during a firmware flash, and how
// printlinkd recognises them to release them afterwards (docs/architecture.md, "Holding jobs
// during a flash").
#pragma once

namespace printlink {

// The backend sets this printer-state-reasons keyword (STATE: +...) on its queue before it
// exits with CUPS_BACKEND_HOLD; cupsd copies the queue's reasons into the held job's
// job-printer-state-reasons and keeps them there, across cupsd restarts. Vendor-prefixed so
// it cannot be mistaken for anyone else's reason; "-report" because nothing is wrong with
// the printer (RFC 8011 §5.4.12: a reason without a suffix is an error).
inline constexpr const char* kBackendHoldReason = "printlink-held-for-firmware-update-report";

}  // namespace printlink
