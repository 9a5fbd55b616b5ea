#include "img/io/chunked_output.h"

#include <unistd.h>

#include <cerrno>

namespace img {

bool write_all(int fd, std::string_view d) {
    while (!d.empty()) {
        ssize_t n = ::write(fd, d.data(), d.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        d.remove_prefix(static_cast<size_t>(n));
    }
    return true;
}

ChunkedOutput::ChunkedOutput(std::FILE* out) : out_(out), fd_(out ? ::fileno(out) : -1) {
    if (fd_ >= 0) sync_position();
}

void ChunkedOutput::sync_position() {
    // What the stream holds goes first; the descriptor's offset is then where ours will land.
    if (std::fflush(out_) != 0) failed_ = true;
    off_t at = ::lseek(fd_, 0, SEEK_CUR);
    position_ = at < 0 ? 0 : static_cast<size_t>(at);   // a pipe or a terminal: no offset
}

size_t ChunkedOutput::write_due(const char* p, size_t len) {
    if (fd_ < 0) {   // no descriptor: the stream buffers as it likes
        write(p, len);
        return len;
    }
    sync_position();
    size_t n = due(position_, len);
    if (n == 0) return 0;
    if (!write_all(fd_, {p, n})) failed_ = true;
    position_ += n;
    return n;
}

void ChunkedOutput::write(const char* p, size_t len) {
    if (len == 0) return;
    if (fd_ < 0) {
        if (std::fwrite(p, 1, len, out_) != len) failed_ = true;
        return;
    }
    if (std::fflush(out_) != 0) failed_ = true;
    if (!write_all(fd_, {p, len})) failed_ = true;
    position_ += len;
}

}  // namespace img
