// Every file of fuzz/corpus/ goes through fuzz_one_input(), the function the libFuzzer
// target calls, so inputs the fuzzer found interesting keep being exercised by ctest.
// One test walks the folder when it runs (not when the binary is built), so a corpus
// refreshed by fuzz/run_fuzzer.sh is replayed without rebuilding anything.
// An uncaught exception fails the test naming the file; a crash (or, with -DIMG_SANITIZE=ON,
// a sanitizer report) kills it, and the last "replaying" line on stderr names the file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_one_input.h"

namespace fs = std::filesystem;

namespace {

const fs::path kCorpus = fs::path(IMG_SOURCE_DIR) / "fuzz" / "corpus";

std::vector<fs::path> corpus_files() {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(kCorpus, ec))
        if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::string read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

TEST(FuzzCorpusReplay, EveryInputRunsCleanly) {
    const auto files = corpus_files();
    ASSERT_FALSE(files.empty()) << "no inputs in " << kCorpus;
    for (const auto& p : files) {
        std::fprintf(stderr, "replaying %s\n", p.filename().c_str());
        const std::string bytes = read_bytes(p);
        try {
            fuzz_one_input(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
        } catch (const std::exception& e) {
            ADD_FAILURE() << p << ": uncaught exception: " << e.what();
        } catch (...) {
            ADD_FAILURE() << p << ": uncaught exception";
        }
    }
}

// The corpus is checked in and kept small (fuzz/run_fuzzer.sh trims it).
TEST(FuzzCorpusReplay, CorpusIsWithinBudget) {
    const auto files = corpus_files();
    EXPECT_GE(files.size(), 10u) << kCorpus;
    EXPECT_LE(files.size(), 300u) << "minimise the corpus: see fuzz/README.md";
    uintmax_t total = 0;
    for (const auto& p : files) total += fs::file_size(p);
    EXPECT_LE(total, 2u * 1024 * 1024) << "minimise the corpus: see fuzz/README.md";
}
