#include "file_collector.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <linux/kcmp.h>

#include <fmt/format.h>

#include "fdinfo.pb.h"
#include "fifo.pb.h"
#include "memfd.pb.h"
#include "pipe.pb.h"
#include "pipe_peek.h"
#include "proc_task.h"
#include "regfile.pb.h"

namespace img {
namespace {

constexpr uint32_t kTypeReg = 1, kTypePipe = 2, kTypeFifo = 3, kTypeMemfd = 18;

Expected<std::string> read_link(const std::string& path) {
    std::string buf(4096, '\0');
    ssize_t n = ::readlink(path.c_str(), buf.data(), buf.size());
    if (n < 0) return make_error(fmt::format("cannot read link: {}", std::strerror(errno))).in_file(path);
    buf.resize(size_t(n));
    return buf;
}

// A /proc link's target without the " (deleted)" the kernel adds to an unlinked file.
std::string without_deleted(std::string name) {
    constexpr std::string_view kDeleted = " (deleted)";
    if (name.size() > kDeleted.size() && name.compare(name.size() - kDeleted.size(), kDeleted.size(), kDeleted) == 0)
        name.resize(name.size() - kDeleted.size());
    return name;
}

// "fd 3" for "fd/3", "memory 7f..-7f.." for "map_files/7f..-7f..": where a ghost was met.
std::string ghost_place(const std::string& link) {
    if (link.rfind("fd/", 0) == 0) return "fd " + link.substr(3);
    if (link.rfind("map_files/", 0) == 0) return "memory " + link.substr(10);
    return link;
}

struct FdInfo { uint64_t pos = 0; uint32_t flags = 0; };

FdInfo parse_fdinfo(const std::string& text) {
    FdInfo f;
    size_t p = text.find("pos:");
    if (p != std::string::npos) f.pos = std::strtoull(text.c_str() + p + 4, nullptr, 10);
    p = text.find("flags:");
    if (p != std::string::npos) f.flags = uint32_t(std::strtoul(text.c_str() + p + 6, nullptr, 8));
    return f;
}

void fill_reg(cimg::RegFileEntry& reg, uint32_t id, uint32_t flags, uint64_t pos, std::string name, const struct stat& st) {
    reg.set_id(id);
    reg.set_flags(flags);
    reg.set_pos(pos);
    auto* fown = reg.mutable_fown();
    fown->set_uid(0); fown->set_euid(0); fown->set_signum(0); fown->set_pid_type(0); fown->set_pid(0);
    reg.set_name(std::move(name));
    if (S_ISREG(st.st_mode)) reg.set_size(uint64_t(st.st_size));
    reg.set_mode(st.st_mode);
}

bool same_description(pid_t p1, int fd1, pid_t p2, int fd2) {
    return ::syscall(SYS_kcmp, p1, p2, KCMP_FILE, fd1, fd2) == 0;
}

}  // namespace

std::string unsupported_fd_kind(const std::string& link, uint32_t mode, uint64_t rdev) {
    if (link.rfind("pipe:", 0) == 0) return {};
    if (link.rfind("socket:", 0) == 0) return {};   // unix sockets are looked at; others refused there
    if (link == "anon_inode:[eventfd]" || link == "anon_inode:[eventpoll]") return {};
    if (link.rfind("anon_inode:", 0) == 0) return link.substr(11);
    if (S_ISCHR(mode)) {
        unsigned maj = major(rdev);
        if (maj == 4 || maj == 5 || (maj >= 136 && maj <= 143)) return "tty";
    }
    if (S_ISSOCK(mode) && link.rfind("socket:", 0) != 0) return "socket";
    if (link.empty() || link[0] != '/') return "unknown (" + link + ")";
    return {};
}

FileCollector::FileCollector(const BranchMap* branches) : branches_(branches) {}
FileCollector::~FileCollector() = default;

std::string FileCollector::rewritten(const std::string& path) const {
    if (branches_) if (auto p = branches_->apply(path)) return *p;
    return path;
}

cimg::FileEntry& FileCollector::new_entry(uint32_t type) {
    entries_.push_back(std::make_unique<cimg::FileEntry>());
    auto& e = *entries_.back();
    e.set_type(type);
    e.set_id(uint32_t(entries_.size()));
    return e;
}

Expected<uint32_t> FileCollector::add_file(pid_t pid, const std::string& link, bool rw) {
    std::string at = proc_path(pid, link);
    struct stat st{};
    if (::stat(at.c_str(), &st) != 0) return make_error(fmt::format("cannot stat: {}", std::strerror(errno))).in_file(at);
    auto key = std::make_pair(uint64_t(st.st_dev), uint64_t(st.st_ino));
    if (auto it = whole_files_.find(key); it != whole_files_.end()) {
        if (rw) entries_[it->second - 1]->mutable_reg()->set_flags(O_RDWR);
        return it->second;
    }
    auto name = read_link(at);
    if (!name) return name.error();
    bool ghost = st.st_nlink == 0 && S_ISREG(st.st_mode);
    if (ghost && rw) return make_error(fmt::format("task {}: {} is a deleted file mapped shared and writable (not supported)", pid, *name));
    auto& e = new_entry(kTypeReg);
    fill_reg(*e.mutable_reg(), e.id(), rw ? O_RDWR : O_RDONLY, 0, rewritten(ghost ? without_deleted(*name) : *name), st);
    if (ghost)
        if (auto r = add_ghost(pid, link, e.id(), st); !r) return r.error();
    whole_files_[key] = e.id();
    return e.id();
}

Expected<uint32_t> FileCollector::add_mapping(pid_t pid, const VmaPlan& plan) {
    if (plan.shared_anon) return add_shared_anon(pid, plan);
    return add_file(pid, fmt::format("map_files/{:x}-{:x}", plan.area.start, plan.area.end), plan.writable_shared);
}

Expected<uint32_t> FileCollector::add_descriptor(pid_t pid, int fd) {
    std::string at = proc_path(pid, fmt::format("fd/{}", fd));
    auto link = read_link(at);
    if (!link) return link.error();
    struct stat st{};
    if (::stat(at.c_str(), &st) != 0) return make_error(fmt::format("cannot stat: {}", std::strerror(errno))).in_file(at);
    if (std::string kind = unsupported_fd_kind(*link, st.st_mode, st.st_rdev); !kind.empty())
        return make_error(fmt::format("task {}: fd {}: {} ({}) is not supported by img-dump", pid, fd, kind, *link));
    auto key = std::make_pair(uint64_t(st.st_dev), uint64_t(st.st_ino));
    for (const auto& o : open_[key])
        if (same_description(o.pid, o.fd, pid, fd)) return o.id;
    auto info_text = read_proc_text(proc_path(pid, fmt::format("fdinfo/{}", fd)));
    if (!info_text) return info_text.error();
    FdInfo info = parse_fdinfo(*info_text);
    Expected<uint32_t> id = 0u;
    if (link->rfind("pipe:", 0) == 0) id = add_pipe(pid, fd, info.flags & ~uint32_t(O_CLOEXEC), st.st_ino);
    else if (link->rfind("socket:", 0) == 0) id = add_unix_socket(pid, fd, info.flags & ~uint32_t(O_CLOEXEC), st.st_ino);
    else if (*link == "anon_inode:[eventfd]") id = add_eventfd(pid, fd, info.flags & ~uint32_t(O_CLOEXEC), *info_text);
    else if (*link == "anon_inode:[eventpoll]") id = add_eventpoll(pid, fd, info.flags & ~uint32_t(O_CLOEXEC), *info_text);
    else if (link->rfind("/memfd:", 0) == 0) id = add_memfd(pid, fd, info.flags & ~uint32_t(O_CLOEXEC), info.pos, *link, st);
    else if (S_ISFIFO(st.st_mode)) id = add_fifo(pid, fd, info.flags & ~uint32_t(O_CLOEXEC), *link, st.st_ino);
    if (!id) return id;
    if (*id != 0) { open_[key].push_back({pid, fd, *id}); return id; }
    auto& e = new_entry(kTypeReg);
    bool ghost = st.st_nlink == 0 && S_ISREG(st.st_mode);
    std::string name = ghost ? without_deleted(*link) : *link;
    fill_reg(*e.mutable_reg(), e.id(), info.flags & ~uint32_t(O_CLOEXEC), info.pos, rewritten(name), st);
    if (ghost)
        if (auto r = add_ghost(pid, fmt::format("fd/{}", fd), e.id(), st); !r) return r.error();
    open_[key].push_back({pid, fd, e.id()});
    return e.id();
}

Expected<uint64_t> FileCollector::memfd_inode(pid_t pid, const std::string& link, const std::string& name,
                                              const struct stat& st) {
    for (const auto& m : memfds_) if (m.shmid == uint32_t(st.st_ino)) return m.inode_id;
    if (uint64_t(st.st_size) > kMemfdLimit)
        return make_error(fmt::format("task {}: {}: memfd of {} bytes is over img-dump's limit ({} bytes)", pid, link, st.st_size, kMemfdLimit));
    Memfd m;
    m.inode_id = memfds_.size() + 1;
    m.shmid = uint32_t(st.st_ino);
    m.uid = st.st_uid; m.gid = st.st_gid; m.mode = st.st_mode; m.size = uint64_t(st.st_size);
    m.name = without_deleted(name);
    int again = ::open(proc_path(pid, link).c_str(), O_RDONLY | O_CLOEXEC);
    if (again < 0) return make_error(fmt::format("task {}: {}: cannot open the memfd again: {}", pid, link, std::strerror(errno)));
    int seals = ::fcntl(again, F_GET_SEALS);
    m.seals = seals < 0 ? 0 : uint32_t(seals);
    m.contents.assign((m.size + 4095) / 4096 * 4096, '\0');
    ssize_t n = ::pread(again, m.contents.data(), m.size, 0);
    ::close(again);
    if (n != ssize_t(m.size)) return make_error(fmt::format("task {}: {}: cannot read the memfd's contents", pid, link));
    memfds_.push_back(std::move(m));
    return memfds_.back().inode_id;
}

cimg::FileEntry& FileCollector::new_memfd_entry(uint32_t flags, uint64_t pos, uint64_t inode_id) {
    auto& e = new_entry(kTypeMemfd);
    auto* mf = e.mutable_memfd();
    mf->set_id(e.id());
    mf->set_flags(flags);
    mf->set_pos(pos);
    auto* fown = mf->mutable_fown();
    fown->set_uid(0); fown->set_euid(0); fown->set_signum(0); fown->set_pid_type(0); fown->set_pid(0);
    mf->set_inode_id(uint32_t(inode_id));
    return e;
}

Expected<uint32_t> FileCollector::add_memfd(pid_t pid, int fd, uint32_t flags, uint64_t pos, const std::string& link,
                                            const struct stat& st) {
    auto inode_id = memfd_inode(pid, fmt::format("fd/{}", fd), link.substr(7), st);   // past "/memfd:"
    if (!inode_id) return inode_id.error();
    return new_memfd_entry(flags, pos, *inode_id).id();
}

Expected<uint32_t> FileCollector::add_shared_anon(pid_t pid, const VmaPlan& plan) {
    std::string link = fmt::format("map_files/{:x}-{:x}", plan.area.start, plan.area.end);
    std::string at = proc_path(pid, link);
    struct stat st{};
    if (::stat(at.c_str(), &st) != 0) return make_error(fmt::format("cannot stat: {}", std::strerror(errno))).in_file(at);
    auto key = std::make_pair(uint64_t(st.st_dev), uint64_t(st.st_ino));
    if (auto it = whole_files_.find(key); it != whole_files_.end()) return it->second;   // the same memory in another task
    auto inode_id = memfd_inode(pid, link, plan.area.path, st);
    if (!inode_id) return inode_id.error();
    uint32_t id = new_memfd_entry(0, 0, *inode_id).id();
    whole_files_[key] = id;
    return id;
}

Expected<void> FileCollector::add_ghost(pid_t pid, const std::string& link, uint32_t id, const struct stat& st) {
    if (uint64_t(st.st_size) > kGhostLimit)
        return make_error(fmt::format("task {}: {}: unlinked open file of {} bytes is over the ghost limit ({} bytes)",
                                      pid, ghost_place(link), st.st_size, kGhostLimit));
    Ghost g;
    g.orig_id = id;
    g.remap_id = uint32_t(ghosts_.size() + 1);
    g.uid = st.st_uid; g.gid = st.st_gid; g.mode = st.st_mode;
    g.dev = (major(st.st_dev) << 20) | minor(st.st_dev);   // the kernel's own dev_t encoding, as CRIU keeps it
    g.ino = st.st_ino;
    g.atime_sec = st.st_atim.tv_sec; g.atime_usec = st.st_atim.tv_nsec / 1000;
    g.mtime_sec = st.st_mtim.tv_sec; g.mtime_usec = st.st_mtim.tv_nsec / 1000;
    auto text = read_proc_text(proc_path(pid, link));
    if (!text) return text.error();
    g.contents = std::move(*text);
    ghosts_.push_back(std::move(g));
    return {};
}

Expected<void> FileCollector::keep_queued(pid_t pid, int fd, uint64_t ino, std::vector<QueuedData>& into) {
    for (const auto& q : into) if (q.pipe_id == uint32_t(ino)) return {};
    auto data = peek_pipe(pid, fd);
    if (!data) return data.error();
    into.push_back({uint32_t(ino), data->buffer_size, std::move(data->bytes)});
    return {};
}

Expected<uint32_t> FileCollector::add_pipe(pid_t pid, int fd, uint32_t flags, uint64_t ino) {
    if (auto r = keep_queued(pid, fd, ino, pipe_data_); !r) return r.error();
    auto& e = new_entry(kTypePipe);
    auto* p = e.mutable_pipe();
    p->set_id(e.id());
    p->set_pipe_id(uint32_t(ino));
    p->set_flags(flags);
    auto* fown = p->mutable_fown();
    fown->set_uid(0); fown->set_euid(0); fown->set_signum(0); fown->set_pid_type(0); fown->set_pid(0);
    return e.id();
}

// A FIFO is two entries, as CRIU writes it: the path (a REG entry, opened again on restore) and
// the FIFO naming it and its pipe.
Expected<uint32_t> FileCollector::add_fifo(pid_t pid, int fd, uint32_t flags, const std::string& path, uint64_t ino) {
    if (auto r = keep_queued(pid, fd, ino, fifo_data_); !r) return r.error();
    struct stat st{};
    if (::stat(proc_path(pid, fmt::format("fd/{}", fd)).c_str(), &st) != 0)
        return make_error(fmt::format("task {}: fd {}: cannot stat the FIFO: {}", pid, fd, std::strerror(errno)));
    auto& f = new_entry(kTypeFifo);
    uint32_t fifo_id = f.id();
    auto& r = new_entry(kTypeReg);
    fill_reg(*r.mutable_reg(), r.id(), flags, 0, rewritten(path), st);
    auto* fe = entries_[fifo_id - 1]->mutable_fifo();
    fe->set_id(fifo_id);
    fe->set_pipe_id(uint32_t(ino));
    fe->set_regf_id(r.id());
    return fifo_id;
}

Expected<std::vector<cimg::FdinfoEntry>> FileCollector::add_descriptors(pid_t pid) {
    std::vector<cimg::FdinfoEntry> out;
    for (int fd : list_proc_numbers(proc_path(pid, "fd"))) {
        auto id = add_descriptor(pid, fd);
        if (!id) return id.error();
        auto info = read_proc_text(proc_path(pid, fmt::format("fdinfo/{}", fd)));
        if (!info) return info.error();
        cimg::FdinfoEntry fe;
        fe.set_id(*id);
        fe.set_flags((parse_fdinfo(*info).flags & O_CLOEXEC) ? FD_CLOEXEC : 0);
        fe.set_type(entries_[*id - 1]->type());
        fe.set_fd(uint32_t(fd));
        out.push_back(std::move(fe));
    }
    return out;
}

}  // namespace img
