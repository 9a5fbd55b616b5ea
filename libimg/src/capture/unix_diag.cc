#include "unix_diag.h"

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>

#include <fmt/format.h>

namespace img {
namespace {

struct NetlinkSocket {
    int fd = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    ~NetlinkSocket() { if (fd >= 0) ::close(fd); }
};

Error diag_error(uint32_t ino, const std::string& what) {
    return make_error(fmt::format("sock_diag of socket inode {}: {}", ino, what));
}

// Fills `d` from the attributes after the unix_diag_msg header.
void read_attributes(const char* at, size_t len, UnixDiag& d) {
    for (auto* a = reinterpret_cast<const rtattr*>(at); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
        const char* data = static_cast<const char*>(RTA_DATA(a));
        size_t n = RTA_PAYLOAD(a);
        if (a->rta_type == UNIX_DIAG_NAME) { d.has_name = true; d.name.assign(data, n); }
        if (a->rta_type == UNIX_DIAG_PEER && n >= 4) std::memcpy(&d.peer, data, 4);
        if (a->rta_type == UNIX_DIAG_SHUTDOWN && n >= 1) d.shutdown = uint8_t(data[0]);
        if (a->rta_type == UNIX_DIAG_VFS && n >= sizeof(unix_diag_vfs)) {
            unix_diag_vfs v;
            std::memcpy(&v, data, sizeof v);
            d.has_vfs = true;
            d.vfs_ino = v.udiag_vfs_ino;
            d.vfs_dev = v.udiag_vfs_dev;
        }
        if (a->rta_type == UNIX_DIAG_RQLEN && n >= sizeof(unix_diag_rqlen)) {
            unix_diag_rqlen q;
            std::memcpy(&q, data, sizeof q);
            d.rqueue = q.udiag_rqueue;
            d.wqueue = q.udiag_wqueue;
        }
    }
}

}  // namespace

Expected<UnixDiag> query_unix_diag(uint32_t ino) {
    NetlinkSocket nl;
    if (nl.fd < 0) return diag_error(ino, fmt::format("cannot open NETLINK_SOCK_DIAG: {}", std::strerror(errno)));
    struct { nlmsghdr h; unix_diag_req r; } req{};
    req.h.nlmsg_len = sizeof req;
    req.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    req.h.nlmsg_flags = NLM_F_REQUEST;
    req.r.sdiag_family = AF_UNIX;
    req.r.udiag_states = ~0u;
    req.r.udiag_ino = ino;
    req.r.udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_VFS | UDIAG_SHOW_PEER | UDIAG_SHOW_RQLEN;   // the shutdown state comes always
    req.r.udiag_cookie[0] = req.r.udiag_cookie[1] = ~0u;   // INET_DIAG_NOCOOKIE: any socket of this inode
    if (::send(nl.fd, &req, sizeof req, 0) != ssize_t(sizeof req))
        return diag_error(ino, fmt::format("cannot send the request: {}", std::strerror(errno)));
    alignas(nlmsghdr) char buf[8192];
    ssize_t n = ::recv(nl.fd, buf, sizeof buf, 0);
    if (n < 0) return diag_error(ino, fmt::format("no answer: {}", std::strerror(errno)));
    auto* h = reinterpret_cast<nlmsghdr*>(buf);
    if (!NLMSG_OK(h, size_t(n))) return diag_error(ino, "short answer");
    if (h->nlmsg_type == NLMSG_ERROR) {
        int err = -static_cast<nlmsgerr*>(NLMSG_DATA(h))->error;
        return diag_error(ino, err == ENOENT ? "not a unix socket" : std::strerror(err));
    }
    if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY || h->nlmsg_len < NLMSG_LENGTH(sizeof(unix_diag_msg)))
        return diag_error(ino, "unexpected answer");
    auto* m = static_cast<unix_diag_msg*>(NLMSG_DATA(h));
    UnixDiag d;
    d.ino = m->udiag_ino;
    d.type = m->udiag_type;
    d.state = m->udiag_state;
    read_attributes(reinterpret_cast<const char*>(m + 1), h->nlmsg_len - NLMSG_LENGTH(sizeof *m), d);
    return d;
}

}  // namespace img
