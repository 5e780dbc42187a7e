// A QR code in the terminal, for the verification URL a phone opens to approve the device:
// encoded by libqrencode, drawn with Unicode half blocks (two module rows per text line).
#pragma once

#include "common/error.h"

#include <string>
#include <vector>

namespace printlink::ctl {

struct QrMatrix {
    int size = 0;            // modules per side
    std::vector<bool> dark;  // row by row, size * size

    bool at(int x, int y) const { return dark[static_cast<std::size_t>(y * size + x)]; }
};

// Byte mode, error correction M, the smallest version that fits.
[[nodiscard]] Result<QrMatrix> encode_qr(const std::string& text);

// The lines to print, with a light quiet zone of 'quiet' modules around the symbol. Dark modules
// are the foreground: 'ansi' paints black on white so the code reads on any terminal theme;
// without it (a file, a pipe) the dark modules are the characters themselves, as on paper.
std::vector<std::string> render_qr(const QrMatrix& qr, bool ansi, int quiet = 4);

}  // namespace printlink::ctl
