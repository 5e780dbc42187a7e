#include "common/version.h"

#include <charconv>

namespace printlink {

std::optional<Version> Version::parse(std::string_view text) {
    if (text.empty()) return std::nullopt;
    Version v;
    std::size_t start = 0;
    while (true) {
        std::size_t dot = text.find('.', start);
        std::string_view part =
            text.substr(start, dot == std::string_view::npos ? text.npos : dot - start);
        if (part.empty()) return std::nullopt;
        for (char c : part) {
            if (c < '0' || c > '9') return std::nullopt;  // no signs, spaces or letters
        }
        unsigned long n = 0;
        auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), n);
        if (ec != std::errc{} || end != part.data() + part.size()) return std::nullopt;  // overflow
        v.components_.push_back(n);
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    v.text_ = std::string(text);
    return v;
}

std::string Version::to_octets() const {
    std::string out;
    out.reserve(components_.size() * 2);
    for (unsigned long c : components_) {
        unsigned long clamped = c > 0xFFFFUL ? 0xFFFFUL : c;
        out.push_back(static_cast<char>((clamped >> 8) & 0xFF));
        out.push_back(static_cast<char>(clamped & 0xFF));
    }
    return out;
}

std::strong_ordering Version::operator<=>(const Version& other) const {
    std::size_t n = std::max(components_.size(), other.components_.size());
    for (std::size_t i = 0; i < n; ++i) {
        unsigned long a = i < components_.size() ? components_[i] : 0;
        unsigned long b = i < other.components_.size() ? other.components_[i] : 0;
        if (a != b) return a <=> b;
    }
    return std::strong_ordering::equal;
}

std::optional<std::strong_ordering> compare_versions(std::string_view a, std::string_view b) {
    auto va = Version::parse(a);
    auto vb = Version::parse(b);
    if (!va || !vb) return std::nullopt;
    return *va <=> *vb;
}

}  // namespace printlink
