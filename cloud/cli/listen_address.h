// "--listen HOST:PORT" ("127.0.0.1:8631", "[::1]:8631"; port 0 = any free port).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace printlink::cloud {

struct ListenAddress {
    std::string host;
    std::uint16_t port = 0;
};

std::optional<ListenAddress> parse_listen_address(std::string_view text);

}  // namespace printlink::cloud
