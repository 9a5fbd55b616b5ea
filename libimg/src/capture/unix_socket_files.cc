// FileCollector's unix sockets: one UNIXSK entry per socket, what the kernel shows through
// sock_diag (type, state, peer) and the socket itself through img-dump's copy of the descriptor
// (options, queued packets). Socket pairs and connected pairs inside the dumped tasks, and
// sockets bound to a name that listen or are not connected (a path goes through the branch map);
// a peer outside the dump, a connection waiting to be accepted or another family is refused.
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <fmt/format.h>

#include "fdinfo.pb.h"
#include "file_collector.h"
#include "proc_task.h"
#include "sk_unix.pb.h"
#include "socket_options.h"
#include "socket_queue_peek.h"
#include "task_fd.h"

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

// The name as a reader sees it: "@name" for an abstract one, the path without its NUL.
std::string shown_name(const UnixDiag& d) {
    if (!d.name.empty() && d.name[0] == '\0') return "@" + d.name.substr(1);
    return d.name.substr(0, d.name.find('\0'));
}

// Why img-dump cannot capture this socket faithfully, or "". A bound socket is kept when it
// listens with nothing waiting to be accepted, or is not connected; a path name must be absolute.
std::string refusal(const UnixDiag& d) {
    if (!d.has_name || d.name.empty()) return {};
    std::string kind = "unix " + type_name(d.type);
    std::string name = shown_name(d);
    if (d.state == kStateListen && d.rqueue > 0)
        return fmt::format("{} listening on {} with {} waiting to be accepted", kind, name, d.rqueue);
    if (d.state != kStateListen && d.peer != 0) return fmt::format("{} bound to {} and connected", kind, name);
    if (name[0] != '@' && name[0] != '/') return fmt::format("{} bound to the relative path {}", kind, name);
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
    if (size_t n = socket_filter_length(mine->get()))
        return not_supported(what, fmt::format("unix {} with a socket filter, SO_ATTACH_FILTER of {} BPF instruction{}",
                                               type_name(diag->type), n, n == 1 ? "" : "s"));
    auto& e = new_entry(kTypeUnixSk);
    auto* u = e.mutable_usk();
    if (auto r = read_socket_options(mine->get(), what, *u->mutable_opts()); !r) return r.error();
    // A listening socket queues connections, not packets (refused above when there are any).
    auto queued = diag->state == kStateListen ? std::vector<std::string>{} : peek_socket_queue(mine->get(), what);
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
    if (auto r = set_name(pid, *diag, what, *u); !r) return r.error();
    if (diag->shutdown != 0) u->set_shutdown(diag->shutdown);
    for (auto& q : *queued) socket_queue_.push_back({e.id(), std::move(q)});
    unix_sockets_.push_back({pid, fd, diag->ino, diag->peer, type_name(diag->type)});
    return e.id();
}

// The bound name (a path through the branch map, its file's permissions beside it); "" unbound.
Expected<void> FileCollector::set_name(pid_t pid, const UnixDiag& d, const std::string& what, cimg::UnixSkEntry& u) const {
    u.set_name(d.name);
    if (!d.has_name || d.name.empty() || d.name[0] == '\0') return {};
    std::string path = shown_name(d);
    struct stat st{};
    bool same = ::lstat((proc_path(pid, "root") + path).c_str(), &st) == 0 && S_ISSOCK(st.st_mode) && d.has_vfs &&
                st.st_ino == d.vfs_ino && ((major(st.st_dev) << 20) | minor(st.st_dev)) == d.vfs_dev;
    if (!same) return not_supported(what, fmt::format("unix {} bound to {}, a file now gone or replaced", type_name(d.type), path));
    u.set_name(rewritten(path) + d.name.substr(path.size()));   // the NUL it was bound with, if any
    auto* perms = u.mutable_file_perms();
    perms->set_mode(st.st_mode);
    perms->set_uid(st.st_uid);
    perms->set_gid(st.st_gid);
    return {};
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
