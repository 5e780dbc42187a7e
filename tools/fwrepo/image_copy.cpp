#include "image_copy.h"

#include "common/sha256.h"
#include "common/unique_fd.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <vector>

namespace printlink::fwrepo {
namespace {

Error io_error(const std::string& what, const std::string& path) {
    return make_error(ErrorCode::Io, what + " " + path + ": " + std::strerror(errno));
}

bool write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

Result<ImageFacts> copy_image(const std::string& source, const std::string& destination) {
    UniqueFd in(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
    if (!in)
        return make_error(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::Io,
                          "cannot open image " + source + ": " + std::strerror(errno));
    struct stat st {};
    if (::fstat(in.get(), &st) != 0) return io_error("cannot stat", source);
    if (!S_ISREG(st.st_mode))
        return make_error(ErrorCode::InvalidArgument, "image " + source + " is not a regular file");

    std::string temp_template = destination + ".tmp.XXXXXX";
    std::vector<char> temp(temp_template.begin(), temp_template.end());
    temp.push_back('\0');
    UniqueFd out(::mkostemp(temp.data(), O_CLOEXEC));
    if (!out) return io_error("cannot create a temporary file for", destination);
    std::string temp_path = temp.data();
    auto fail = [&temp_path](Error e) {
        ::unlink(temp_path.c_str());
        return e;
    };

    Sha256 hash;
    ImageFacts facts;
    std::vector<char> buffer(256 * 1024);
    while (true) {
        ssize_t n = ::read(in.get(), buffer.data(), buffer.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail(io_error("cannot read", source));
        }
        if (n == 0) break;
        hash.update(buffer.data(), static_cast<std::size_t>(n));
        if (!write_all(out.get(), buffer.data(), static_cast<std::size_t>(n)))
            return fail(io_error("cannot write", temp_path));
        facts.size += static_cast<std::uint64_t>(n);
    }
    if (facts.size == 0)
        return fail(make_error(ErrorCode::InvalidArgument, "image " + source + " is empty"));
    if (::fchmod(out.get(), 0644) != 0) return fail(io_error("cannot set the mode of", temp_path));
    if (::fsync(out.get()) != 0) return fail(io_error("cannot fsync", temp_path));
    if (out.reset() != 0) return fail(io_error("cannot close", temp_path));
    if (::rename(temp_path.c_str(), destination.c_str()) != 0)
        return fail(io_error("cannot rename over", destination));
    // Make the new directory entry durable before the catalog that names it is written.
    std::string dir = destination.substr(0, destination.find_last_of('/') + 1);
    UniqueFd dir_fd(::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir_fd || ::fsync(dir_fd.get()) != 0)
        return io_error("cannot fsync the directory of", destination);
    facts.sha256 = hash.hex_digest();
    return facts;
}

}  // namespace printlink::fwrepo
