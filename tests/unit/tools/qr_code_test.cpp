#include "tools/printlinkctl/qr_code.h"

#include <gtest/gtest.h>

namespace printlink::ctl {
namespace {

// A finder pattern (ISO/IEC 18004 §6.3.3): a dark 7x7 ring, a light ring, a dark 3x3 core.
bool finder_at(const QrMatrix& qr, int left, int top) {
    for (int y = 0; y < 7; ++y) {
        for (int x = 0; x < 7; ++x) {
            const bool ring = x == 0 || y == 0 || x == 6 || y == 6;
            const bool core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
            if (qr.at(left + x, top + y) != (ring || core)) return false;
        }
    }
    return true;
}

TEST(QrCode, EncodesAUrlIntoAWellFormedSymbol) {
    auto qr = encode_qr("https://cloud.example.com/device?user_code=BCDF-GHJK");
    ASSERT_TRUE(qr.ok()) << qr.error().message;
    ASSERT_GE(qr->size, 21);
    EXPECT_EQ((qr->size - 17) % 4, 0) << "sizes are 17 + 4 * version";
    EXPECT_EQ(qr->dark.size(), static_cast<std::size_t>(qr->size * qr->size));
    EXPECT_TRUE(finder_at(*qr, 0, 0));
    EXPECT_TRUE(finder_at(*qr, qr->size - 7, 0));
    EXPECT_TRUE(finder_at(*qr, 0, qr->size - 7));
    EXPECT_FALSE(finder_at(*qr, qr->size - 7, qr->size - 7)) << "no finder bottom right";
}

TEST(QrCode, LongerTextNeedsABiggerSymbol) {
    auto small = encode_qr("https://c.test/d");
    auto large =
        encode_qr("https://cloud.example.com/device?user_code=BCDF-GHJK&" + std::string(200, 'x'));
    ASSERT_TRUE(small.ok() && large.ok());
    EXPECT_GT(large->size, small->size);
}

TEST(QrCode, DrawsTwoModuleRowsPerLineWithAQuietZone) {
    // 2x2: dark top left and bottom right.
    QrMatrix qr{2, {true, false, false, true}};
    auto lines = render_qr(qr, false, 1);  // 4x4 with the quiet zone: two lines of four cells
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0], " \u2584  ");  // quiet row above; the symbol's first row below it
    EXPECT_EQ(lines[1], "  \u2580 ");  // its second row; the quiet row below
}

TEST(QrCode, AnOddHeightEndsWithAHalfLine) {
    QrMatrix qr{1, {true}};
    auto lines = render_qr(qr, false, 0);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0], "\u2580");
    QrMatrix full{2, {true, true, true, true}};
    EXPECT_EQ(render_qr(full, false, 0), std::vector<std::string>{"\u2588\u2588"});
}

TEST(QrCode, OnATerminalItIsBlackOnWhite) {
    QrMatrix qr{2, {true, false, false, true}};
    auto lines = render_qr(qr, true, 0);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0], "\x1b[30;47m\u2580\u2584\x1b[0m");
}

}  // namespace
}  // namespace printlink::ctl
