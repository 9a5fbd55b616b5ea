// Every file of fuzz/corpus/<target>/ goes through that target's function, the one its
// libFuzzer binary calls, so inputs the fuzzers found interesting keep being exercised by
// ctest. Each test walks its folder when it runs (not when the binary is built), so a corpus
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
#include <ostream>
#include <string>
#include <vector>

#include "fuzz_targets.h"

namespace fs = std::filesystem;

// gtest names a parameter by this rather than by its bytes.
void PrintTo(const FuzzTarget& t, std::ostream* os) { *os << t.name; }

namespace {

fs::path corpus_of(const FuzzTarget& t) { return fs::path(IMG_SOURCE_DIR) / "fuzz" / "corpus" / t.name; }

std::vector<fs::path> corpus_files(const FuzzTarget& t) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(corpus_of(t), ec))
        if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::string read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class FuzzCorpusReplay : public ::testing::TestWithParam<FuzzTarget> {};

TEST_P(FuzzCorpusReplay, EveryInputRunsCleanly) {
    const auto files = corpus_files(GetParam());
    ASSERT_FALSE(files.empty()) << "no inputs in " << corpus_of(GetParam());
    for (const auto& p : files) {
        std::fprintf(stderr, "replaying %s\n", p.c_str());
        const std::string bytes = read_bytes(p);
        try {
            GetParam().run(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
        } catch (const std::exception& e) {
            ADD_FAILURE() << p << ": uncaught exception: " << e.what();
        } catch (...) {
            ADD_FAILURE() << p << ": uncaught exception";
        }
    }
}

// Each corpus is checked in and kept small (fuzz/run_fuzzer.sh trims it).
TEST_P(FuzzCorpusReplay, CorpusIsWithinBudget) {
    const auto files = corpus_files(GetParam());
    EXPECT_GE(files.size(), 5u) << corpus_of(GetParam());
    EXPECT_LE(files.size(), 300u) << "minimise the corpus: see fuzz/README.md";
    uintmax_t total = 0;
    for (const auto& p : files) total += fs::file_size(p);
    EXPECT_LE(total, 2u * 1024 * 1024) << "minimise the corpus: see fuzz/README.md";
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzCorpusReplay, ::testing::ValuesIn(fuzz_targets().begin(), fuzz_targets().end()),
                         [](const ::testing::TestParamInfo<FuzzTarget>& i) { return std::string(i.param.name); });

}  // namespace
