// SocketBuffers: the send and receive buffer sizes (SO_SNDBUF, SO_RCVBUF) CRIU recorded for each
// socket of a checkpoint, as checkpointctl shows them beside its sockets.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "img/model/checkpoint.h"
#include "img/support/error.h"

namespace img {

struct SocketBuffers {
    uint32_t id = 0;            // the socket's file id in files.img
    uint32_t ino = 0;           // its inode (0 for packet sockets, which record none)
    std::string_view family;    // "unix", "inet", "inet6", "packet", "netlink"
    uint32_t sndbuf = 0;        // bytes
    uint32_t rcvbuf = 0;
};

// Every socket of files.img in file-id order; empty when the dump has no files.img.
Expected<std::vector<SocketBuffers>> socket_buffers(Checkpoint& d);

}  // namespace img
