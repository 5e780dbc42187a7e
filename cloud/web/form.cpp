#include "cloud/web/form.h"

#include <glib.h>

#include <charconv>
#include <ctime>
#include <memory>

namespace printlink::cloud {
namespace {

// Decodes %XX and '+' (a space in form bodies); nullopt on a broken escape or a NUL.
std::optional<std::string> url_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            unsigned value = 0;
            auto [end, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
            if (ec != std::errc() || end != text.data() + i + 3 || value == 0) return std::nullopt;
            out += static_cast<char>(value);
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool read_number(std::string_view text, std::size_t pos, std::size_t digits, int& out) {
    if (pos + digits > text.size()) return false;
    for (std::size_t i = pos; i < pos + digits; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
    }
    std::from_chars(text.data() + pos, text.data() + pos + digits, out);
    return true;
}

}  // namespace

std::map<std::string, std::string> parse_form(std::string_view body) {
    std::map<std::string, std::string> fields;
    std::size_t start = 0;
    while (start <= body.size()) {
        std::size_t end = body.find('&', start);
        if (end == std::string_view::npos) end = body.size();
        std::string_view pair = body.substr(start, end - start);
        if (!pair.empty()) {
            std::size_t eq = pair.find('=');
            auto key = url_decode(pair.substr(0, eq));
            auto value =
                url_decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
            if (!key || !value) return {};
            fields[*key] = *value;
        }
        start = end + 1;
    }
    return fields;
}

std::optional<std::string> cookie_value(std::string_view header, std::string_view name) {
    std::size_t start = 0;
    while (start < header.size()) {
        std::size_t end = header.find(';', start);
        if (end == std::string_view::npos) end = header.size();
        std::string_view pair = trim(header.substr(start, end - start));
        std::size_t eq = pair.find('=');
        if (eq != std::string_view::npos && trim(pair.substr(0, eq)) == name) {
            std::string_view value = trim(pair.substr(eq + 1));
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
                value = value.substr(1, value.size() - 2);
            }
            return std::string(value);
        }
        start = end + 1;
    }
    return std::nullopt;
}

std::optional<std::int64_t> parse_datetime_local_utc(std::string_view text) {
    // YYYY-MM-DDTHH:MM[:SS]
    if (text.size() != 16 && text.size() != 19) return std::nullopt;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!read_number(text, 0, 4, year) || text[4] != '-' || !read_number(text, 5, 2, month) ||
        text[7] != '-' || !read_number(text, 8, 2, day) || (text[10] != 'T' && text[10] != ' ') ||
        !read_number(text, 11, 2, hour) || text[13] != ':' || !read_number(text, 14, 2, minute)) {
        return std::nullopt;
    }
    if (text.size() == 19 && (text[16] != ':' || !read_number(text, 17, 2, second)))
        return std::nullopt;
    if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 || year < 1970) {
        return std::nullopt;
    }
    std::unique_ptr<GDateTime, decltype(&g_date_time_unref)> parsed(
        g_date_time_new_utc(year, month, day, hour, minute, second), &g_date_time_unref);
    if (!parsed) return std::nullopt;  // e.g. February 30
    return g_date_time_to_unix(parsed.get());
}

std::string format_utc(std::int64_t seconds) {
    std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M UTC", &tm);
    return buffer;
}

std::string format_iso8601(std::int64_t seconds) {
    std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

}  // namespace printlink::cloud
