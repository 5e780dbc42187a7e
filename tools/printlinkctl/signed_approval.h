// The root installer's own check that the image it is about to flash is one the firmware
// repository signed (docs/protocol.md §5). printlinkd is network-facing and unprivileged: what
// it says about the claimed image (component, version, size, sha256) is only a claim. Right
// before the flash, install-staged verifies the catalog printlinkd kept beside the staged
// image with the root-owned [firmware] catalog_key_file, finds the signed entry for the
// claimed component and version and this printer's model, and accepts only bytes whose size
// and sha256 equal that entry, under the same version policy printlinkd applies.
#pragma once

#include "common/config.h"
#include "common/error.h"
#include "common/signing.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace printlink::ctl {

// What printlinkd said it handed over.
struct ApprovalClaim {
    std::string component;
    std::string version;
    std::string sha256;
    std::uint64_t size = 0;
};

// What root knows without printlinkd.
struct ApprovalFacts {
    std::string model;              // [device] model
    std::string installed_version;  // from the component's version_file; "" when unknown
    std::string minimum_version;    // [firmware] minimum_version; "" = no floor
    std::uint64_t copied_size = 0;  // of the bytes the installer will read
    std::string copied_sha256;
};

// Ok, or ErrorCode::Integrity / Refused / NotFound with a message for LastError and the
// cloud. Pure: the catalog text and signature are passed in.
[[nodiscard]] Status check_signed_approval(std::string_view catalog_bytes,
                                           std::string_view signature_text, const PublicKey& key,
                                           const ApprovalClaim& claim, const ApprovalFacts& facts);

// Reads the kept catalog and signature from [device] state_dir, the key and the installed
// version as the config names them, and calls check_signed_approval().
[[nodiscard]] Status verify_staged_approval(const Config& config, const ApprovalClaim& claim,
                                            std::uint64_t copied_size,
                                            const std::string& copied_sha256);

}  // namespace printlink::ctl
