// Firmware version order, defined once for the device, the cloud and the tools.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace printlink {

// A dotted numeric version such as "82.70", "83.00" or "83.1.2". Components compare as
// numbers, left to right; a missing component counts as 0, so "83" == "83.0" == "83.00"
// and "82.70" < "83.00" < "83.1.2". Anything else (letters, empty parts, a sign) is not a
// version: parse() refuses it rather than guessing an order.
class Version {
  public:
    [[nodiscard]] static std::optional<Version> parse(std::string_view text);

    const std::string& text() const { return text_; }
    const std::vector<unsigned long>& components() const { return components_; }

    // printer-firmware-version (PWG 5100.13 octetString(MAX)): each component as a 16-bit
    // big-endian number (saturating at 0xFFFF), as the PWG reference server encodes it.
    std::string to_octets() const;

    std::strong_ordering operator<=>(const Version& other) const;
    bool operator==(const Version& other) const { return (*this <=> other) == 0; }

  private:
    std::string text_;
    std::vector<unsigned long> components_;
};

// Convenience for callers holding strings: nullopt when either side is not a version.
[[nodiscard]] std::optional<std::strong_ordering> compare_versions(std::string_view a,
                                                                   std::string_view b);

}  // namespace printlink
