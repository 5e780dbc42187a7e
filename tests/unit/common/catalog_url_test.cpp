#include "common/catalog.h"

#include <gtest/gtest.h>

namespace printlink {
namespace {

TEST(CatalogUrl, ResolvesAgainstTheCatalogUrl) {
    const char* base = "http://repo.example:8080/fw/catalog.json";
    EXPECT_EQ(resolve_image_url(base, "images/a.bin"), "http://repo.example:8080/fw/images/a.bin");
    EXPECT_EQ(resolve_image_url(base, "./images/a.bin"),
              "http://repo.example:8080/fw/images/a.bin");
    EXPECT_EQ(resolve_image_url(base, "../other/a.bin"), "http://repo.example:8080/other/a.bin");
    EXPECT_EQ(resolve_image_url(base, "/abs/a.bin"), "http://repo.example:8080/abs/a.bin");
    EXPECT_EQ(resolve_image_url(base, "//cdn.example/a.bin"), "http://cdn.example/a.bin");
    EXPECT_EQ(resolve_image_url(base, "https://cdn.example/a.bin"), "https://cdn.example/a.bin");
    EXPECT_EQ(resolve_image_url("http://h/catalog.json?x=1", "a.bin"), "http://h/a.bin");
    EXPECT_EQ(resolve_image_url("http://h", "a.bin"), "http://h/a.bin");
    EXPECT_EQ(resolve_image_url("file:///srv/repo/catalog.json", "images/a.bin"),
              "file:///srv/repo/images/a.bin");
}

}  // namespace
}  // namespace printlink
