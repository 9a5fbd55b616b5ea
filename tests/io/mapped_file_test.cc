// MappedFile: pages released behind a sequential read leave the process's resident set and
// read back unchanged when touched again.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "img/io/mapped_file.h"

namespace {

// Resident kilobytes of the mapping that starts at `start`, from /proc/self/smaps.
long resident_kib(const void* start) {
    std::ifstream in("/proc/self/smaps");
    std::string line;
    bool in_range = false;
    char want[32];
    std::snprintf(want, sizeof want, "%lx-", reinterpret_cast<unsigned long>(start));
    while (std::getline(in, line)) {
        if (line.find('-') != std::string::npos && line.find(' ') > line.find('-') && isxdigit(line[0]))
            in_range = line.rfind(want, 0) == 0;
        if (in_range && line.rfind("Rss:", 0) == 0) {
            std::istringstream f(line.substr(4));
            long kib = 0;
            f >> kib;
            return kib;
        }
    }
    return -1;
}

struct TempFile {
    std::string path;
    explicit TempFile(const std::string& bytes) {
        char tmpl[] = "/tmp/mapped-file-test.XXXXXX";
        int fd = mkstemp(tmpl);
        path = tmpl;
        EXPECT_EQ(write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
        close(fd);
    }
    ~TempFile() { unlink(path.c_str()); }
};

uint64_t sum(img::Bytes b) {
    uint64_t s = 0;
    for (size_t i = 0; i < b.size(); i += 512) s = s * 31 + static_cast<uint8_t>(b[i]);
    return s;
}

TEST(MappedFile, ReleasedPagesLeaveMemoryAndReadBackUnchanged) {
    std::string data(8 << 20, '\0');
    for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7 + (i >> 12));
    TempFile t(data);
    auto m = img::MappedFile::open(t.path);
    ASSERT_TRUE(m) << m.error().message();
    img::Bytes b = m->bytes();
    ASSERT_EQ(b.size(), data.size());
    uint64_t before = sum(b);   // touches every page
    long all = resident_kib(b.data());
    ASSERT_GE(all, 7 * 1024) << "the whole file should be resident after reading it";

    m->release_before(b.data() + (6 << 20));
    long after = resident_kib(b.data());
    EXPECT_LE(after, all - 5 * 1024) << "6 MiB released, resident " << all << " -> " << after << " KiB";

    // A second pass reads the same bytes.
    EXPECT_EQ(sum(b), before);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(b.data()), b.size()), data);

    // Starting over from the beginning releases again behind the new pass.
    m->release_before(b.data());
    m->release_before(b.data() + (4 << 20));
    EXPECT_LE(resident_kib(b.data()), all - 3 * 1024);
}

TEST(MappedFile, ReleaseIsANoOpForBytesNotMapped) {
    auto m = img::MappedFile::from_string("x", std::string(3 << 20, 'x'));
    m.release_before(m.bytes().data() + m.bytes().size());
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(m.bytes().data()), 5), "xxxxx");
    m.release_before(nullptr);   // outside the mapping: ignored
}

}  // namespace
