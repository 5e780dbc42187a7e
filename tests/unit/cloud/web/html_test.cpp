#include "cloud/web/html.h"

#include <gtest/gtest.h>

namespace printlink::cloud {
namespace {

TEST(Html, EscapesEverythingThatCouldBreakOut) {
    EXPECT_EQ(escape_html("<script>alert('x') & \"y\"</script>"),
              "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
    EXPECT_EQ(escape_html("plain"), "plain");
}

TEST(Html, DocumentEscapesTitleAndViewer) {
    auto html = html_document("<b>", PageViewer{"<alice>", "admin", "t\"k"}, "<p>body</p>");
    EXPECT_NE(html.find("<title>&lt;b&gt;"), std::string::npos);
    EXPECT_NE(html.find("&lt;alice&gt;"), std::string::npos);
    EXPECT_NE(html.find("value=\"t&quot;k\""), std::string::npos);
    EXPECT_NE(html.find("<p>body</p>"), std::string::npos);
    EXPECT_EQ(html.find("<alice>"), std::string::npos);
}

TEST(Html, NoLogoutFormWithoutAViewer) {
    EXPECT_EQ(html_document("t", std::nullopt, "").find("/logout"), std::string::npos);
}

}  // namespace
}  // namespace printlink::cloud
