// A firmware repository directory as published (docs/protocol.md §5): catalog.json, its
// signature and images/. Knows the file layout; knows nothing of the command line.
#pragma once

#include "common/catalog.h"
#include "common/error.h"
#include "common/signing.h"

#include <optional>
#include <string>

namespace printlink::fwrepo {

class Repository {
  public:
    explicit Repository(std::string dir) : dir_(std::move(dir)) {}

    const std::string& dir() const { return dir_; }
    std::string catalog_path() const { return dir_ + "/catalog.json"; }
    std::string signature_path() const { return dir_ + "/catalog.json.sig"; }
    // Relative to the repository, as it appears in the catalog's url field.
    static std::string image_url(const std::string& component, const std::string& version);
    std::string path_of(const std::string& relative_url) const { return dir_ + "/" + relative_url; }

    // The current catalog after its signature verified with 'key'; nullopt when the
    // repository has no catalog yet. A catalog without a signature is an error.
    [[nodiscard]] Result<std::optional<Catalog>> load_verified(const PublicKey& key) const;

    // Writes catalog.json and catalog.json.sig, each atomically.
    [[nodiscard]] Status write_signed(const Catalog& catalog, const PrivateKey& key) const;

  private:
    std::string dir_;
};

}  // namespace printlink::fwrepo
