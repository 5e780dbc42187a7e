// printlinkctl register | unregister: joining the cloud from the panel (patent Figure 1).
#pragma once

#include <string>

namespace printlink::ctl {

// Exit status of 'register', one per outcome, so a script (or a panel) can tell them apart.
enum RegisterExit : int {
    kRegistered = 0,
    kRegisterFailed = 1,     // the cloud could not be reached, refused, or printlinkd said no
    kRegisterDenied = 3,     // an administrator denied the device
    kRegisterExpired = 4,    // nobody approved the code in time
    kRegisterCancelled = 5,  // Ctrl-C here, or Unregister from elsewhere
};

// Asks printlinkd to register with 'cloud_url' ("" = its configured registration_url), shows
// the verification URL, the user code and a QR code, and counts down until it is decided.
int run_register(const std::string& cloud_url);
// Deregisters and forgets the token; waits until printlinkd says it is done. 0 ok, 1 failed.
int run_unregister();

}  // namespace printlink::ctl
