// The printlink firmware extension to IPP INFRA (docs/protocol.md), declared in one place.
// None of these names is IANA-registered; see docs/protocol.md for why each was chosen.
#pragma once

#include <cups/ipp.h>

namespace printlink::ipp {

// Vendor operation (RFC 8011 §7.8: 0x4000-0x7FFF). Clear of CUPS (0x4000-0x400F,
// 0x4027-0x4028) and PAPPL (0x402B-0x402D).
inline constexpr ipp_op_t kOpAcknowledgeUpdateFirmware = static_cast<ipp_op_t>(0x4F50);
inline constexpr const char* kOpAcknowledgeUpdateFirmwareName = "Acknowledge-Update-Firmware";

// Printer attribute: 1setOf text(MAX), same cardinality and order as printer-firmware-name;
// an empty string where nothing newer is known.
inline constexpr const char* kAttrFirmwareLatestVersion = "printer-firmware-latest-version";

// Printer attribute: type2 keyword, the device's firmware-update state (the Firmware.State
// words of dbus/org.printlink.Agent1.xml: idle, available, requested, scheduled, downloading,
// verifying, awaiting-confirmation, staged, draining, installing, restarting, failed). The
// cloud learns from it whether an update may still be withdrawn (not once 'installing').
inline constexpr const char* kAttrFirmwareUpdateState = "printer-firmware-update-state";

// Acknowledge-Update-Firmware response (operation attributes group, like
// Acknowledge-Identify-Printer's identify-actions/message in INFRA §5.2).
inline constexpr const char* kAttrFirmwareUpdateTime =
    "firmware-update-time";  // keyword 'now' | dateTime
inline constexpr const char* kAttrUpdateOperatingUserUri = "update-operating-user-uri";  // uri
inline constexpr const char* kFirmwareUpdateTimeNow = "now";

// printer-state-reasons keywords from the PWG firmware-update working draft.
inline constexpr const char* kReasonUpdateAvailable = "firmware-update-available";
inline constexpr const char* kReasonUpdateRequested = "firmware-update-requested";
inline constexpr const char* kReasonUpdateInProgress = "firmware-update-in-progress";
inline constexpr const char* kReasonUpdateFailed = "firmware-update-failed";
// Ours, not in the draft: set by the cloud while an administrator's withdrawal of an
// acknowledged update waits for the device to stop (docs/protocol.md §2, §3.1).
inline constexpr const char* kReasonUpdateWithdrawn = "firmware-update-withdrawn";

// Standard PWG 5100.13 firmware attributes, named here so both sides spell them once.
inline constexpr const char* kAttrFirmwareName = "printer-firmware-name";
inline constexpr const char* kAttrFirmwareStringVersion = "printer-firmware-string-version";
inline constexpr const char* kAttrFirmwareVersion = "printer-firmware-version";
inline constexpr const char* kAttrFirmwarePatches = "printer-firmware-patches";

// INFRA names libcups 2.4 has no constant for.
inline constexpr ipp_status_t kStatusNotFetchable = static_cast<ipp_status_t>(0x0420);

}  // namespace printlink::ipp
