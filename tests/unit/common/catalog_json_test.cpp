// parse_catalog() and serialize_catalog().
#include "common/catalog.h"

#include <gtest/gtest.h>

#include <string>

namespace printlink {
namespace {

const std::string kSha = std::string(64, 'a');

// One image entry; 'override' replaces the default value of one field ("" = drop the field).
std::string image_json(const std::string& field = "", const std::string& value = "") {
    std::vector<std::pair<std::string, std::string>> fields = {
        {"component", "\"MainController\""},
        {"version", "\"83.00\""},
        {"models", "[\"PL-100\"]"},
        {"url", "\"images/MainController-83.00.bin\""},
        {"size", "1024"},
        {"sha256", "\"" + kSha + "\""},
        {"severity", "\"normal\""},
        {"release-notes", "\"Fixes\""},
        {"allow-downgrade", "false"},
    };
    std::string out = "{";
    bool first = true;
    for (auto& [name, json] : fields) {
        std::string v = name == field ? value : json;
        if (name == field && value.empty()) continue;
        if (!first) out += ",";
        out += "\"" + name + "\":" + v;
        first = false;
    }
    return out + "}";
}

std::string catalog_json(const std::string& images, const std::string& format = "1") {
    return "{\"format\":" + format + ",\"issued\":\"2026-11-24T20:00:00Z\",\"images\":[" + images +
           "]}";
}

TEST(CatalogParse, ReadsEveryField) {
    auto catalog = parse_catalog(catalog_json(image_json()));
    ASSERT_TRUE(catalog) << catalog.error().message;
    EXPECT_EQ(catalog->format, 1);
    EXPECT_EQ(catalog->issued, "2026-11-24T20:00:00Z");
    ASSERT_EQ(catalog->images.size(), 1u);
    const CatalogImage& image = catalog->images[0];
    EXPECT_EQ(image.component, "MainController");
    EXPECT_EQ(image.version, "83.00");
    EXPECT_EQ(image.models, std::vector<std::string>{"PL-100"});
    EXPECT_EQ(image.url, "images/MainController-83.00.bin");
    EXPECT_EQ(image.size, 1024u);
    EXPECT_EQ(image.sha256, kSha);
    EXPECT_EQ(image.severity, "normal");
    EXPECT_EQ(image.release_notes, "Fixes");
    EXPECT_FALSE(image.allow_downgrade);
}

TEST(CatalogParse, OptionalFieldsTakeDefaults) {
    std::string image =
        "{\"component\":\"Fax\",\"version\":\"1.2\",\"url\":\"f.bin\",\"size\":5,\"sha256\":\"" +
        kSha + "\"}";
    auto catalog = parse_catalog(catalog_json(image));
    ASSERT_TRUE(catalog) << catalog.error().message;
    EXPECT_TRUE(catalog->images[0].models.empty());
    EXPECT_EQ(catalog->images[0].severity, "normal");
    EXPECT_FALSE(catalog->images[0].allow_downgrade);
}

TEST(CatalogParse, SerializeRoundTripsAndIsStable) {
    auto catalog = parse_catalog(catalog_json(image_json("allow-downgrade", "true")));
    ASSERT_TRUE(catalog);
    std::string text = serialize_catalog(*catalog);
    EXPECT_EQ(text, serialize_catalog(*catalog));
    EXPECT_LT(text.find("\"format\""), text.find("\"issued\""));
    EXPECT_LT(text.find("\"component\""), text.find("\"version\""));
    auto again = parse_catalog(text);
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(serialize_catalog(*again), text);
    EXPECT_TRUE(again->images[0].allow_downgrade);
}

struct BadCatalog {
    const char* what;
    std::string json;
    const char* named_field;  // the error message must mention it
};

class CatalogRefuses : public ::testing::TestWithParam<BadCatalog> {};

TEST_P(CatalogRefuses, WithProtocolErrorNamingTheField) {
    auto catalog = parse_catalog(GetParam().json);
    ASSERT_FALSE(catalog) << GetParam().what;
    EXPECT_EQ(catalog.error().code, ErrorCode::Protocol);
    EXPECT_NE(catalog.error().message.find(GetParam().named_field), std::string::npos)
        << GetParam().what << ": " << catalog.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Catalog, CatalogRefuses,
    ::testing::Values(
        BadCatalog{"malformed JSON", "{\"format\":1,", "not valid JSON"},
        BadCatalog{"not an object", "[1,2]", "object"},
        BadCatalog{"unknown format", catalog_json(image_json(), "2"), "format"},
        BadCatalog{"format as string", catalog_json(image_json(), "\"1\""), "format"},
        BadCatalog{"missing format", "{\"issued\":\"x\",\"images\":[]}", "format"},
        BadCatalog{"missing images", "{\"format\":1,\"issued\":\"x\"}", "images"},
        BadCatalog{"images not array", "{\"format\":1,\"issued\":\"x\",\"images\":{}}", "images"},
        BadCatalog{"missing issued", "{\"format\":1,\"images\":[]}", "issued"},
        BadCatalog{"image not object", catalog_json("42"), "images[0]"},
        BadCatalog{"missing component", catalog_json(image_json("component")),
                   "images[0].component"},
        BadCatalog{"path in component", catalog_json(image_json("component", "\"../etc\"")),
                   "component"},
        BadCatalog{"component as number", catalog_json(image_json("component", "7")), "component"},
        BadCatalog{"missing version", catalog_json(image_json("version")), "version"},
        BadCatalog{"bad version", catalog_json(image_json("version", "\"83.0-beta\"")), "version"},
        BadCatalog{"version as number", catalog_json(image_json("version", "83.0")), "version"},
        BadCatalog{"models not array", catalog_json(image_json("models", "\"PL-100\"")), "models"},
        BadCatalog{"models with number", catalog_json(image_json("models", "[1]")), "models"},
        BadCatalog{"missing url", catalog_json(image_json("url")), "url"},
        BadCatalog{"empty url", catalog_json(image_json("url", "\"\"")), "url"},
        BadCatalog{"missing size", catalog_json(image_json("size")), "size"},
        BadCatalog{"zero size", catalog_json(image_json("size", "0")), "size"},
        BadCatalog{"negative size", catalog_json(image_json("size", "-5")), "size"},
        BadCatalog{"fractional size", catalog_json(image_json("size", "1.5")), "size"},
        BadCatalog{"size as string", catalog_json(image_json("size", "\"1024\"")), "size"},
        BadCatalog{"missing sha256", catalog_json(image_json("sha256")), "sha256"},
        BadCatalog{"short sha256", catalog_json(image_json("sha256", "\"abcd\"")), "sha256"},
        BadCatalog{"uppercase sha256",
                   catalog_json(image_json("sha256", "\"" + std::string(64, 'A') + "\"")),
                   "sha256"},
        BadCatalog{"unknown severity", catalog_json(image_json("severity", "\"urgent\"")),
                   "severity"},
        BadCatalog{"notes as number", catalog_json(image_json("release-notes", "3")),
                   "release-notes"},
        BadCatalog{"downgrade as string", catalog_json(image_json("allow-downgrade", "\"yes\"")),
                   "allow-downgrade"},
        BadCatalog{"second image bad", catalog_json(image_json() + "," + image_json("size", "0")),
                   "images[1]"}));

}  // namespace
}  // namespace printlink
