// ChunkedOutput: where a writer's buffered text goes when it is bound for a stdio stream: the
// stream's descriptor, written in whole 64 KiB chunks that end on 64 KiB boundaries of the file.
// The kernel then fills a file's page cache in large folios; a 4 KiB write beside each 60 KiB
// one (stdio's pattern for a 64 KiB flush) made writing a big JSON document half as fast again.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string_view>

namespace img {

// Writes all of d to fd, retrying after EINTR and short writes; false on any other error.
bool write_all(int fd, std::string_view d);

class ChunkedOutput {
public:
    static constexpr size_t kChunk = size_t{64} << 10;

    // out: a stream with a descriptor (fileno), or one without (fmemopen: written with fwrite).
    explicit ChunkedOutput(std::FILE* out);

    // How many of the first `len` buffered bytes to write now: the most that ends on a chunk
    // boundary of the file (0 while the buffer does not reach one). `position` is the file
    // offset the buffer starts at.
    static size_t due(size_t position, size_t len) {
        size_t first = kChunk - position % kChunk;
        return len < first ? 0 : first + (len - first) / kChunk * kChunk;
    }
    // The buffer's length at which writing some of it first makes sense.
    size_t threshold() const { return kChunk - position_ % kChunk; }

    // Writes the chunks of p[0, len) that are due and returns how many bytes that took (the
    // caller keeps the rest). What the stream itself holds is flushed first, so text printed
    // through it before stays before ours.
    size_t write_due(const char* p, size_t len);
    // Writes p[0, len) whole.
    void write(const char* p, size_t len);
    bool failed() const { return failed_; }

private:
    void sync_position();
    std::FILE* out_;
    int fd_;
    size_t position_ = 0;   // the file offset at the buffer's start (0 for a pipe)
    bool failed_ = false;
};

}  // namespace img
