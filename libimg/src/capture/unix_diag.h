// UnixDiag: what the kernel's sock_diag netlink interface tells of one unix socket, looked up by
// inode (NETLINK_SOCK_DIAG, AF_UNIX): type, state, peer inode, bound name, queue lengths.
#pragma once

#include <cstdint>
#include <string>

#include "img/support/error.h"

namespace img {

struct UnixDiag {
    uint32_t ino = 0;
    uint32_t type = 0;         // SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET
    uint32_t state = 0;        // TCP_ESTABLISHED (1), TCP_CLOSE (7), TCP_LISTEN (10), as the kernel says
    uint32_t peer = 0;         // the peer's inode, 0 when none
    bool has_name = false;     // bound: `name` holds sun_path's bytes (a leading NUL: abstract)
    std::string name;
    uint32_t rqueue = 0;       // bytes (or, listening, connections) waiting to be received
    uint32_t wqueue = 0;       // bytes sent and not yet received (or, listening, the backlog)
    uint32_t shutdown = 0;     // RCV_SHUTDOWN 1 | SEND_SHUTDOWN 2
    bool has_vfs = false;      // bound to a path: the socket file's inode and device
    uint64_t vfs_ino = 0;
    uint32_t vfs_dev = 0;      // as the kernel encodes it (major << 20 | minor)
};

// The socket of inode `ino` in img-dump's network namespace; an Error when the kernel does not
// know it as a unix socket (another family) or sock_diag is missing.
Expected<UnixDiag> query_unix_diag(uint32_t ino);

}  // namespace img
