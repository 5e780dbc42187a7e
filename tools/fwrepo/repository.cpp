#include "repository.h"

#include "common/atomic_file.h"

namespace printlink::fwrepo {

std::string Repository::image_url(const std::string& component, const std::string& version) {
    return "images/" + component + "-" + version + ".bin";
}

Result<std::optional<Catalog>> Repository::load_verified(const PublicKey& key) const {
    auto bytes = read_file(catalog_path());
    if (!bytes) {
        if (bytes.error().code == ErrorCode::NotFound) return std::optional<Catalog>();
        return bytes.error();
    }
    auto signature = read_file(signature_path());
    if (!signature) {
        if (signature.error().code == ErrorCode::NotFound)
            return make_error(ErrorCode::Integrity,
                              catalog_path() + " exists but " + signature_path() +
                                  " does not: refusing to change an unsigned catalog");
        return signature.error();
    }
    auto catalog = verify_catalog(*bytes, *signature, key);
    if (!catalog)
        return make_error(catalog.error().code, catalog_path() + ": " + catalog.error().message);
    return std::optional<Catalog>(std::move(*catalog));
}

Status Repository::write_signed(const Catalog& catalog, const PrivateKey& key) const {
    std::string bytes = serialize_catalog(catalog);
    auto signature = key.sign(bytes);
    if (!signature) return signature.error();
    // Two files cannot be replaced at once: a crash between the writes leaves a pair that
    // does not verify, which devices refuse (and retry later), so none trusts a mixture.
    if (auto st = write_file_atomically(catalog_path(), bytes, 0644); !st) return st;
    return write_file_atomically(signature_path(), *signature + "\n", 0644);
}

}  // namespace printlink::fwrepo
