// ChunkedOutput: a writer's text written to a stream's descriptor in whole chunks that end on
// chunk boundaries of the file, after whatever the stream itself held.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "img/io/chunked_output.h"
#include "harness/paths.h"

namespace {

using img::ChunkedOutput;
constexpr size_t kChunk = ChunkedOutput::kChunk;

std::string read_all(const std::string& path) {
    std::string s;
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return s;
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
    std::fclose(f);
    return s;
}

std::string pattern(size_t n) {
    std::string s(n, '\0');
    for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + i % 26);
    return s;
}

TEST(ChunkedOutput, DueIsTheMostThatEndsOnAChunkBoundary) {
    EXPECT_EQ(ChunkedOutput::due(0, 0), 0u);
    EXPECT_EQ(ChunkedOutput::due(0, kChunk - 1), 0u);
    EXPECT_EQ(ChunkedOutput::due(0, kChunk), kChunk);
    EXPECT_EQ(ChunkedOutput::due(0, kChunk + 200), kChunk);
    EXPECT_EQ(ChunkedOutput::due(0, 3 * kChunk + 5), 3 * kChunk);
    // A buffer that starts mid-chunk first fills that chunk.
    EXPECT_EQ(ChunkedOutput::due(100, kChunk - 101), 0u);
    EXPECT_EQ(ChunkedOutput::due(100, kChunk - 100), kChunk - 100);
    EXPECT_EQ(ChunkedOutput::due(100, 2 * kChunk), 2 * kChunk - 100);
    EXPECT_EQ(ChunkedOutput::due(5 * kChunk - 1, 1), 1u);
    for (size_t pos : {size_t{0}, size_t{1}, size_t{4095}, kChunk - 1, kChunk, 7 * kChunk + 12345}) {
        for (size_t len : {size_t{0}, size_t{1}, kChunk / 2, kChunk, kChunk + 1, 5 * kChunk + 77}) {
            size_t n = ChunkedOutput::due(pos, len);
            EXPECT_LE(n, len);
            if (n > 0) {
                EXPECT_EQ((pos + n) % kChunk, 0u) << pos << " " << len;
                EXPECT_LT(len - n, kChunk) << "less than a chunk is kept";
            } else {
                EXPECT_LT(len, kChunk - pos % kChunk) << "nothing is due only before the first boundary";
            }
        }
    }
}

TEST(ChunkedOutput, WritesEndOnChunkBoundariesAfterTheStreamsOwnText) {
    img::test::TempDir t;
    std::FILE* f = std::fopen(t.file("out").c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fputs("0123456789", f);   // still in the stream's buffer
    ChunkedOutput out(f);
    EXPECT_EQ(out.threshold(), kChunk - 10);
    std::string text = pattern(3 * kChunk);
    size_t n = out.write_due(text.data(), text.size());
    EXPECT_EQ(n, 3 * kChunk - 10);
    EXPECT_EQ(::lseek(::fileno(f), 0, SEEK_CUR), static_cast<off_t>(3 * kChunk)) << "the write ended on a boundary";
    EXPECT_EQ(out.threshold(), kChunk);
    out.write(text.data() + n, text.size() - n);
    std::fputs("end", f);
    ASSERT_EQ(std::fclose(f), 0);
    EXPECT_FALSE(out.failed());
    EXPECT_EQ(read_all(t.file("out")), "0123456789" + text + "end");
}

TEST(ChunkedOutput, NothingIsDueBeforeTheBoundary) {
    img::test::TempDir t;
    std::FILE* f = std::fopen(t.file("out").c_str(), "wb");
    ASSERT_NE(f, nullptr);
    ChunkedOutput out(f);
    std::string text = pattern(kChunk - 1);
    EXPECT_EQ(out.write_due(text.data(), text.size()), 0u);
    EXPECT_EQ(::lseek(::fileno(f), 0, SEEK_CUR), 0);
    std::fclose(f);
}

TEST(ChunkedOutput, AStreamWithoutADescriptorTakesEverythingAtOnce) {
    char mem[256] = {};
    std::FILE* f = ::fmemopen(mem, sizeof mem, "w");
    ASSERT_NE(f, nullptr);
    ChunkedOutput out(f);
    EXPECT_EQ(out.write_due("hello", 5), 5u);
    out.write(" world", 6);
    std::fclose(f);
    EXPECT_STREQ(mem, "hello world");
    EXPECT_FALSE(out.failed());
}

TEST(ChunkedOutput, AFailedWriteIsReported) {
    std::FILE* f = std::fopen("/dev/full", "wb");
    if (!f) GTEST_SKIP() << "no /dev/full on this machine";
    ChunkedOutput out(f);
    std::string text = pattern(2 * kChunk);
    out.write_due(text.data(), text.size());
    EXPECT_TRUE(out.failed());
    std::fclose(f);
}

TEST(ChunkedOutput, APipeHasNoOffsetAndTakesWholeChunks) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    ASSERT_GE(::fcntl(fds[1], F_SETPIPE_SZ, static_cast<int>(4 * kChunk)), static_cast<int>(4 * kChunk));
    std::FILE* f = ::fdopen(fds[1], "wb");
    ASSERT_NE(f, nullptr);
    ChunkedOutput out(f);
    std::string text = pattern(2 * kChunk + 300);
    EXPECT_EQ(out.write_due(text.data(), text.size()), 2 * kChunk);
    std::fclose(f);
    std::string got(3 * kChunk, '\0');
    size_t have = 0;
    ssize_t r;
    while ((r = ::read(fds[0], got.data() + have, got.size() - have)) > 0) have += static_cast<size_t>(r);
    ::close(fds[0]);
    EXPECT_EQ(got.substr(0, have), text.substr(0, 2 * kChunk));
}

TEST(WriteAll, WritesEverythingOrSaysSo) {
    img::test::TempDir t;
    int fd = ::open(t.file("w").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ASSERT_GE(fd, 0);
    std::string text = pattern(300000);
    EXPECT_TRUE(img::write_all(fd, text));
    ::close(fd);
    EXPECT_EQ(read_all(t.file("w")), text);
    int full = ::open("/dev/full", O_WRONLY);
    if (full >= 0) {
        EXPECT_FALSE(img::write_all(full, text));
        ::close(full);
    }
}

}  // namespace
