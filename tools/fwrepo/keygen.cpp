#include "keygen.h"

#include "common/atomic_file.h"
#include "common/signing.h"

#include <sys/stat.h>
#include <cstdio>

namespace printlink::fwrepo {

Status run_keygen(const KeygenOptions& options) {
    const std::string private_path = options.out_dir + "/catalog-key.pem";
    const std::string public_path = options.out_dir + "/catalog-key.pub.pem";
    struct stat st {};
    // Overwriting a signing key would orphan every catalog signed with it.
    if (::stat(private_path.c_str(), &st) == 0)
        return make_error(ErrorCode::InvalidState,
                          private_path + " already exists; not replacing a signing key");

    if (auto made = make_directories(options.out_dir, 0755); !made) return made;
    auto key = PrivateKey::generate();
    if (!key) return key.error();
    std::string private_pem = key->private_pem();
    std::string public_pem = key->public_pem();
    if (private_pem.empty() || public_pem.empty())
        return make_error(ErrorCode::Internal, "cannot encode the key as PEM");
    if (auto st_priv = write_file_atomically(private_path, private_pem, 0600); !st_priv)
        return st_priv;
    if (auto st_pub = write_file_atomically(public_path, public_pem, 0644); !st_pub) return st_pub;
    std::printf(
        "wrote %s (private, keep it secret)\nwrote %s (install on devices as catalog_key_file)\n",
        private_path.c_str(), public_path.c_str());
    return Ok{};
}

}  // namespace printlink::fwrepo
