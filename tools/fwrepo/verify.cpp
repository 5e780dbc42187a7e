#include "verify.h"

#include "repository.h"

#include "common/sha256.h"

#include <sys/stat.h>
#include <cstdio>

namespace printlink::fwrepo {
namespace {

// Only images inside the repository can be checked here; the catalog allows absolute URLs,
// but fwrepo never writes them and a local check cannot follow them.
bool is_local_relative(const std::string& url) {
    if (url.empty() || url.front() == '/' || url.find(':') != std::string::npos) return false;
    std::size_t start = 0;
    while (start <= url.size()) {
        auto slash = url.find('/', start);
        std::string segment =
            url.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        if (segment == "..") return false;
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    return true;
}

// "" when the image matches its entry, else why not.
std::string check_image(const Repository& repo, const CatalogImage& image) {
    if (!is_local_relative(image.url))
        return "url '" + image.url + "' is not inside the repository";
    std::string path = repo.path_of(image.url);
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return "missing " + path;
    if (static_cast<std::uint64_t>(st.st_size) != image.size)
        return "size " + std::to_string(st.st_size) + " != catalog " + std::to_string(image.size);
    auto digest = sha256_file(path);
    if (!digest) return digest.error().message;
    if (*digest != image.sha256) return "sha256 " + *digest + " != catalog " + image.sha256;
    return "";
}

}  // namespace

Status run_verify(const VerifyOptions& options) {
    Repository repo(options.repo_dir);
    auto key = PublicKey::load(options.pubkey_path);
    if (!key) return key.error();
    auto catalog = repo.load_verified(*key);
    if (!catalog) return catalog.error();
    if (!catalog->has_value())
        return make_error(ErrorCode::NotFound, "no catalog at " + repo.catalog_path());

    std::printf("catalog signature ok (issued %s, %zu image(s))\n", (*catalog)->issued.c_str(),
                (*catalog)->images.size());
    std::size_t bad = 0;
    for (const CatalogImage& image : (*catalog)->images) {
        std::string problem = check_image(repo, image);
        if (problem.empty()) {
            std::printf("ok    %s %s %s\n", image.component.c_str(), image.version.c_str(),
                        image.url.c_str());
        } else {
            ++bad;
            std::printf("FAIL  %s %s: %s\n", image.component.c_str(), image.version.c_str(),
                        problem.c_str());
        }
    }
    if (bad > 0)
        return make_error(ErrorCode::Integrity,
                          std::to_string(bad) + " image(s) do not match the catalog");
    return Ok{};
}

}  // namespace printlink::fwrepo
