// Queries over a parsed catalog, and the signature check that gates parsing.
// The JSON form lives in catalog_json.cpp, URL resolution in catalog_url.cpp.
#include "common/catalog.h"

#include "common/version.h"

#include <algorithm>

namespace printlink {

bool CatalogImage::applies_to(std::string_view model) const {
    return models.empty() || std::find(models.begin(), models.end(), model) != models.end();
}

const CatalogImage* Catalog::latest_for(std::string_view component, std::string_view model) const {
    const CatalogImage* best = nullptr;
    std::optional<Version> best_version;
    for (const CatalogImage& image : images) {
        if (image.component != component || !image.applies_to(model)) continue;
        auto version = Version::parse(image.version);
        if (!version) continue;  // a hand-built catalog may hold junk; parse_catalog never does
        if (!best_version || *version > *best_version) {
            best = &image;
            best_version = std::move(version);
        }
    }
    return best;
}

const CatalogImage* Catalog::find(std::string_view component, std::string_view version,
                                  std::string_view model) const {
    // The exact spelling wins; otherwise an equal version ("83" for "83.00") is accepted.
    auto wanted = Version::parse(version);
    const CatalogImage* equal = nullptr;
    for (const CatalogImage& image : images) {
        if (image.component != component || !image.applies_to(model)) continue;
        if (image.version == version) return &image;
        if (!equal && wanted) {
            auto candidate = Version::parse(image.version);
            if (candidate && *candidate == *wanted) equal = &image;
        }
    }
    return equal;
}

Result<Catalog> verify_catalog(std::string_view catalog_bytes, std::string_view signature_text,
                               const PublicKey& key) {
    // Nothing of an unverified catalog is interpreted: the signature comes first.
    if (auto verified = key.verify(catalog_bytes, signature_text); !verified)
        return make_error(ErrorCode::Integrity, "catalog signature: " + verified.error().message);
    return parse_catalog(catalog_bytes);
}

}  // namespace printlink
