// The firmware repository's catalog (docs/protocol.md, "The firmware repository"):
// catalog.json lists images; catalog.json.sig is the base64 Ed25519 signature of its exact
// bytes. A device trusts a catalog only after verify_catalog() with a key from its config.
#pragma once

#include "error.h"
#include "signing.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace printlink {

struct CatalogImage {
    std::string component;            // "MainController"
    std::string version;              // "83.00" (a valid Version)
    std::vector<std::string> models;  // models it applies to; empty = every model
    std::string url;                  // absolute, or relative to the catalog's URL
    std::uint64_t size = 0;           // bytes, > 0
    std::string sha256;               // 64 lowercase hex digits
    std::string severity = "normal";  // normal | security | critical
    std::string release_notes;
    bool allow_downgrade = false;  // may replace a newer installed version

    bool applies_to(std::string_view model) const;
};

struct Catalog {
    int format = 1;
    std::string issued;  // RFC 3339 UTC time the catalog was published
    std::vector<CatalogImage> images;

    // The highest version of 'component' applicable to 'model', or nullptr.
    const CatalogImage* latest_for(std::string_view component, std::string_view model) const;
    // The image of exactly that component and version applicable to 'model', or nullptr.
    const CatalogImage* find(std::string_view component, std::string_view version,
                             std::string_view model) const;
};

// Parses catalog.json. Refuses (ErrorCode::Protocol, naming the field) malformed JSON, an
// unknown format number, missing or mistyped fields, bad versions, sizes or hashes.
[[nodiscard]] Result<Catalog> parse_catalog(std::string_view json);

// The JSON text fwrepo publishes (stable key order, so signatures are reproducible).
std::string serialize_catalog(const Catalog& catalog);

// Checks 'signature_text' (the content of catalog.json.sig) against 'catalog_bytes', then
// parses. ErrorCode::Integrity when the signature is malformed or does not verify.
[[nodiscard]] Result<Catalog> verify_catalog(std::string_view catalog_bytes,
                                             std::string_view signature_text, const PublicKey& key);

// Resolves an image URL from the catalog against the catalog's own URL.
std::string resolve_image_url(std::string_view catalog_url, std::string_view image_url);

}  // namespace printlink
