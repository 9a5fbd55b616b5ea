#include "socket_options.h"

#include <cerrno>
#include <cstring>
#include <string>
#include <sys/socket.h>
#include <sys/time.h>

#include <fmt/format.h>

#include "sk_opts.pb.h"

#ifndef SO_BUF_LOCK
#define SO_BUF_LOCK 72
#endif

namespace img {
namespace {

struct OptionReader {
    int sock;
    const std::string& what;
    std::string failed;   // the first option getsockopt refused, with why

    template <class T>
    T get(int name, const char* label) {
        T v{};
        socklen_t len = sizeof v;
        if (::getsockopt(sock, SOL_SOCKET, name, &v, &len) != 0 && failed.empty())
            failed = fmt::format("{}: getsockopt {}: {}", what, label, std::strerror(errno));
        return v;
    }
    bool flag(int name, const char* label) { return get<int>(name, label) != 0; }
};

}  // namespace

Expected<void> read_socket_options(int sock, const std::string& what, cimg::SkOptsEntry& o) {
    OptionReader r{sock, what, {}};
    o.set_so_sndbuf(uint32_t(r.get<int>(SO_SNDBUF, "SO_SNDBUF")));
    o.set_so_rcvbuf(uint32_t(r.get<int>(SO_RCVBUF, "SO_RCVBUF")));
    auto snd = r.get<timeval>(SO_SNDTIMEO, "SO_SNDTIMEO");
    auto rcv = r.get<timeval>(SO_RCVTIMEO, "SO_RCVTIMEO");
    o.set_so_snd_tmo_sec(uint64_t(snd.tv_sec));
    o.set_so_snd_tmo_usec(uint64_t(snd.tv_usec));
    o.set_so_rcv_tmo_sec(uint64_t(rcv.tv_sec));
    o.set_so_rcv_tmo_usec(uint64_t(rcv.tv_usec));
    o.set_reuseaddr(r.flag(SO_REUSEADDR, "SO_REUSEADDR"));
    o.set_so_priority(uint32_t(r.get<int>(SO_PRIORITY, "SO_PRIORITY")));
    o.set_so_rcvlowat(uint32_t(r.get<int>(SO_RCVLOWAT, "SO_RCVLOWAT")));
    if (uint32_t mark = uint32_t(r.get<int>(SO_MARK, "SO_MARK")); mark != 0) o.set_so_mark(mark);
    o.set_so_passcred(r.flag(SO_PASSCRED, "SO_PASSCRED"));
    o.set_so_passsec(r.flag(SO_PASSSEC, "SO_PASSSEC"));
    o.set_so_dontroute(r.flag(SO_DONTROUTE, "SO_DONTROUTE"));
    o.set_so_no_check(r.flag(SO_NO_CHECK, "SO_NO_CHECK"));
    o.set_so_reuseport(r.flag(SO_REUSEPORT, "SO_REUSEPORT"));
    o.set_so_broadcast(r.flag(SO_BROADCAST, "SO_BROADCAST"));
    o.set_so_keepalive(r.flag(SO_KEEPALIVE, "SO_KEEPALIVE"));
    o.set_so_oobinline(uint32_t(r.get<int>(SO_OOBINLINE, "SO_OOBINLINE")));
    auto linger = r.get<struct linger>(SO_LINGER, "SO_LINGER");
    if (linger.l_onoff) o.set_so_linger(uint32_t(linger.l_linger));
    o.set_so_buf_lock(uint32_t(r.get<int>(SO_BUF_LOCK, "SO_BUF_LOCK")));
    if (!r.failed.empty()) return make_error(r.failed);
    return {};
}

size_t socket_filter_length(int sock) {
    socklen_t len = 0;   // with no room given, the kernel answers with the filter's length
    if (::getsockopt(sock, SOL_SOCKET, SO_GET_FILTER, nullptr, &len) != 0) return 0;
    return len;
}

}  // namespace img
