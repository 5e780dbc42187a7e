// Runs a libFuzzer-style target without libFuzzer: every seed request once, then random
// stacked mutations of the pool (seeds plus the mutants the target could parse) until the
// time budget is spent. Bounded and reproducible for CI (the seed of the random generator is
// printed); the sanitizers turn any memory error or undefined behaviour into a failing exit,
// and the input that caused it is written out first.
//
//   ipp-request-fuzzer [--seconds N] [--seed S] [--write-corpus DIR] [FILE...]
//
// With FILEs it runs only those inputs (a reproducer); --write-corpus writes the seeds.
#include "seed_requests.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#define PRINTLINK_HAVE_SANITIZER_CALLBACK 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PRINTLINK_HAVE_SANITIZER_CALLBACK 1
#endif
#endif
#ifdef PRINTLINK_HAVE_SANITIZER_CALLBACK
#include <sanitizer/common_interface_defs.h>
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

using Bytes = std::string;

constexpr std::size_t kMaxInput = 64 * 1024;
constexpr std::size_t kMaxPool = 2000;

// The input being run, written out by the sanitizer's death callback.
Bytes g_current;
const char* g_artifact = "ipp-fuzz-crash.bin";

void write_current_input() {
    if (std::FILE* f = std::fopen(g_artifact, "wb")) {
        std::fwrite(g_current.data(), 1, g_current.size(), f);
        std::fclose(f);
        std::fprintf(stderr, "fuzz: the failing input (%zu bytes) is in %s\n", g_current.size(),
                     g_artifact);
    }
}

void run_one(const Bytes& input) {
    g_current = input;
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(g_current.data()),
                           g_current.size());
}

class Mutator {
  public:
    explicit Mutator(std::uint64_t seed) : random_(seed) {}

    Bytes mutate(const std::vector<Bytes>& pool) {
        Bytes out = pool[below(pool.size())];
        const std::size_t steps = 1 + below(6);
        for (std::size_t i = 0; i < steps; ++i) mutate_once(out, pool);
        if (out.size() > kMaxInput) out.resize(kMaxInput);
        return out;
    }

  private:
    std::size_t below(std::size_t n) { return n == 0 ? 0 : random_() % n; }

    void mutate_once(Bytes& b, const std::vector<Bytes>& pool) {
        // IPP is length-prefixed: the interesting values are the ones that change how the
        // parser counts (0, 1, 0x7f, 0x80, 0xff, big 16-bit lengths) and the tag bytes.
        static constexpr unsigned char kInteresting[] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05,
                                                         0x10, 0x13, 0x21, 0x30, 0x34, 0x37,
                                                         0x41, 0x4a, 0x7f, 0x80, 0xfe, 0xff};
        switch (below(9)) {
            case 0:  // flip one bit
                if (!b.empty()) b[below(b.size())] ^= static_cast<char>(1u << below(8));
                break;
            case 1:  // an interesting byte
                if (!b.empty())
                    b[below(b.size())] =
                        static_cast<char>(kInteresting[below(sizeof kInteresting)]);
                break;
            case 2: {  // a 16-bit length set to an edge value
                if (b.size() < 2) break;
                static constexpr std::uint16_t kLengths[] = {0,  1,      2,      4,
                                                             11, 0x7fff, 0x8000, 0xffff};
                const std::uint16_t v = kLengths[below(std::size(kLengths))];
                const std::size_t at = below(b.size() - 1);
                b[at] = static_cast<char>(v >> 8);
                b[at + 1] = static_cast<char>(v & 0xff);
                break;
            }
            case 3: {  // insert random bytes
                const std::size_t n = 1 + below(8);
                Bytes extra(n, '\0');
                for (auto& c : extra) c = static_cast<char>(below(256));
                b.insert(below(b.size() + 1), extra);
                break;
            }
            case 4:  // delete a range
                if (!b.empty()) {
                    const std::size_t at = below(b.size());
                    b.erase(at, 1 + below(std::min<std::size_t>(16, b.size() - at)));
                }
                break;
            case 5:  // duplicate a range (repeated attributes, nested collections)
                if (!b.empty()) {
                    const std::size_t at = below(b.size());
                    const std::size_t n = 1 + below(std::min<std::size_t>(64, b.size() - at));
                    b.insert(below(b.size() + 1), b.substr(at, n));
                }
                break;
            case 6:  // truncate
                b.resize(below(b.size() + 1));
                break;
            case 7: {  // splice with another pool entry
                const Bytes& other = pool[below(pool.size())];
                if (other.empty()) break;
                b = b.substr(0, below(b.size() + 1)) + other.substr(below(other.size()));
                break;
            }
            default:  // overwrite a byte with anything
                if (!b.empty()) b[below(b.size())] = static_cast<char>(below(256));
                break;
        }
    }

    std::mt19937_64 random_;
};

bool read_file(const char* path, Bytes& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return true;
}

bool parse_number(const char* text, std::uint64_t& value) {
    const char* end = text + std::strlen(text);
    auto [p, ec] = std::from_chars(text, end, value);
    return ec == std::errc() && p == end;
}

int usage() {
    std::cerr << "usage: ipp-request-fuzzer [--seconds N] [--seed S] [--write-corpus DIR] "
                 "[FILE...]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::uint64_t seconds = 25;
    std::uint64_t seed =
        static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    const char* corpus_out = nullptr;
    std::vector<const char*> files;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if ((arg == "--seconds" || arg == "--seed" || arg == "--write-corpus") && i + 1 >= argc)
            return usage();
        if (arg == "--seconds") {
            if (!parse_number(argv[++i], seconds) || seconds == 0 || seconds > 86400)
                return usage();
        } else if (arg == "--seed") {
            if (!parse_number(argv[++i], seed)) return usage();
        } else if (arg == "--write-corpus") {
            corpus_out = argv[++i];
        } else if (arg.rfind("--", 0) == 0) {
            return usage();
        } else {
            files.push_back(argv[i]);
        }
    }
#ifdef PRINTLINK_HAVE_SANITIZER_CALLBACK
    __sanitizer_set_death_callback(&write_current_input);
#endif

    const auto seeds = printlink::fuzz::seed_requests();
    if (corpus_out) {
        for (const auto& s : seeds) {
            const std::string path = std::string(corpus_out) + "/" + s.name;
            std::ofstream out(path, std::ios::binary);
            out.write(s.bytes.data(), static_cast<std::streamsize>(s.bytes.size()));
            if (!out) {
                std::cerr << "cannot write " << path << "\n";
                return 1;
            }
        }
        std::cout << "wrote " << seeds.size() << " seed requests to " << corpus_out << "\n";
        return 0;
    }
    if (!files.empty()) {
        for (const char* path : files) {
            Bytes input;
            if (!read_file(path, input)) {
                std::cerr << "cannot read " << path << "\n";
                return 1;
            }
            run_one(input);
            std::cout << "ran " << path << " (" << input.size() << " bytes): no error\n";
        }
        return 0;
    }

    std::vector<Bytes> pool;
    for (const auto& s : seeds) {
        if (s.bytes.empty()) {
            std::cerr << "seed " << s.name << " did not encode\n";
            return 1;
        }
        pool.push_back(s.bytes);
        run_one(s.bytes);
    }
    std::cout << "fuzz: seed " << seed << ", " << seconds << " s, " << pool.size()
              << " seed requests" << std::endl;

    Mutator mutator(seed);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    std::uint64_t runs = 0;
    std::uint64_t parsed = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        for (int batch = 0; batch < 256; ++batch) {
            Bytes input = mutator.mutate(pool);
            run_one(input);
            ++runs;
            // Inputs the parser accepts reach deeper code: keep some to mutate further.
            const bool accepted = printlink::fuzz::parses_as_ipp(input);
            if (accepted) {
                ++parsed;
                if (pool.size() < kMaxPool) pool.push_back(std::move(input));
            }
        }
    }
    std::cout << "fuzz: " << runs << " inputs, " << parsed << " parsed as IPP, pool " << pool.size()
              << ", no sanitizer report" << std::endl;
    return 0;
}
