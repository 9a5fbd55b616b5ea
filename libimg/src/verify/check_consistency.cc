// Consistency: the cross-references between images resolve as CRIU's restore
// expects (format reference §3).
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "img/model/image_loader.h"
#include "img/model/process_memory.h"
#include "pipe_data.pb.h"
#include "remap_file_path.pb.h"
#include "sk_packet.pb.h"
#include "verify_context.h"

namespace img::verify {

namespace {

constexpr uint32_t kReg = 1, kPipe = 2, kFifo = 3, kUnixSk = 5, kPacketSk = 10, kMemfd = 18;

void check_ref(VerifyContext& cx, const FileTable& ft, const std::string& image, int64_t entry, uint32_t id,
               uint32_t want_type, const char* what) {
    const cimg::FileEntry* f = ft.find(id);
    if (!f) {
        cx.add(Severity::Error, "consistency", image, entry, "{} refers to file id {:#x}, which files.img lacks", what, id);
    } else if (want_type && f->type() != want_type) {
        cx.add(Severity::Error, "consistency", image, entry, "{} refers to file id {:#x}, a {} where a {} is expected", what, id,
               fd_type_name(f->type()), fd_type_name(want_type));
    }
}

using Tasks = std::vector<cimg::PstreeEntry>;

// pstree.img: each pid once, parents before their children, a live task's threads once each
// and its leader among them. Returns the pids.
std::unordered_set<uint32_t> check_tasks_and_threads(VerifyContext& cx, const Tasks& tasks) {
    std::unordered_set<uint32_t> pids, tids;
    for (size_t i = 0; i < tasks.size(); ++i) {
        const auto& t = tasks[i];
        const auto entry = static_cast<int64_t>(i);
        if (!pids.insert(t.pid()).second)
            cx.add(Severity::Error, "consistency", "pstree.img", entry, "pid {} appears twice", t.pid());
        if (t.ppid() != 0 && !pids.count(t.ppid()))
            cx.add(Severity::Error, "consistency", "pstree.img", entry,
                   "task {} comes before (or without) its parent {}", t.pid(), t.ppid());
        // A zombie's thread list holds no real thread id (CRIU 4.2 writes 0 or garbage there and its
        // restore never reads it): only a live task's threads are checked.
        auto zombie = cx.dump.is_zombie(t.pid());
        if (!zombie || *zombie) continue;
        bool leader_listed = false;
        for (uint32_t tid : t.threads()) {
            if (tid == t.pid()) leader_listed = true;
            if (!tids.insert(tid).second)
                cx.add(Severity::Error, "consistency", "pstree.img", entry, "thread id {} appears twice", tid);
        }
        if (!leader_listed && !t.threads().empty())
            cx.add(Severity::Error, "consistency", "pstree.img", entry, "task {}'s thread list lacks the leader", t.pid());
    }
    return pids;
}

// pstree.img: process groups and sessions led by a task outside the dump.
void check_groups_and_sessions(VerifyContext& cx, const Tasks& tasks, const std::unordered_set<uint32_t>& pids) {
    for (size_t i = 0; i < tasks.size(); ++i) {
        const auto& t = tasks[i];
        for (auto [id, what] : {std::pair{t.pgid(), "process group"}, std::pair{t.sid(), "session"}})
            if (!pids.count(id))
                cx.add(Severity::Warning, "consistency", "pstree.img", static_cast<int64_t>(i),
                       "{} {} of task {} is outside the dump (restore needs --shell-job or an inherited one)", what, id, t.pid());
    }
}

// mm-<pid>.img: a VMA's shmid names the file, socket or shared memory image behind it.
void check_vma_backing(VerifyContext& cx, const FileTable& ft, const std::string& mm_name, const cimg::VmaEntry& v) {
    uint32_t st = v.status();
    std::string what = fmt::format("VMA {:x}-{:x} shmid", v.start(), v.end());
    if (!(st & kVmaRegular)) return;
    const DumpSource& src = cx.dump.source();
    if (st & kVmaSysvipc) {
        if (!src.exists(fmt::format("pagemap-shmem-{}.img", v.shmid())))
            cx.add(Severity::Warning, "consistency", mm_name, 0, "{} {}: no pagemap-shmem-{}.img for this SysV segment", what, v.shmid(), v.shmid());
    } else if (st & kVmaSocket) {
        check_ref(cx, ft, mm_name, 0, static_cast<uint32_t>(v.shmid()), kPacketSk, what.c_str());
    } else if (st & (kVmaFilePrivate | kVmaFileShared)) {
        check_ref(cx, ft, mm_name, 0, static_cast<uint32_t>(v.shmid()), (st & kVmaMemfd) ? kMemfd : kReg, what.c_str());
    } else if (st & kVmaAnonShared) {
        if (!src.exists(fmt::format("pagemap-shmem-{}.img", v.shmid())))
            cx.add(Severity::Warning, "consistency", mm_name, 0, "{} {}: no pagemap-shmem-{}.img (its pages were not dumped)", what, v.shmid(), v.shmid());
    }
}

// mm-<pid>.img: the exe file, then the VMAs in ascending, non-overlapping order and what backs them.
void check_mm(VerifyContext& cx, const FileTable& ft, uint32_t pid) {
    auto mm = cx.dump.mm(pid);
    if (!mm || !*mm) return;
    std::string mm_name = fmt::format("mm-{}.img", pid);
    check_ref(cx, ft, mm_name, 0, (*mm)->exe_file_id(), kReg, "mm exe_file_id");
    uint64_t prev_end = 0;
    for (int i = 0; i < (*mm)->vmas_size(); ++i) {
        const auto& v = (*mm)->vmas(i);
        if (v.status() & kVmaGuard) continue;
        if (v.end() <= v.start())
            cx.add(Severity::Error, "consistency", mm_name, 0, "VMA {} {:x}-{:x} is empty or reversed", i, v.start(), v.end());
        if (v.start() < prev_end)
            cx.add(Severity::Error, "consistency", mm_name, 0, "VMA {} {:x}-{:x} overlaps or precedes the one before it", i,
                   v.start(), v.end());
        prev_end = std::max(prev_end, v.end());
        check_vma_backing(cx, ft, mm_name, v);
    }
}

// fs-<pid>.img: the working and root directories are regular files of files.img.
void check_fs(VerifyContext& cx, const FileTable& ft, uint32_t pid) {
    auto fs = cx.dump.fs(pid);
    if (!fs || !*fs) return;
    std::string n = fmt::format("fs-{}.img", pid);
    check_ref(cx, ft, n, 0, (*fs)->cwd_id(), kReg, "cwd_id");
    check_ref(cx, ft, n, 0, (*fs)->root_id(), kReg, "root_id");
}

// fdinfo-<files_id>.img (each table once, however many tasks share it): each fd once, its file
// in files.img and of the type the fd says.
void check_fd_table(VerifyContext& cx, const FileTable& ft, uint32_t pid, std::set<uint32_t>& seen_fd_tables) {
    auto ids = cx.dump.ids(pid);
    auto fdi = cx.dump.fdinfo(pid);
    if (!ids || !*ids || !fdi || !*fdi || !seen_fd_tables.insert((*ids)->files_id()).second) return;
    std::string n = fmt::format("fdinfo-{}.img", (*ids)->files_id());
    std::set<uint32_t> fds;
    for (size_t i = 0; i < (*fdi)->size(); ++i) {
        const auto& fe = (**fdi)[i];
        if (!fds.insert(fe.fd()).second)
            cx.add(Severity::Error, "consistency", n, static_cast<int64_t>(i), "fd {} appears twice", fe.fd());
        const cimg::FileEntry* f = ft.find(fe.id());
        if (!f)
            cx.add(Severity::Error, "consistency", n, static_cast<int64_t>(i),
                   "fd {} refers to file id {:#x}, which files.img lacks (restore: \"Unable to open fd={} id={:#x}\")",
                   fe.fd(), fe.id(), fe.fd(), fe.id());
        else if (f->type() != fe.type())
            cx.add(Severity::Error, "consistency", n, static_cast<int64_t>(i), "fd {} says {} but file id {:#x} is a {}",
                   fe.fd(), fd_type_name(fe.type()), fe.id(), fd_type_name(f->type()));
    }
}

// Each live task's memory, filesystem and fd table.
void check_task_images(VerifyContext& cx, const FileTable& ft, const Tasks& tasks) {
    std::set<uint32_t> seen_fd_tables;
    for (const auto& t : tasks) {
        auto z = cx.dump.is_zombie(t.pid());
        if (!z || *z) continue;
        check_mm(cx, ft, t.pid());
        check_fs(cx, ft, t.pid());
        check_fd_table(cx, ft, t.pid(), seen_fd_tables);
    }
}

// The ids of the pipes and fifos files.img holds, for the queued data that names them.
struct PipeIds {
    std::unordered_set<uint32_t> pipes, fifos;
};

// Files referring to other files (a fifo's or tty's path holder, a unix socket's peer) and to
// objects (a memfd's inode). Returns the pipe and fifo ids seen.
PipeIds check_file_refs(VerifyContext& cx, const FileTable& ft) {
    std::unordered_map<uint32_t, int> unix_inos;
    PipeIds ids;
    for (const auto& f : ft.all()) {
        if (f.has_usk()) unix_inos[f.usk().ino()]++;
        if (f.has_pipe()) ids.pipes.insert(f.pipe().pipe_id());
        if (f.has_fifo()) ids.fifos.insert(f.fifo().pipe_id());
    }
    auto inodes = cx.dump.memfd_inodes();
    for (size_t i = 0; i < ft.all().size(); ++i) {
        const auto& f = ft.all()[i];
        const auto entry = static_cast<int64_t>(i);
        const std::string img = ft.legacy() ? "legacy file images" : "files.img";
        if (f.has_fifo() && f.fifo().has_regf_id()) check_ref(cx, ft, img, entry, f.fifo().regf_id(), kReg, "fifo regf_id");
        if (f.has_tty() && f.tty().has_regf_id()) check_ref(cx, ft, img, entry, f.tty().regf_id(), kReg, "tty regf_id");
        if (f.has_usk() && f.usk().peer() != 0 && !unix_inos.count(f.usk().peer()))
            cx.add(Severity::Warning, "consistency", img, entry,
                   "unix socket {} has peer inode {} outside the dump (restore needs --ext-unix-sk)", f.usk().ino(), f.usk().peer());
        if (f.has_memfd()) {
            bool found = false;
            if (inodes && *inodes)
                for (const auto& in : **inodes) found = found || in.inode_id() == f.memfd().inode_id();
            if (!found)
                cx.add(Severity::Error, "consistency", img, entry, "memfd file {:#x} refers to inode {}, which memfd.img lacks",
                       f.id(), f.memfd().inode_id());
        }
    }
    return ids;
}

// remap-fpath.img: each remap's original is a regular file, a ghost remap's image exists, a
// linked remap's target is a regular file; then every ghost file image is used by one.
void check_remaps(VerifyContext& cx, const FileTable& ft) {
    const DumpSource& src = cx.dump.source();
    auto remaps = load_entries<cimg::RemapFilePathEntry>(src, "remap-fpath.img");
    std::set<std::string> ghosts_used;
    if (remaps && *remaps) {
        for (size_t i = 0; i < (*remaps)->size(); ++i) {
            const auto& r = (**remaps)[i];
            const auto entry = static_cast<int64_t>(i);
            uint32_t type = r.has_remap_type() ? r.remap_type() : ((r.remap_id() >> 31) ? 1u : 0u);
            uint32_t rid = r.has_remap_type() ? r.remap_id() : (r.remap_id() & 0x7fffffffu);
            check_ref(cx, ft, "remap-fpath.img", entry, r.orig_id(), kReg, "orig_id");
            if (type == 1) {
                std::string g = fmt::format("ghost-file-{:x}.img", rid);
                ghosts_used.insert(g);
                if (!src.exists(g)) cx.add(Severity::Error, "consistency", "remap-fpath.img", entry, "ghost remap {}: {} is missing", rid, g);
            } else if (type == 0) {
                check_ref(cx, ft, "remap-fpath.img", entry, rid, kReg, "linked remap_id");
            }
        }
    }
    for (const auto& name : src.list())
        if (name.rfind("ghost-file-", 0) == 0 && !ghosts_used.count(name))
            cx.add(Severity::Warning, "consistency", name, -1, "no remap-fpath entry uses this ghost file");
}

// pipes-data.img and fifo-data.img: queued data belongs to a pipe or fifo some file uses.
void check_pipe_data(VerifyContext& cx, const PipeIds& ids) {
    for (auto [image, used, what] : {std::tuple{"pipes-data.img", &ids.pipes, "pipe"}, std::tuple{"fifo-data.img", &ids.fifos, "fifo"}}) {
        auto data = load_entries<cimg::PipeDataEntry>(cx.dump.source(), image);
        if (!data || !*data) continue;
        for (size_t i = 0; i < (*data)->size(); ++i)
            if (!used->count((**data)[i].pipe_id()))
                cx.add(Severity::Error, "consistency", image, static_cast<int64_t>(i), "queued data for {} {} that no file uses", what, (**data)[i].pipe_id());
    }
}

// sk-queues.img: queued packets belong to a socket of files.img.
void check_socket_queues(VerifyContext& cx, const FileTable& ft) {
    auto skq = load_entries<cimg::SkPacketEntry>(cx.dump.source(), "sk-queues.img");
    if (!skq || !*skq) return;
    for (size_t i = 0; i < (*skq)->size(); ++i)
        if (!ft.find((**skq)[i].id_for()))
            cx.add(Severity::Error, "consistency", "sk-queues.img", static_cast<int64_t>(i), "queued packet for socket id {:#x}, which files.img lacks",
                   (**skq)[i].id_for());
}

}  // namespace

void check_consistency(VerifyContext& cx) {
    auto treep = cx.dump.pstree();
    auto ftp = cx.dump.files();
    if (!ftp) { cx.add_error("consistency", ftp.error()); return; }
    const FileTable& ft = **ftp;
    if (treep && *treep) {
        auto pids = check_tasks_and_threads(cx, **treep);
        check_groups_and_sessions(cx, **treep, pids);
        check_task_images(cx, ft, **treep);
    }
    PipeIds pipes = check_file_refs(cx, ft);
    check_remaps(cx, ft);
    check_pipe_data(cx, pipes);
    check_socket_queues(cx, ft);
}

}  // namespace img::verify
