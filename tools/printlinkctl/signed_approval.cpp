#include "tools/printlinkctl/signed_approval.h"

#include "common/atomic_file.h"
#include "common/catalog.h"
#include "common/component_name.h"
#include "common/staged_approval.h"
#include "daemon/firmware/installed_versions.h"
#include "daemon/firmware/target_policy.h"

namespace printlink::ctl {

Status check_signed_approval(std::string_view catalog_bytes, std::string_view signature_text,
                             const PublicKey& key, const ApprovalClaim& claim,
                             const ApprovalFacts& facts) {
    auto catalog = verify_catalog(catalog_bytes, signature_text, key);
    if (!catalog)
        return make_error(catalog.error().code,
                          "the catalog signature does not verify with this printer's key: " +
                              catalog.error().message);
    const CatalogImage* entry = catalog->find(claim.component, claim.version, facts.model);
    if (!entry)
        return make_error(ErrorCode::NotFound, "the signed catalog has no " + claim.component +
                                                   " " + claim.version + " for model " +
                                                   facts.model);
    if (entry->size != claim.size || entry->size != facts.copied_size)
        return make_error(ErrorCode::Integrity,
                          "the signed catalog says " + std::to_string(entry->size) +
                              " bytes; printlinkd claimed " + std::to_string(claim.size) +
                              " and handed over " + std::to_string(facts.copied_size));
    if (entry->sha256 != claim.sha256 || entry->sha256 != facts.copied_sha256)
        return make_error(ErrorCode::Integrity, "the signed catalog says sha256 " + entry->sha256 +
                                                    "; printlinkd claimed " + claim.sha256 +
                                                    " and handed over " + facts.copied_sha256);
    return daemon::check_target_policy({claim.component, facts.installed_version, claim.version,
                                        entry->allow_downgrade, facts.minimum_version});
}

Status verify_staged_approval(const Config& config, const ApprovalClaim& claim,
                              std::uint64_t copied_size, const std::string& copied_sha256) {
    // Both come from printlinkd and name files root reads: one safe path element each.
    if (!is_valid_component_name(claim.component) || !is_valid_component_name(claim.version))
        return make_error(ErrorCode::Integrity,
                          "printlinkd claimed an unusable component or "
                          "version name");
    const StagedApprovalPaths paths =
        staged_approval_paths_in(config.device.state_dir, claim.component, claim.version);
    auto catalog = read_file(paths.catalog);
    if (!catalog)
        return make_error(ErrorCode::Integrity, "no signed catalog kept for the staged image: " +
                                                    catalog.error().message);
    auto signature = read_file(paths.signature);
    if (!signature)
        return make_error(ErrorCode::Integrity, "no catalog signature kept for the staged image: " +
                                                    signature.error().message);
    auto key = PublicKey::load(config.firmware.catalog_key_file);
    if (!key)
        return make_error(key.error().code, "catalog key " + config.firmware.catalog_key_file +
                                                ": " + key.error().message);

    ApprovalFacts facts{config.device.model, "", config.firmware.minimum_version, copied_size,
                        copied_sha256};
    bool configured = false;
    for (const auto& installed : daemon::read_installed_versions(config.firmware.components)) {
        if (installed.name != claim.component) continue;
        configured = true;
        facts.installed_version = installed.version;
    }
    if (!configured)
        return make_error(ErrorCode::Refused,
                          "component " + claim.component + " is not configured on this printer");
    return check_signed_approval(*catalog, *signature, *key, claim, facts);
}

}  // namespace printlink::ctl
