#include "img/model/socket_buffers.h"

#include <algorithm>

namespace img {

namespace {

SocketBuffers buffers(uint32_t id, uint32_t ino, std::string_view family, const cimg::SkOptsEntry& o) {
    return SocketBuffers{id, ino, family, o.so_sndbuf(), o.so_rcvbuf()};
}

}  // namespace

Expected<std::vector<SocketBuffers>> socket_buffers(Checkpoint& d) {
    auto ft = d.files();
    if (!ft) return std::move(ft).error();
    std::vector<SocketBuffers> out;
    for (const auto& f : (*ft)->all()) {
        if (f.has_usk()) out.push_back(buffers(f.id(), f.usk().ino(), "unix", f.usk().opts()));
        else if (f.has_isk())
            out.push_back(buffers(f.id(), f.isk().ino(), f.isk().family() == 10 ? "inet6" : "inet", f.isk().opts()));
        else if (f.has_psk()) out.push_back(buffers(f.id(), 0, "packet", f.psk().opts()));
        else if (f.has_nlsk()) out.push_back(buffers(f.id(), f.nlsk().ino(), "netlink", f.nlsk().opts()));
    }
    std::sort(out.begin(), out.end(), [](const SocketBuffers& a, const SocketBuffers& b) { return a.id < b.id; });
    return out;
}

}  // namespace img
