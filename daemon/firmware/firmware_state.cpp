#include "daemon/firmware/firmware_state.h"

#include "common/atomic_file.h"

#include <nlohmann/json.hpp>

namespace printlink::daemon {
namespace {

using nlohmann::json;

constexpr int kFormat = 1;

Error malformed(const std::string& what) {
    return make_error(ErrorCode::Protocol, "firmware state record: " + what);
}

// File names are built from the catalog's component and version; keep them one path element.
std::string file_safe(const std::string& text) {
    std::string out;
    for (char c : text) {
        bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '_';
        out += safe ? c : '_';
    }
    if (out.empty() || out[0] == '.') out.insert(out.begin(), '_');
    return out;
}

}  // namespace

std::string serialize_firmware_state(const FirmwareState& s) {
    json j = {
        {"format", kFormat},
        {"state", std::string(to_string(s.state))},
        {"component", s.component},
        {"version", s.version},
        {"scheduled-at",
         s.scheduled_at ? json(static_cast<std::int64_t>(*s.scheduled_at)) : json()},
        {"requested-by", s.requested_by},
        {"last-error", s.last_error},
        {"image", {{"url", s.image_url}, {"sha256", s.image_sha256}, {"size", s.image_size}}},
        {"queue-paused", s.queue_paused},
    };
    return j.dump(2) + "\n";
}

Result<FirmwareState> parse_firmware_state(const std::string& text) {
    json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) return malformed("not a JSON object");
    if (!j.contains("format") || !j["format"].is_number_integer() || j["format"] != kFormat)
        return malformed("unknown or missing \"format\"");

    FirmwareState s;
    auto text_field = [&](const char* key, std::string& out) -> bool {
        if (!j.contains(key)) return true;  // older records may lack optional text
        if (!j[key].is_string()) return false;
        out = j[key].get<std::string>();
        return true;
    };

    if (!j.contains("state") || !j["state"].is_string()) return malformed("missing \"state\"");
    auto state = update_state_from_string(j["state"].get<std::string>());
    if (!state) return malformed("unknown state \"" + j["state"].get<std::string>() + "\"");
    s.state = *state;

    for (auto [key, out] : {std::pair{"component", &s.component},
                            {"version", &s.version},
                            {"requested-by", &s.requested_by},
                            {"last-error", &s.last_error}}) {
        if (!text_field(key, *out))
            return malformed(std::string("\"") + key + "\" is not a string");
    }
    if (j.contains("scheduled-at") && !j["scheduled-at"].is_null()) {
        if (!j["scheduled-at"].is_number_integer())
            return malformed("\"scheduled-at\" is not a time");
        s.scheduled_at = static_cast<std::time_t>(j["scheduled-at"].get<std::int64_t>());
    }
    if (j.contains("image")) {
        const json& image = j["image"];
        if (!image.is_object()) return malformed("\"image\" is not an object");
        if (!image.value("url", json("")).is_string() ||
            !image.value("sha256", json("")).is_string())
            return malformed("\"image\" url or sha256 is not a string");
        s.image_url = image.value("url", "");
        s.image_sha256 = image.value("sha256", "");
        if (image.contains("size")) {
            if (!image["size"].is_number_unsigned())
                return malformed("\"image.size\" is not a size");
            s.image_size = image["size"].get<std::uint64_t>();
        }
    }
    if (j.contains("queue-paused")) {
        if (!j["queue-paused"].is_boolean()) return malformed("\"queue-paused\" is not a boolean");
        s.queue_paused = j["queue-paused"].get<bool>();
    }
    // A state past 'requested' without a target cannot be resumed: refuse rather than guess.
    bool needs_target = !is_at_rest(s.state) && s.state != UpdateState::Requested;
    if (needs_target && !s.has_target())
        return malformed("state " + std::string(to_string(s.state)) + " without a target");
    return s;
}

FirmwareStateStore::FirmwareStateStore(std::string state_dir) : state_dir_(std::move(state_dir)) {}

std::string FirmwareStateStore::record_path() const {
    return state_dir_ + "/firmware-state.json";
}
std::string FirmwareStateStore::download_dir() const {
    return state_dir_ + "/download";
}
std::string FirmwareStateStore::staged_dir() const {
    return state_dir_ + "/staged";
}

std::string FirmwareStateStore::partial_image_path(const std::string& component,
                                                   const std::string& version) const {
    return download_dir() + "/" + file_safe(component) + "-" + file_safe(version) + ".part";
}

std::string FirmwareStateStore::staged_image_path(const std::string& component,
                                                  const std::string& version) const {
    return staged_dir() + "/" + file_safe(component) + "-" + file_safe(version) + ".bin";
}

StagedApprovalPaths FirmwareStateStore::staged_approval_paths(const std::string& component,
                                                              const std::string& version) const {
    return staged_approval_paths_in(state_dir_, file_safe(component), file_safe(version));
}

Status FirmwareStateStore::save_staged_approval(const std::string& component,
                                                const std::string& version,
                                                const std::string& catalog,
                                                const std::string& signature) const {
    if (auto made = make_directories(staged_dir(), 0700); !made) return made;
    StagedApprovalPaths paths = staged_approval_paths(component, version);
    if (auto written = write_file_atomically(paths.catalog, catalog, 0600); !written)
        return written;
    return write_file_atomically(paths.signature, signature, 0600);
}

Result<FirmwareState> FirmwareStateStore::load() const {
    auto text = read_file(record_path());
    if (!text) {
        if (text.error().code == ErrorCode::NotFound) return FirmwareState{};
        return text.error();
    }
    auto parsed = parse_firmware_state(*text);
    if (!parsed)
        return make_error(parsed.error().code, record_path() + ": " + parsed.error().message);
    return parsed;
}

Status FirmwareStateStore::save(const FirmwareState& state) const {
    if (auto made = make_directories(state_dir_, 0700); !made) return made;
    return write_file_atomically(record_path(), serialize_firmware_state(state), 0600);
}

}  // namespace printlink::daemon
