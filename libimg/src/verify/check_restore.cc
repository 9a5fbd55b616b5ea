// Restore readiness: every file a restore opens is looked up under the root,
// confined to it, and checked as CRIU's open_path() checks it; messages quote
// CRIU's own words so users recognise them.
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <set>

#include "img/io/elf_build_id.h"
#include "img/model/image_loader.h"
#include "img/io/mapped_file.h"
#include "img/model/process_memory.h"
#include "remap_file_path.pb.h"
#include "verify_context.h"

namespace img::verify {

namespace {

// Opens `rel` under root_fd as if root_fd were "/": ".." and absolute symlinks stay inside.
int open_in_root(int root_fd, const std::string& rel, int flags) {
    open_how how {};
    how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    return static_cast<int>(::syscall(SYS_openat2, root_fd, rel.c_str(), &how, sizeof how));
}

std::string rel_path(const std::string& name) {
    if (name == "/") return ".";
    size_t i = 0;
    while (i < name.size() && name[i] == '/') ++i;
    return name.substr(i);
}

std::string dir_of(const std::string& name) {
    size_t s = name.find_last_of('/');
    if (s == std::string::npos || s == 0) return "/";
    return name.substr(0, s);
}

bool virtual_fs_path(const std::string& name) {
    for (const char* p : {"/proc/", "/sys/", "/dev/pts/"})
        if (name.rfind(p, 0) == 0) return true;
    return name == "/proc" || name == "/sys";
}

using Wanted = std::map<uint32_t, std::string>;   // file id -> why the restore opens it (the first reason found)

// The regular files a live task's restore opens: its exe and mapped files, its working and
// root directories, the files (or a fifo's path holder) of its fds.
void want_task_files(Checkpoint& d, const FileTable& ft, uint32_t pid, Wanted& wanted) {
    auto want = [&](uint32_t id, std::string why) { wanted.emplace(id, std::move(why)); };
    if (auto mm = d.mm(pid); mm && *mm) {
        want((*mm)->exe_file_id(), fmt::format("exe of {}", pid));
        for (const auto& v : (*mm)->vmas())
            if ((v.status() & kVmaRegular) && (v.status() & (kVmaFilePrivate | kVmaFileShared)) && !(v.status() & kVmaMemfd))
                want(static_cast<uint32_t>(v.shmid()), fmt::format("mapped at {:x} by {}", v.start(), pid));
    }
    if (auto fs = d.fs(pid); fs && *fs) {
        want((*fs)->cwd_id(), fmt::format("cwd of {}", pid));
        want((*fs)->root_id(), fmt::format("root of {}", pid));
    }
    if (auto fdi = d.fdinfo(pid); fdi && *fdi)
        for (const auto& fe : **fdi) {
            const cimg::FileEntry* f = ft.find(fe.id());
            if (!f) continue;
            uint32_t id = f->has_reg() ? f->id() : f->has_fifo() && f->fifo().has_regf_id() ? f->fifo().regf_id() : 0;
            if (id) want(id, fmt::format("fd {} of {}", fe.fd(), pid));
        }
}

Wanted wanted_files(Checkpoint& d, const FileTable& ft, const std::vector<cimg::PstreeEntry>* tasks) {
    Wanted wanted;
    if (!tasks) return wanted;
    for (const auto& t : *tasks) {
        auto z = d.is_zombie(t.pid());
        if (!z || *z) continue;
        want_task_files(d, ft, t.pid(), wanted);
    }
    return wanted;
}

struct Remap {
    uint32_t type;   // 0 linked, 1 ghost, 2 procfs
    uint32_t id;     // the remap id
};

// Remapped files are recreated or re-linked by CRIU, not opened at their name: orig id -> remap.
std::map<uint32_t, Remap> remaps_by_original(const DumpSource& src) {
    std::map<uint32_t, Remap> remap;
    if (auto r = load_entries<cimg::RemapFilePathEntry>(src, "remap-fpath.img"); r && *r)
        for (const auto& e : **r) {
            uint32_t type = e.has_remap_type() ? e.remap_type() : ((e.remap_id() >> 31) ? 1u : 0u);
            uint32_t rid = e.has_remap_type() ? e.remap_id() : (e.remap_id() & 0x7fffffffu);
            remap[e.orig_id()] = {type, rid};
        }
    return remap;
}

// What every file check of one restore shares.
struct RestoreRoot {
    VerifyContext& cx;
    const FileTable& ft;
    int fd;                   // the root, opened
    const std::string& img;   // the image findings name

    // True when `path` is a directory under the root.
    bool has_dir(const std::string& path) const {
        int dfd = open_in_root(fd, rel_path(path), O_PATH | O_DIRECTORY);
        if (dfd < 0) return false;
        ::close(dfd);
        return true;
    }
};

// A remapped file: a ghost's directory must exist (CRIU recreates it as <name>.cr.<id>.ghost
// there), a linked remap's link_remap file must exist (CRIU links it back); a procfs one is
// served by a helper task.
void check_remapped_file(const RestoreRoot& root, const cimg::RegFileEntry& reg, Remap rm, const std::string& why) {
    std::string rel = rel_path(reg.name());
    if (rm.type == 1) {
        if (!root.has_dir(dir_of(reg.name())))
            root.cx.add(Severity::Error, "restore", root.img, -1, "Can't create ghost file {} on restore: its directory {} is missing ({})",
                        rel, dir_of(reg.name()), why);
    } else if (rm.type == 0) {
        std::string lname = root.ft.path_of(rm.id);
        int lfd = lname.empty() ? -1 : open_in_root(root.fd, rel_path(lname), O_PATH);
        if (lfd < 0)
            root.cx.add(Severity::Error, "restore", root.img, -1,
                        "Can't open file {} on restore: No such file or directory (link-remap of {}, {})", rel_path(lname), reg.name(), why);
        else ::close(lfd);
    }
}

// The file open as `fd` has the build-ID it had at dump time.
void check_build_id(const RestoreRoot& root, const cimg::RegFileEntry& reg, int fd, const std::string& why) {
    auto mf = MappedFile::open(fmt::format("/proc/self/fd/{}", fd));
    std::optional<std::vector<uint32_t>> bid;
    if (mf) bid = elf_build_id(mf->bytes());
    std::vector<uint32_t> want_id(reg.build_id().begin(), reg.build_id().end());
    if (!bid || *bid != want_id)
        root.cx.add(Severity::Error, "restore", root.img, -1, "File {} has a different build-ID than at dump time ({}; "
                    "criu restore --file-validation=filesize skips this check)", rel_path(reg.name()), why);
}

// A file opened at its name, as CRIU's open_path() checks it: it exists, and its size, mode and
// build-ID are those of dump time.
void check_opened_file(const RestoreRoot& root, const cimg::RegFileEntry& reg, const std::string& why) {
    std::string rel = rel_path(reg.name());
    int fd = open_in_root(root.fd, rel, O_PATH);
    if (fd < 0) {
        // A device node (/dev/null, a tty) comes from the runtime's /dev, not from the root's files:
        // a note, not a problem.
        bool device = reg.has_mode() && (S_ISCHR(reg.mode()) || S_ISBLK(reg.mode()));
        if (device)
            root.cx.add(Severity::Info, "restore", root.img, -1,
                        "{} is a device node the root does not hold: the restore host's /dev provides it ({})", rel, why);
        else
            root.cx.add(Severity::Error, "restore", root.img, -1, "Can't open file {} on restore: {} ({})", rel,
                        std::strerror(errno), why);
        return;
    }
    struct stat st {};
    ::fstat(fd, &st);
    if (reg.has_size() && S_ISREG(st.st_mode) && static_cast<uint64_t>(st.st_size) != reg.size())
        root.cx.add(Severity::Error, "restore", root.img, -1, "File {} has bad size {} (expect {}) ({})", rel,
                    static_cast<unsigned long>(st.st_size), static_cast<unsigned long>(reg.size()), why);
    if (reg.has_mode() && st.st_mode != reg.mode())
        root.cx.add(Severity::Error, "restore", root.img, -1, "File {} has bad mode 0{:o} (expect 0{:o}) ({})", rel, st.st_mode, reg.mode(), why);
    if (reg.has_size() && reg.build_id_size() > 0 && S_ISREG(st.st_mode)) check_build_id(root, reg, fd, why);
    ::close(fd);
}

// Every regular file the restore opens by an absolute name outside /proc and /sys.
void check_wanted_files(const RestoreRoot& root, const Wanted& wanted, const std::map<uint32_t, Remap>& remap) {
    for (const auto& [id, why] : wanted) {
        const cimg::FileEntry* f = root.ft.find(id);
        if (!f || !f->has_reg()) continue;   // reported by the consistency check
        const auto& reg = f->reg();
        if (reg.ext() || reg.name().empty() || reg.name()[0] != '/' || virtual_fs_path(reg.name())) continue;
        ++root.cx.report.files_checked;
        if (auto rm = remap.find(id); rm != remap.end()) check_remapped_file(root, reg, rm->second, why);
        else check_opened_file(root, reg, why);
    }
}

// Bound unix sockets: CRIU binds them again, so their directories must exist.
void check_socket_dirs(const RestoreRoot& root) {
    for (const auto& f : root.ft.all()) {
        if (!f.has_usk()) continue;
        const std::string& n = f.usk().name();
        if (n.empty() || n[0] == '\0') continue;
        std::string full = n[0] == '/' ? n : (f.usk().has_name_dir() ? f.usk().name_dir() + "/" + n : "");
        if (full.empty()) continue;
        if (!root.has_dir(dir_of(full)))
            root.cx.add(Severity::Error, "restore", root.img, -1, "Can't bind unix socket {} on restore: directory {} is missing", full, dir_of(full));
    }
}

// Mountpoints of dumped mount namespaces.
void check_mountpoints(const RestoreRoot& root, const std::vector<cimg::PstreeEntry>* tasks) {
    Checkpoint& d = root.cx.dump;
    std::set<uint32_t> mnt_ns;
    if (tasks)
        for (const auto& t : *tasks)
            if (auto ids = d.ids(t.pid()); ids && *ids && (*ids)->has_mnt_ns_id()) mnt_ns.insert((*ids)->mnt_ns_id());
    for (uint32_t ns : mnt_ns) {
        auto m = d.mounts(ns);
        if (!m || !*m) continue;
        for (const auto& e : **m) {
            if (e.mountpoint() == "/" || e.mountpoint().empty()) continue;
            if (!root.has_dir(e.mountpoint()))
                root.cx.add(Severity::Warning, "restore", fmt::format("mountpoints-{}.img", ns), -1,
                            "mountpoint {} (mount {}) does not exist under the root", e.mountpoint(), e.mnt_id());
        }
    }
}

}  // namespace

void check_restore(VerifyContext& cx) {
    Checkpoint& d = cx.dump;
    auto ftp = d.files();
    if (!ftp) return;
    const FileTable& ft = **ftp;
    const std::string img = ft.legacy() ? "reg-files.img" : "files.img";

    int root_fd = ::open(cx.opt.root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root_fd < 0) {
        cx.add(Severity::Error, "restore", "", -1, "cannot open the root {}: {}", cx.opt.root, std::strerror(errno));
        return;
    }
    auto treep = d.pstree();
    const std::vector<cimg::PstreeEntry>* tasks = treep ? *treep : nullptr;
    const RestoreRoot root{cx, ft, root_fd, img};
    const Wanted wanted = wanted_files(d, ft, tasks);
    check_wanted_files(root, wanted, remaps_by_original(d.source()));
    check_socket_dirs(root);
    check_mountpoints(root, tasks);
    ::close(root_fd);
}

}  // namespace img::verify
