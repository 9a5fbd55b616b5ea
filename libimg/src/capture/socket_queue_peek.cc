#include "socket_queue_peek.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

namespace img {
namespace {

constexpr size_t kMaxQueued = 64u << 20;   // more than any default socket buffer

// Closes descriptors a peek passed us (SCM_RIGHTS); true when there were any.
bool drop_passed_fds(msghdr& m) {
    bool any = false;
    for (cmsghdr* c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
        any = true;
        size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < n; ++i) {
            int fd;
            std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
            ::close(fd);
        }
    }
    return any || (m.msg_flags & MSG_CTRUNC);
}

// Appends the packet at the peek offset to `out`: true when there was one, false at the end.
Expected<bool> peek_next(int sock, const std::string& what, std::string& buf, std::vector<std::string>& out) {
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 253)];
    iovec iov{buf.data(), buf.size()};
    msghdr m{};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = control;
    m.msg_controllen = sizeof control;
    ssize_t n = ::recvmsg(sock, &m, MSG_PEEK | MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return false;
    if (n < 0) return make_error(fmt::format("{}: peeking the queue: {}", what, std::strerror(errno)));
    if (drop_passed_fds(m)) return make_error(fmt::format("{}: socket (descriptors in flight, SCM_RIGHTS) is not supported by img-dump", what));
    if (m.msg_flags & MSG_TRUNC) return make_error(fmt::format("{}: a queued packet is larger than {} bytes", what, buf.size()));
    if (n == 0) return false;
    out.emplace_back(buf.data(), size_t(n));
    return true;
}

}  // namespace

Expected<std::vector<std::string>> peek_socket_queue(int sock, const std::string& what) {
    int old_off = -1;
    socklen_t len = sizeof old_off;
    if (::getsockopt(sock, SOL_SOCKET, SO_PEEK_OFF, &old_off, &len) != 0)
        return make_error(fmt::format("{}: getsockopt SO_PEEK_OFF: {}", what, std::strerror(errno)));
    int zero = 0;
    if (::setsockopt(sock, SOL_SOCKET, SO_PEEK_OFF, &zero, sizeof zero) != 0)
        return make_error(fmt::format("{}: setsockopt SO_PEEK_OFF: {}", what, std::strerror(errno)));
    int rcvbuf = 0;
    len = sizeof rcvbuf;
    ::getsockopt(sock, SOL_SOCKET, SO_RCVBUF, &rcvbuf, &len);
    std::string buf(std::max<size_t>(size_t(rcvbuf), 1u << 16), '\0');
    std::vector<std::string> out;
    Expected<bool> more = true;
    size_t total = 0;
    while (more && *more && total <= kMaxQueued) {
        more = peek_next(sock, what, buf, out);
        total += out.empty() ? 0 : out.back().size();
    }
    ::setsockopt(sock, SOL_SOCKET, SO_PEEK_OFF, &old_off, sizeof old_off);   // as the task had it
    if (!more) return more.error();
    if (total > kMaxQueued) return make_error(fmt::format("{}: more than {} bytes queued", what, kMaxQueued));
    return out;
}

}  // namespace img
