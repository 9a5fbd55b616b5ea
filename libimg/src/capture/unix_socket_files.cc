// FileCollector's unix sockets: one UNIXSK entry per socket, what the kernel shows through
// sock_diag (type, state, peer) and the socket itself through img-dump's copy of the descriptor
// (options, queued packets). Socket pairs and connected pairs inside the dumped tasks only: a
// bound or listening socket, a peer outside the dump or another family is refused by name.
#include <fmt/format.h>

#include "fdinfo.pb.h"
#include "file_collector.h"
#include "sk_unix.pb.h"
#include "socket_options.h"
#include "socket_queue_peek.h"
#include "task_fd.h"
#include "unix_diag.h"

namespace img {
namespace {

constexpr uint32_t kTypeUnixSk = 5;
constexpr uint32_t kStateListen = 10;

std::string type_name(uint32_t type) {
    switch (type) {
    case 1: return "stream";
    case 2: return "dgram";
    case 5: return "seqpacket";
    default: return fmt::format("type {}", type);
    }
}

// Why img-dump cannot capture this socket faithfully, or "".
std::string refusal(const UnixDiag& d) {
    std::string kind = "unix " + type_name(d.type);
    if (d.state == kStateListen) return fmt::format("{} listening on {}", kind, d.name);
    if (d.has_name && !d.name.empty())
        return fmt::format("{} bound to {}{}", kind, d.name[0] == '\0' ? "@" : "", d.name.substr(d.name[0] == '\0'));
    return {};
}

Error not_supported(const std::string& what, const std::string& kind) {
    return make_error(fmt::format("{}: socket ({}) is not supported by img-dump", what, kind));
}

}  // namespace

Expected<uint32_t> FileCollector::add_unix_socket(pid_t pid, int fd, uint32_t flags, uint64_t ino) {
    std::string what = fmt::format("task {}: fd {}", pid, fd);
    auto diag = query_unix_diag(uint32_t(ino));
    if (!diag) return not_supported(what, fmt::format("socket:[{}], not a unix socket the kernel shows", ino));
    if (std::string why = refusal(*diag); !why.empty()) return not_supported(what, why);
    auto mine = TaskFd::copy(pid, fd);
    if (!mine) return mine.error();
    auto& e = new_entry(kTypeUnixSk);
    auto* u = e.mutable_usk();
    if (auto r = read_socket_options(mine->get(), what, *u->mutable_opts()); !r) return r.error();
    auto queued = peek_socket_queue(mine->get(), what);
    if (!queued) return queued.error();
    u->set_id(e.id());
    u->set_ino(diag->ino);
    u->set_type(diag->type);
    u->set_state(diag->state);
    u->set_flags(flags);
    u->set_uflags(0);
    u->set_backlog(diag->wqueue);
    u->set_peer(diag->peer);
    auto* fown = u->mutable_fown();
    fown->set_uid(0); fown->set_euid(0); fown->set_signum(0); fown->set_pid_type(0); fown->set_pid(0);
    u->set_name("");
    if (diag->shutdown != 0) u->set_shutdown(diag->shutdown);
    for (auto& q : *queued) socket_queue_.push_back({e.id(), std::move(q)});
    unix_sockets_.push_back({pid, fd, diag->ino, diag->peer, type_name(diag->type)});
    return e.id();
}

Expected<void> FileCollector::check_socket_peers() const {
    for (const auto& s : unix_sockets_) {
        if (s.peer == 0) continue;
        bool inside = false;
        for (const auto& o : unix_sockets_) inside = inside || o.ino == s.peer;
        if (!inside)
            return not_supported(fmt::format("task {}: fd {}", s.pid, s.fd),
                                 fmt::format("unix {} connected to socket inode {} outside the dumped tasks", s.kind, s.peer));
    }
    return {};
}

}  // namespace img
