#include "tools/printlinkctl/qr_code.h"

#include <qrencode.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace printlink::ctl {
namespace {

struct QrcodeDeleter {
    void operator()(QRcode* code) const { QRcode_free(code); }
};

// Upper and lower module of one text cell.
const char* half_block(bool top, bool bottom) {
    if (top && bottom) return "\u2588";  // █
    if (top) return "\u2580";            // ▀
    if (bottom) return "\u2584";         // ▄
    return " ";
}

}  // namespace

Result<QrMatrix> encode_qr(const std::string& text) {
    errno = 0;
    std::unique_ptr<QRcode, QrcodeDeleter> code(
        QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M));
    if (!code) {
        return make_error(ErrorCode::InvalidArgument,
                          std::string("cannot make a QR code: ") +
                              (errno ? std::strerror(errno) : "unknown error"));
    }
    QrMatrix qr;
    qr.size = code->width;
    qr.dark.resize(static_cast<std::size_t>(qr.size * qr.size));
    for (std::size_t i = 0; i < qr.dark.size(); ++i) qr.dark[i] = (code->data[i] & 1) != 0;
    return qr;
}

std::vector<std::string> render_qr(const QrMatrix& qr, bool ansi, int quiet) {
    const int span = qr.size + 2 * quiet;
    auto dark = [&qr, quiet](int x, int y) {
        x -= quiet;
        y -= quiet;
        return x >= 0 && y >= 0 && x < qr.size && y < qr.size && qr.at(x, y);
    };
    std::vector<std::string> lines;
    for (int y = 0; y < span; y += 2) {
        std::string line = ansi ? "\x1b[30;47m" : "";
        for (int x = 0; x < span; ++x)
            line += half_block(dark(x, y), y + 1 < span && dark(x, y + 1));
        if (ansi) line += "\x1b[0m";
        lines.push_back(std::move(line));
    }
    return lines;
}

}  // namespace printlink::ctl
