// A stand-in real backend for backend_cli_test.sh: records how it was started (argv, the
// DEVICE_URI it got, its uid, the document on stdin or in the file argument) into
// $PROBE_OUT/job-<id>, answers on the back channel (fd 3) and side channel (fd 4), then exits
// with $PROBE_EXIT or dies of $PROBE_SIGNAL. A compiled program, because a script's $0 is
// its path, not the argv[0] it was given.
#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

int main(int argc, char** argv) {
    if (argc == 1) return 0;
    const char* out_dir = std::getenv("PROBE_OUT");
    if (!out_dir || argc < 6) return 99;
    std::ofstream out(std::string(out_dir) + "/job-" + argv[1]);
    out << "argc=" << argc << "\n";
    for (int i = 0; i < argc; ++i) out << "argv[" << i << "]=" << argv[i] << "\n";
    const char* uri = std::getenv("DEVICE_URI");
    out << "DEVICE_URI=" << (uri ? uri : "(unset)") << "\n";
    out << "uid=" << ::getuid() << " euid=" << ::geteuid() << "\n";
    std::string document;
    if (argc == 7) {
        std::ifstream file(argv[6], std::ios::binary);
        document.assign(std::istreambuf_iterator<char>(file), {});
    } else {
        document.assign(std::istreambuf_iterator<char>(std::cin), {});
    }
    out << "document=" << document << "\n";
    for (int fd : {3, 4}) {
        const bool open = ::fcntl(fd, F_GETFD) != -1;
        out << "fd" << fd << "=" << (open ? "open" : "closed") << "\n";
        if (open) {
            const std::string note = "probe on fd " + std::to_string(fd) + "\n";
            if (::write(fd, note.data(), note.size()) < 0) out << "fd" << fd << " not writable\n";
        }
    }
    out.close();
    std::fprintf(stderr, "INFO: probe printed job %s\n", argv[1]);
    if (const char* sig = std::getenv("PROBE_SIGNAL")) std::raise(std::atoi(sig));
    const char* code = std::getenv("PROBE_EXIT");
    return code ? std::atoi(code) : 0;
}
