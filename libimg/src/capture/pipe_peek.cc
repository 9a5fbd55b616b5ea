#include "pipe_peek.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

namespace img {
namespace {

struct Fd {
    int fd = -1;
    ~Fd() { if (fd >= 0) ::close(fd); }
};

Error pipe_error(pid_t pid, int fd, const char* what) {
    return make_error(fmt::format("task {}: fd {}: {}: {}", pid, fd, what, std::strerror(errno)));
}

}  // namespace

Expected<PipeContents> peek_pipe(pid_t pid, int fd) {
    Fd src;
    src.fd = ::open(fmt::format("/proc/{}/fd/{}", pid, fd).c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (src.fd < 0) return pipe_error(pid, fd, "cannot open the pipe again");
    PipeContents out;
    int size = ::fcntl(src.fd, F_GETPIPE_SZ);
    if (size <= 0) return pipe_error(pid, fd, "F_GETPIPE_SZ");
    out.buffer_size = uint32_t(size);
    int copy[2];
    if (::pipe2(copy, O_NONBLOCK | O_CLOEXEC) != 0) return pipe_error(pid, fd, "pipe2");
    Fd rd, wr;
    rd.fd = copy[0];
    wr.fd = copy[1];
    if (::fcntl(wr.fd, F_SETPIPE_SZ, size) < size) return pipe_error(pid, fd, "F_SETPIPE_SZ");
    ssize_t n = ::tee(src.fd, wr.fd, size_t(size), SPLICE_F_NONBLOCK);
    if (n < 0 && errno != EAGAIN) return pipe_error(pid, fd, "tee");
    if (n <= 0) return out;
    out.bytes.resize(size_t(n));
    if (::read(rd.fd, out.bytes.data(), size_t(n)) != n) return pipe_error(pid, fd, "reading the copy");
    return out;
}

}  // namespace img
