#include "publish.h"

#include "image_copy.h"
#include "repository.h"

#include "common/atomic_file.h"
#include "common/version.h"

#include <cstdio>
#include <ctime>

namespace printlink::fwrepo {
namespace {

std::string utc_now_rfc3339() {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

// Replaces the entry of the same component and (numerically) equal version, else appends.
void add_or_replace(Catalog& catalog, CatalogImage image) {
    auto wanted = Version::parse(image.version);
    for (CatalogImage& existing : catalog.images) {
        auto version = Version::parse(existing.version);
        if (existing.component == image.component && version && wanted && *version == *wanted) {
            existing = std::move(image);
            return;
        }
    }
    catalog.images.push_back(std::move(image));
}

}  // namespace

Status run_publish(const PublishOptions& options) {
    Repository repo(options.repo_dir);
    auto key = PrivateKey::load(options.key_path);
    if (!key) return key.error();
    auto public_key = PublicKey::from_pem(key->public_pem());
    if (!public_key) return public_key.error();

    // Check the catalog before touching anything, so a refused publish changes nothing.
    auto current = repo.load_verified(*public_key);
    if (!current) return current.error();
    Catalog catalog = current->value_or(Catalog{});

    if (auto made = make_directories(options.repo_dir + "/images", 0755); !made) return made;
    const std::string url = Repository::image_url(options.component, options.version);
    auto facts = copy_image(options.image_path, repo.path_of(url));
    if (!facts) return facts.error();

    CatalogImage image;
    image.component = options.component;
    image.version = options.version;
    image.models = options.models;
    image.url = url;
    image.size = facts->size;
    image.sha256 = facts->sha256;
    image.severity = options.severity;
    image.release_notes = options.notes;
    image.allow_downgrade = options.allow_downgrade;
    add_or_replace(catalog, std::move(image));
    catalog.format = 1;
    catalog.issued = utc_now_rfc3339();

    if (auto written = repo.write_signed(catalog, *key); !written) return written;
    std::printf("published %s %s (%llu bytes, sha256 %s) as %s; catalog has %zu image(s)\n",
                options.component.c_str(), options.version.c_str(),
                static_cast<unsigned long long>(facts->size), facts->sha256.c_str(), url.c_str(),
                catalog.images.size());
    return Ok{};
}

}  // namespace printlink::fwrepo
