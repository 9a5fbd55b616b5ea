// FileCollector: the files.img of a dump, built while tasks are walked. A file mapped or used as
// exe, cwd or root gets one entry per file (by device and inode); each open file description
// behind descriptors gets one entry, shared by every fd and task that holds it (kcmp). Paths go
// through the branch map once per entry. Kinds img-dump cannot capture faithfully are refused
// with task, fd and kind named.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <sys/stat.h>
#include <sys/types.h>
#include <utility>
#include <vector>

#include "img/rewrite/branch_map.h"
#include "img/support/error.h"
#include "unix_diag.h"
#include "vma_plan.h"

namespace cimg { class FileEntry; class FdinfoEntry; class UnixSkEntry; }

namespace img {

class FileCollector {
public:
    explicit FileCollector(const BranchMap* branches);
    ~FileCollector();

    // The entry of a whole file reached through /proc/PID/<link> ("exe", "cwd", "root",
    // "map_files/S-E"); `rw`: a shared writable mapping needs it opened O_RDWR.
    Expected<uint32_t> add_file(pid_t pid, const std::string& link, bool rw = false);
    Expected<uint32_t> add_mapping(pid_t pid, const VmaPlan& plan);
    // Every descriptor of a task, in fd order.
    Expected<std::vector<cimg::FdinfoEntry>> add_descriptors(pid_t pid);

    const std::vector<std::unique_ptr<cimg::FileEntry>>& entries() const { return entries_; }

    // Queued data of a pipe or FIFO, once per pipe (pipes-data.img, fifo-data.img).
    struct QueuedData { uint32_t pipe_id; uint32_t buffer_size; std::string bytes; };
    const std::vector<QueuedData>& pipe_data() const { return pipe_data_; }
    const std::vector<QueuedData>& fifo_data() const { return fifo_data_; }

    // An unlinked file, open or privately mapped, kept whole (ghost-file-<remap_id>.img, remap-fpath.img).
    struct Ghost {
        uint32_t orig_id = 0, remap_id = 0;
        uint32_t uid = 0, gid = 0, mode = 0, dev = 0;
        uint64_t ino = 0;
        int64_t atime_sec = 0, atime_usec = 0, mtime_sec = 0, mtime_usec = 0;
        std::string contents;
    };
    const std::vector<Ghost>& ghosts() const { return ghosts_; }

    // A memfd's inode (memfd.img) and its contents (pagemap-shmem-<shmid>.img + a pages image).
    struct Memfd {
        uint64_t inode_id = 0;
        uint32_t shmid = 0, uid = 0, gid = 0, mode = 0, seals = 0;
        uint64_t size = 0;
        std::string name;
        std::string contents;   // size bytes, padded to whole pages
    };
    const std::vector<Memfd>& memfds() const { return memfds_; }

    // A packet waiting in a unix socket's receive queue (sk-queues.img), for the entry `id_for`.
    struct QueuedPacket { uint32_t id_for; std::string bytes; };
    const std::vector<QueuedPacket>& socket_queue() const { return socket_queue_; }
    // Once every task is walked: an Error naming a unix socket whose peer is not among them.
    Expected<void> check_socket_peers() const;
    static constexpr uint64_t kMemfdLimit = 64u << 20;
    static constexpr uint64_t kGhostLimit = 1u << 20;   // as CRIU's default --ghost-limit

private:
    struct OpenFd { pid_t pid; int fd; uint32_t id; };
    Expected<uint32_t> add_descriptor(pid_t pid, int fd);
    Expected<uint32_t> add_pipe(pid_t pid, int fd, uint32_t flags, uint64_t ino);
    Expected<uint32_t> add_unix_socket(pid_t pid, int fd, uint32_t flags, uint64_t ino);
    Expected<void> set_name(pid_t pid, const UnixDiag& d, const std::string& what, cimg::UnixSkEntry& u) const;
    Expected<uint32_t> add_eventfd(pid_t pid, int fd, uint32_t flags, const std::string& fdinfo);
    Expected<uint32_t> add_eventpoll(pid_t pid, int fd, uint32_t flags, const std::string& fdinfo);
    Expected<uint32_t> add_fifo(pid_t pid, int fd, uint32_t flags, const std::string& path, uint64_t ino);
    Expected<uint32_t> add_memfd(pid_t pid, int fd, uint32_t flags, uint64_t pos, const std::string& link, const struct stat& st);
    // A shared anonymous mapping, which CRIU 4.2 keeps as a memfd named after /dev/zero.
    Expected<uint32_t> add_shared_anon(pid_t pid, const VmaPlan& plan);
    // The memfd inode read through /proc/PID/`link` (once per inode): its inode_id.
    Expected<uint64_t> memfd_inode(pid_t pid, const std::string& link, const std::string& name, const struct stat& st);
    cimg::FileEntry& new_memfd_entry(uint32_t flags, uint64_t pos, uint64_t inode_id);
    // `link`: the /proc/PID link the file is read through ("fd/3", "map_files/S-E").
    Expected<void> add_ghost(pid_t pid, const std::string& link, uint32_t id, const struct stat& st);
    Expected<void> keep_queued(pid_t pid, int fd, uint64_t ino, std::vector<QueuedData>& into);
    std::string rewritten(const std::string& path) const;
    cimg::FileEntry& new_entry(uint32_t type);

    const BranchMap* branches_;
    std::vector<std::unique_ptr<cimg::FileEntry>> entries_;
    std::map<std::pair<uint64_t, uint64_t>, uint32_t> whole_files_;     // (dev, ino) -> id
    std::map<std::pair<uint64_t, uint64_t>, std::vector<OpenFd>> open_; // (dev, ino) -> descriptors seen
    std::vector<QueuedData> pipe_data_, fifo_data_;
    std::vector<Ghost> ghosts_;
    std::vector<Memfd> memfds_;
    struct UnixSocket { pid_t pid; int fd; uint32_t ino, peer; std::string kind; };
    std::vector<UnixSocket> unix_sockets_;
    std::vector<QueuedPacket> socket_queue_;
};

// The kind of descriptor a /proc/PID/fd link and its stat name when img-dump refuses it, or "".
std::string unsupported_fd_kind(const std::string& link, uint32_t mode, uint64_t rdev);

}  // namespace img
