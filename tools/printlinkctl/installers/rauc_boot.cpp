#include "tools/printlinkctl/installers/rauc_boot.h"

namespace printlink::ctl {

Result<RaucSlot> check_rauc_booted_slot(RaucService& rauc, const std::string& version) {
    auto booted = rauc.boot_slot();
    if (!booted) return booted.error();
    auto slots = rauc.slot_status();
    if (!slots) return slots.error();

    const RaucSlot* installed = nullptr;
    for (const RaucSlot& slot : *slots) {
        if (slot.bootname.empty() || slot.bundle_version != version) continue;
        if (!installed || slot.installed_timestamp > installed->installed_timestamp)
            installed = &slot;
    }
    if (!installed)
        return make_error(ErrorCode::Refused,
                          "RAUC has no bootable slot holding version " + version);
    if (booted->empty())
        return make_error(ErrorCode::Refused, "RAUC cannot tell which slot was booted");
    if (installed->bootname != *booted) {
        return make_error(ErrorCode::Refused,
                          "booted slot " + *booted + ", but " + version + " was installed into " +
                              installed->name + " (" + installed->bootname +
                              "): the bootloader fell back to the old firmware");
    }
    return *installed;
}

Result<std::string> mark_rauc_booted_slot_good(RaucService& rauc) {
    auto marked = rauc.mark("good", "booted");
    if (!marked)
        return make_error(marked.error().code,
                          "cannot mark the booted slot good: " + marked.error().message);
    return marked;
}

}  // namespace printlink::ctl
