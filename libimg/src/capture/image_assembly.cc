#include "image_assembly.h"

#include <ctime>
#include <unistd.h>

#include <fmt/format.h>

#include "dump_folder.h"
#include "file_collector.h"
#include "ghost_file.pb.h"
#include "inventory.pb.h"
#include "memfd.pb.h"
#include "remap_file_path.pb.h"
#include "pagemap.pb.h"
#include "pipe_data.pb.h"
#include "regfile.pb.h"
#include "seccomp.pb.h"
#include "sk_packet.pb.h"
#include "task_capture.h"
#include "timens.pb.h"

namespace img {
namespace {

using Messages = std::vector<const google::protobuf::MessageLite*>;

Expected<void> write_inventory(DumpFolder& folder) {
    cimg::InventoryEntry inv;
    inv.set_img_version(2);
    inv.set_fdinfo_per_id(true);
    auto* ids = inv.mutable_root_ids();
    ids->set_vm_id(1); ids->set_files_id(1); ids->set_fs_id(1); ids->set_sighand_id(1);
    fill_namespace_ids(*ids);
    inv.set_ns_per_id(true);
    inv.set_lsmtype(0);   // NO_LSM
    inv.set_network_lock_method(0);
    return folder.write_image("inventory.img", "INVENTORY", Messages{&inv});
}

Expected<void> write_pstree(DumpFolder& folder, const std::vector<CapturedProcess>& procs) {
    std::vector<cimg::PstreeEntry> entries(procs.size());
    Messages msgs;
    for (size_t i = 0; i < procs.size(); ++i) {
        const auto& p = procs[i];
        auto& e = entries[i];
        bool parent_dumped = false;
        for (const auto& q : procs) parent_dumped |= q.pid == p.stat.ppid;
        e.set_pid(uint32_t(p.pid));
        e.set_ppid(parent_dumped ? uint32_t(p.stat.ppid) : 0);
        e.set_pgid(uint32_t(p.stat.pgid));
        e.set_sid(uint32_t(p.stat.sid));
        for (pid_t t : p.tids) e.add_threads(uint32_t(t));
        msgs.push_back(&e);
    }
    return folder.write_image("pstree.img", "PSTREE", msgs);
}

Expected<void> write_one_task(DumpFolder& folder, const CapturedProcess& p) {
    for (size_t i = 0; i < p.tids.size(); ++i)
        if (auto r = folder.write_image(fmt::format("core-{}.img", p.tids[i]), "CORE", Messages{p.cores[i].get()}); !r) return r;
    if (auto r = folder.write_image(fmt::format("ids-{}.img", p.pid), "IDS", Messages{&p.ids}); !r) return r;
    if (auto r = folder.write_image(fmt::format("mm-{}.img", p.pid), "MM", Messages{&p.mm}); !r) return r;
    if (auto r = folder.write_image(fmt::format("fs-{}.img", p.pid), "FS", Messages{&p.fs}); !r) return r;
    Messages fds;
    for (const auto& f : p.fds) fds.push_back(&f);
    return folder.write_image(fmt::format("fdinfo-{}.img", p.ids.files_id()), "FDINFO", fds);
}

Expected<void> write_timens(DumpFolder& folder) {
    cimg::TimensEntry t;
    timespec mono{}, boot{};
    ::clock_gettime(CLOCK_MONOTONIC, &mono);
    ::clock_gettime(CLOCK_BOOTTIME, &boot);
    t.mutable_monotonic()->set_tv_sec(uint64_t(mono.tv_sec)); t.mutable_monotonic()->set_tv_nsec(uint64_t(mono.tv_nsec));
    t.mutable_boottime()->set_tv_sec(uint64_t(boot.tv_sec)); t.mutable_boottime()->set_tv_nsec(uint64_t(boot.tv_nsec));
    return folder.write_image("timens-0.img", "TIMENS", Messages{&t});
}

Expected<void> write_queued(DumpFolder& folder, const std::string& name, std::string_view kind,
                            const std::vector<FileCollector::QueuedData>& data) {
    if (data.empty()) return {};
    std::vector<cimg::PipeDataEntry> msgs(data.size());
    std::vector<DumpFolder::Entry> entries;
    for (size_t i = 0; i < data.size(); ++i) {
        msgs[i].set_pipe_id(data[i].pipe_id);
        msgs[i].set_bytes(uint32_t(data[i].bytes.size()));
        msgs[i].set_size(data[i].buffer_size);
        entries.push_back({&msgs[i], data[i].bytes});
    }
    return folder.write_image(name, kind, entries);
}

Expected<void> write_socket_queue(DumpFolder& folder, const std::vector<FileCollector::QueuedPacket>& packets) {
    if (packets.empty()) return {};
    std::vector<cimg::SkPacketEntry> msgs(packets.size());
    std::vector<DumpFolder::Entry> entries;
    for (size_t i = 0; i < packets.size(); ++i) {
        msgs[i].set_id_for(packets[i].id_for);
        msgs[i].set_length(uint32_t(packets[i].bytes.size()));
        entries.push_back({&msgs[i], packets[i].bytes});
    }
    return folder.write_image("sk-queues.img", "SK_QUEUES", entries);
}

Expected<void> write_ghosts(DumpFolder& folder, const std::vector<FileCollector::Ghost>& ghosts) {
    if (ghosts.empty()) return {};
    std::vector<cimg::RemapFilePathEntry> remaps(ghosts.size());
    Messages remap_msgs;
    for (size_t i = 0; i < ghosts.size(); ++i) {
        const auto& g = ghosts[i];
        cimg::GhostFileEntry e;
        e.set_uid(g.uid); e.set_gid(g.gid); e.set_mode(g.mode); e.set_dev(g.dev); e.set_ino(g.ino);
        e.mutable_atim()->set_tv_sec(uint64_t(g.atime_sec)); e.mutable_atim()->set_tv_usec(uint64_t(g.atime_usec));
        e.mutable_mtim()->set_tv_sec(uint64_t(g.mtime_sec)); e.mutable_mtim()->set_tv_usec(uint64_t(g.mtime_usec));
        if (auto r = folder.write_image(fmt::format("ghost-file-{}.img", g.remap_id), "GHOST_FILE", {{&e, g.contents}}); !r) return r;
        remaps[i].set_orig_id(g.orig_id);
        remaps[i].set_remap_id(g.remap_id);
        remaps[i].set_remap_type(1);   // GHOST
        remap_msgs.push_back(&remaps[i]);
    }
    return folder.write_image("remap-fpath.img", "REMAP_FPATH", remap_msgs);
}

// Memfd contents take pages images numbered after the tasks' (`first_pages_id` on).
Expected<void> write_memfds(DumpFolder& folder, const std::vector<FileCollector::Memfd>& memfds, uint32_t first_pages_id) {
    if (memfds.empty()) return {};
    std::vector<cimg::MemfdInodeEntry> inodes(memfds.size());
    Messages msgs;
    for (size_t i = 0; i < memfds.size(); ++i) {
        const auto& m = memfds[i];
        auto& e = inodes[i];
        e.set_name(m.name); e.set_uid(m.uid); e.set_gid(m.gid); e.set_size(m.size); e.set_shmid(m.shmid);
        e.set_seals(m.seals); e.set_inode_id(m.inode_id); e.set_mode(m.mode);
        msgs.push_back(&e);
        cimg::PagemapHead head;
        head.set_pages_id(first_pages_id + uint32_t(i));
        cimg::PagemapEntry run;
        run.set_vaddr(0); run.set_compat_nr_pages(0); run.set_flags(4); run.set_nr_pages(m.contents.size() / 4096);
        Messages pm{&head};
        if (!m.contents.empty()) pm.push_back(&run);
        if (auto r = folder.write_image(fmt::format("pagemap-shmem-{}.img", m.shmid), "PAGEMAP", pm); !r) return r;
        auto fd = folder.open_raw(fmt::format("pages-{}.img", first_pages_id + i));
        if (!fd) return fd.error();
        ssize_t n = ::write(*fd, m.contents.data(), m.contents.size());
        ::close(*fd);
        if (n != ssize_t(m.contents.size())) return make_error("cannot write a memfd's pages");
    }
    return folder.write_image("memfd.img", "MEMFD_INODE", msgs);
}

}  // namespace

Expected<void> write_task_images(DumpFolder& folder, const std::vector<CapturedProcess>& procs, const FileCollector& files,
                                 const cimg::SeccompEntry& seccomp) {
    if (auto r = write_inventory(folder); !r) return r;
    if (auto r = write_pstree(folder, procs); !r) return r;
    for (const auto& p : procs)
        if (auto r = write_one_task(folder, p); !r) return r;
    Messages file_msgs;
    for (const auto& f : files.entries()) file_msgs.push_back(f.get());
    if (auto r = folder.write_image("files.img", "FILES", file_msgs); !r) return r;
    if (auto r = write_queued(folder, "pipes-data.img", "PIPES_DATA", files.pipe_data()); !r) return r;
    if (auto r = write_queued(folder, "fifo-data.img", "FIFO_DATA", files.fifo_data()); !r) return r;
    if (auto r = write_socket_queue(folder, files.socket_queue()); !r) return r;
    if (auto r = write_ghosts(folder, files.ghosts()); !r) return r;
    if (auto r = write_memfds(folder, files.memfds(), uint32_t(procs.size() + 1)); !r) return r;
    if (auto r = folder.write_image("seccomp.img", "SECCOMP", Messages{&seccomp}); !r) return r;
    return write_timens(folder);
}

Expected<void> write_memory_images(DumpFolder& folder, const std::vector<CapturedProcess>& procs, const ProgressFn& progress) {
    uint64_t total = 0, done = 0;
    for (const auto& p : procs) total += p.pages() * 4096;
    for (size_t i = 0; i < procs.size(); ++i) {
        const auto& p = procs[i];
        cimg::PagemapHead head;
        head.set_pages_id(uint32_t(i + 1));
        std::vector<cimg::PagemapEntry> entries(p.runs.size());
        Messages msgs{&head};
        for (size_t k = 0; k < p.runs.size(); ++k) {
            entries[k].set_vaddr(p.runs[k].vaddr);
            entries[k].set_compat_nr_pages(0);
            entries[k].set_flags(p.runs[k].flags);
            entries[k].set_nr_pages(p.runs[k].nr_pages);
            msgs.push_back(&entries[k]);
        }
        if (auto r = folder.write_image(fmt::format("pagemap-{}.img", p.pid), "PAGEMAP", msgs); !r) return r;
        auto fd = folder.open_raw(fmt::format("pages-{}.img", i + 1));
        if (!fd) return fd.error();
        auto r = copy_page_runs(p.pid, p.runs, *fd, progress, done, total);
        ::close(*fd);
        if (!r) return r;
        done += p.pages() * 4096;
    }
    return {};
}

}  // namespace img
