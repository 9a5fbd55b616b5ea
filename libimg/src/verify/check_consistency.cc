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

}  // namespace

void check_consistency(VerifyContext& cx) {
    Checkpoint& d = cx.dump;
    auto treep = d.pstree();
    auto ftp = d.files();
    if (!ftp) { cx.add_error("consistency", ftp.error()); return; }
    const FileTable& ft = **ftp;
    const DumpSource& src = d.source();

    std::unordered_set<uint32_t> pids, tids;
    if (treep && *treep) {
        for (size_t i = 0; i < (*treep)->size(); ++i) {
            const auto& t = (**treep)[i];
            if (!pids.insert(t.pid()).second)
                cx.add(Severity::Error, "consistency", "pstree.img", static_cast<int64_t>(i), "pid {} appears twice", t.pid());
            if (t.ppid() != 0 && !pids.count(t.ppid()))
                cx.add(Severity::Error, "consistency", "pstree.img", static_cast<int64_t>(i),
                       "task {} comes before (or without) its parent {}", t.pid(), t.ppid());
            // A zombie's thread list holds no real thread id (CRIU 4.2 writes 0 or garbage there and its
            // restore never reads it): only a live task's threads are checked.
            auto zombie = d.is_zombie(t.pid());
            if (!zombie || *zombie) continue;
            bool leader_listed = false;
            for (uint32_t tid : t.threads()) {
                if (tid == t.pid()) leader_listed = true;
                if (!tids.insert(tid).second)
                    cx.add(Severity::Error, "consistency", "pstree.img", static_cast<int64_t>(i), "thread id {} appears twice", tid);
            }
            if (!leader_listed && !t.threads().empty())
                cx.add(Severity::Error, "consistency", "pstree.img", static_cast<int64_t>(i), "task {}'s thread list lacks the leader", t.pid());
        }
        for (size_t i = 0; i < (*treep)->size(); ++i) {
            const auto& t = (**treep)[i];
            for (auto [id, what] : {std::pair{t.pgid(), "process group"}, std::pair{t.sid(), "session"}})
                if (!pids.count(id))
                    cx.add(Severity::Warning, "consistency", "pstree.img", static_cast<int64_t>(i),
                           "{} {} of task {} is outside the dump (restore needs --shell-job or an inherited one)", what, id, t.pid());
        }
    }

    std::set<uint32_t> seen_fd_tables;
    if (treep && *treep) {
        for (const auto& t : **treep) {
            auto z = d.is_zombie(t.pid());
            if (!z || *z) continue;
            std::string mm_name = fmt::format("mm-{}.img", t.pid());
            auto mm = d.mm(t.pid());
            if (mm && *mm) {
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
                    uint32_t st = v.status();
                    std::string what = fmt::format("VMA {:x}-{:x} shmid", v.start(), v.end());
                    if (!(st & kVmaRegular)) continue;
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
            }
            auto fs = d.fs(t.pid());
            if (fs && *fs) {
                std::string n = fmt::format("fs-{}.img", t.pid());
                check_ref(cx, ft, n, 0, (*fs)->cwd_id(), kReg, "cwd_id");
                check_ref(cx, ft, n, 0, (*fs)->root_id(), kReg, "root_id");
            }
            auto ids = d.ids(t.pid());
            auto fdi = d.fdinfo(t.pid());
            if (ids && *ids && fdi && *fdi && seen_fd_tables.insert((*ids)->files_id()).second) {
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
        }
    }

    // Files referring to other files, and objects referring to files.
    std::unordered_map<uint32_t, int> unix_inos;
    std::unordered_set<uint32_t> pipe_ids, fifo_ids;
    for (const auto& f : ft.all()) {
        if (f.has_usk()) unix_inos[f.usk().ino()]++;
        if (f.has_pipe()) pipe_ids.insert(f.pipe().pipe_id());
        if (f.has_fifo()) fifo_ids.insert(f.fifo().pipe_id());
    }
    auto inodes = d.memfd_inodes();
    for (size_t i = 0; i < ft.all().size(); ++i) {
        const auto& f = ft.all()[i];
        const std::string img = ft.legacy() ? "legacy file images" : "files.img";
        if (f.has_fifo() && f.fifo().has_regf_id()) check_ref(cx, ft, img, static_cast<int64_t>(i), f.fifo().regf_id(), kReg, "fifo regf_id");
        if (f.has_tty() && f.tty().has_regf_id()) check_ref(cx, ft, img, static_cast<int64_t>(i), f.tty().regf_id(), kReg, "tty regf_id");
        if (f.has_usk() && f.usk().peer() != 0 && !unix_inos.count(f.usk().peer()))
            cx.add(Severity::Warning, "consistency", img, static_cast<int64_t>(i),
                   "unix socket {} has peer inode {} outside the dump (restore needs --ext-unix-sk)", f.usk().ino(), f.usk().peer());
        if (f.has_memfd()) {
            bool found = false;
            if (inodes && *inodes)
                for (const auto& in : **inodes) found = found || in.inode_id() == f.memfd().inode_id();
            if (!found)
                cx.add(Severity::Error, "consistency", img, static_cast<int64_t>(i), "memfd file {:#x} refers to inode {}, which memfd.img lacks",
                       f.id(), f.memfd().inode_id());
        }
    }

    auto remaps = load_entries<cimg::RemapFilePathEntry>(src, "remap-fpath.img");
    std::set<std::string> ghosts_used;
    if (remaps && *remaps) {
        for (size_t i = 0; i < (*remaps)->size(); ++i) {
            const auto& r = (**remaps)[i];
            uint32_t type = r.has_remap_type() ? r.remap_type() : ((r.remap_id() >> 31) ? 1u : 0u);
            uint32_t rid = r.has_remap_type() ? r.remap_id() : (r.remap_id() & 0x7fffffffu);
            check_ref(cx, ft, "remap-fpath.img", static_cast<int64_t>(i), r.orig_id(), kReg, "orig_id");
            if (type == 1) {
                std::string g = fmt::format("ghost-file-{:x}.img", rid);
                ghosts_used.insert(g);
                if (!src.exists(g)) cx.add(Severity::Error, "consistency", "remap-fpath.img", static_cast<int64_t>(i), "ghost remap {}: {} is missing", rid, g);
            } else if (type == 0) {
                check_ref(cx, ft, "remap-fpath.img", static_cast<int64_t>(i), rid, kReg, "linked remap_id");
            }
        }
    }
    for (const auto& name : src.list())
        if (name.rfind("ghost-file-", 0) == 0 && !ghosts_used.count(name))
            cx.add(Severity::Warning, "consistency", name, -1, "no remap-fpath entry uses this ghost file");

    for (auto [image, ids, what] : {std::tuple{"pipes-data.img", &pipe_ids, "pipe"}, std::tuple{"fifo-data.img", &fifo_ids, "fifo"}}) {
        auto data = load_entries<cimg::PipeDataEntry>(src, image);
        if (!data || !*data) continue;
        for (size_t i = 0; i < (*data)->size(); ++i)
            if (!ids->count((**data)[i].pipe_id()))
                cx.add(Severity::Error, "consistency", image, static_cast<int64_t>(i), "queued data for {} {} that no file uses", what, (**data)[i].pipe_id());
    }
    auto skq = load_entries<cimg::SkPacketEntry>(src, "sk-queues.img");
    if (skq && *skq)
        for (size_t i = 0; i < (*skq)->size(); ++i)
            if (!ft.find((**skq)[i].id_for()))
                cx.add(Severity::Error, "consistency", "sk-queues.img", static_cast<int64_t>(i), "queued packet for socket id {:#x}, which files.img lacks",
                       (**skq)[i].id_for());
}

}  // namespace img::verify
