#include "img/rewrite/fix_paths.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include <fmt/format.h>

#include "img/io/atomic_file.h"
#include "img/rewrite/backup_dir.h"
#include "dump_lock.h"
#include "img/schema/entry_decoder.h"
#include "img/io/image_kind.h"
#include "img/io/image_reader.h"
#include "img/io/mapped_file.h"
#include "img/model/checkpoint.h"
#include "img/model/dump_presence.h"

namespace img {

namespace {

Error fs_error(const std::string& path, const std::string& what) {
    Error e; e.file = path; e.what = what + ": " + std::strerror(errno); return e;
}

struct DirItem {
    std::string name;
    mode_t mode = 0;   // from lstat: a link is a link
    bool regular() const { return S_ISREG(mode); }
    bool symlink() const { return S_ISLNK(mode); }
};

Expected<std::vector<DirItem>> list_dir(const std::string& dir) {
    DIR* d = ::opendir(dir.c_str());
    if (!d) return fs_error(dir, "cannot open dump directory");
    std::vector<DirItem> items;
    while (dirent* de = ::readdir(d)) {
        std::string n = de->d_name;
        if (n == "." || n == "..") continue;
        struct stat st {};
        if (::lstat((dir + "/" + n).c_str(), &st) != 0) continue;
        items.push_back(DirItem{n, st.st_mode});
    }
    ::closedir(d);
    std::sort(items.begin(), items.end(), [](const DirItem& a, const DirItem& b) { return a.name < b.name; });
    return items;
}

std::string strip_slash(std::string s) {
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    return s;
}

Expected<void> make_dir(const std::string& dir, bool must_be_empty) {
    if (::mkdir(dir.c_str(), 0755) == 0) return {};
    if (errno != EEXIST) return fs_error(dir, "cannot create directory");
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        Error e; e.file = dir; e.what = "exists and is not a directory"; return e;
    }
    auto items = list_dir(dir);
    if (!items) return std::move(items).error();
    if (must_be_empty && !items->empty()) { Error e; e.file = dir; e.what = "output directory exists and is not empty"; return e; }
    return {};
}

// Removes the temporaries an interrupted earlier run left in the dump: all of them, as only
// a holder of the dump's lock writes there.
void remove_temps_under_lock(const std::string& dir, const std::vector<DirItem>& items) {
    for (const auto& it : items)
        if (it.regular() && is_temp_name(it.name)) ::unlink((dir + "/" + it.name).c_str());
}

// No silent skips: every image of the dump must be a regular file (a link too: replacing it by
// rename would replace the link, not what it names), and with -o every other file must be one we
// can copy (a regular file or a symbolic link).
Expected<void> check_file_types(const std::string& dump, const std::vector<DirItem>& items, bool copying) {
    for (const auto& it : items) {
        if (it.regular() || is_temp_name(it.name)) continue;
        Error e;
        e.file = dump + "/" + it.name;
        if (kind_by_file_name(it.name))
            e.what = fmt::format("is {}, not a regular file: img-fixpaths reads and replaces only regular image files",
                                 file_type_name(it.mode));
        else if (copying && !it.symlink())
            e.what = fmt::format("is {}: -o copies every file of the dump and cannot copy this one", file_type_name(it.mode));
        else
            continue;
        return e;
    }
    return {};
}

using Planned = std::vector<std::pair<std::string, std::string>>;   // image name, its new bytes

// Saves the original of every planned image in the backup folder before any is replaced: a
// file of that name already there (not this image) stops the run with nothing in the dump changed.
Expected<void> save_originals(const FixPathsOptions& opt, const std::string& dump, const Planned& planned,
                              FixPathsReport& rep) {
    std::vector<std::string> names;
    for (const auto& p : planned) names.push_back(p.first);
    if (opt.backup_dir.empty()) {
        auto made = create_default_backup_dir(dump);
        if (!made) return std::move(made).error();
        rep.backup_dir = std::move(*made);
    } else {
        const std::string dir = strip_slash(opt.backup_dir);
        auto free = check_backup_free(dir, dump, names);
        if (!free) return free;
        auto ok = make_dir(dir, false);
        if (!ok) return ok;
        remove_stale_temps(dir);
        rep.backup_dir = dir;
    }
    for (const auto& n : names) {
        auto ok = save_original(dump, rep.backup_dir, n);
        if (!ok) return ok;
    }
    sync_directory(rep.backup_dir);                 // the originals' names in it
    sync_directory(directory_of(rep.backup_dir));   // and its own
    return {};
}

Expected<void> link_or_copy(const std::string& from, const std::string& to) {
    if (::link(from.c_str(), to.c_str()) == 0) return {};
    auto data = MappedFile::open(from);
    if (!data) return std::move(data).error();
    Bytes b = data->bytes();
    auto ok = write_file_atomic(to, std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
    if (!ok) return ok;
    struct stat st {};
    if (::stat(from.c_str(), &st) == 0) ::chmod(to.c_str(), st.st_mode & 07777);
    return {};
}

Expected<void> copy_symlink(const std::string& from, const std::string& to, const std::string& from_dir,
                            const std::string& to_dir) {
    char buf[4096];
    ssize_t n = ::readlink(from.c_str(), buf, sizeof buf - 1);
    if (n < 0) return fs_error(from, "cannot read link");
    std::string target(buf, static_cast<size_t>(n));
    if (!target.empty() && target[0] != '/') {
        // Keep a relative link when it still resolves from the new place; otherwise point at the original.
        struct stat a {}, b {};
        bool same = ::stat((from_dir + "/" + target).c_str(), &a) == 0 && ::stat((to_dir + "/" + target).c_str(), &b) == 0 &&
                    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
        if (!same) {
            char* real = ::realpath((from_dir + "/" + target).c_str(), nullptr);
            if (real) { target = real; std::free(real); }
        }
    }
    if (::symlink(target.c_str(), to.c_str()) != 0) return fs_error(to, "cannot create link");
    return {};
}

Expected<void> reread(const std::string& path) {
    auto rd = ImageReader::open(path);
    if (!rd) return std::move(rd).error();
    EntryDecoder dec;
    RawEntry e;
    for (;;) {
        auto more = rd->next(e);
        if (!more) return std::move(more).error();
        if (!*more) return {};
        auto m = dec.decode(e, path);
        if (!m) return std::move(m).error();
    }
}

// Plan: every image that can hold a path, rewritten in memory; the changed ones with their new
// bytes. Counts what was scanned and skipped, and lists the changes, in `rep`.
Expected<Planned> plan_rewrites(const FixPathsOptions& opt, const std::string& dump, const std::vector<DirItem>& items,
                                FixPathsReport& rep) {
    RewriteOptions ro;
    ro.map = &opt.map;
    ro.mnt_id = opt.mnt_id;
    Planned planned;
    for (const auto& it : items) {
        if (!it.regular() || is_temp_name(it.name)) continue;
        const ImageKind* k = kind_by_file_name(it.name);
        if (!k || k->header == HeaderClass::Raw) { ++rep.images_skipped; continue; }
        ++rep.images_scanned;
        auto rw = rewrite_image_paths(dump + "/" + it.name, it.name, ro);
        if (!rw) {
            if (!kind_has_paths(*k)) continue;   // unreadable, but it could not hold a path anyway
            return std::move(rw).error();
        }
        if (rw->changes.empty()) continue;
        if (rep.changes.empty()) rep.changes = std::move(rw->changes);
        else rep.changes.insert(rep.changes.end(), std::make_move_iterator(rw->changes.begin()),
                                std::make_move_iterator(rw->changes.end()));
        rep.images_changed.push_back(it.name);
        planned.emplace_back(it.name, std::move(rw->new_bytes));
    }
    return planned;
}

// When nothing matched a branch: how many recorded paths already lie under one of the map's
// targets (a dump repaired before). Found by a map from each target to "/", never applied. A
// target "/" says nothing (every path lies under it), so it is left out.
Expected<size_t> paths_under_targets(const FixPathsOptions& opt, const std::string& dump, const std::vector<DirItem>& items) {
    BranchMap probe;
    for (const auto& m : opt.map.mappings())
        if (m.target != "/") {
            if (auto ok = probe.add(m.target, "/", m.origin); !ok) return std::move(ok).error();
        }
    if (probe.empty()) return size_t{0};
    RewriteOptions ro;
    ro.map = &probe;
    size_t n = 0;
    for (const auto& it : items) {
        const ImageKind* k = it.regular() && !is_temp_name(it.name) ? kind_by_file_name(it.name) : nullptr;
        if (!k || k->header == HeaderClass::Raw || !kind_has_paths(*k)) continue;
        auto rw = rewrite_image_paths(dump + "/" + it.name, it.name, ro);
        if (rw) n += rw->changes.size();
    }
    return n;
}

// Commit in place: every original is safely in the backup (linked or copied, never replacing a
// file there, and synced) before the first image is replaced; each replacement is one rename:
// any interruption leaves every image whole and every original saved.
Expected<void> replace_in_place(const FixPathsOptions& opt, const std::string& dump, const Planned& planned,
                                FixPathsReport& rep) {
    if (opt.backup) {
        auto ok = save_originals(opt, dump, planned, rep);
        if (!ok) return ok;
    }
    for (auto& [name, bytes] : planned) {
        std::string src = dump + "/" + name;
        auto tmp = write_beside(src, bytes);
        if (!tmp) return std::move(tmp).error();
        auto ok = rename_into_place(*tmp, src);
        if (!ok) return ok;
    }
    rep.written_to = dump;
    return {};
}

// Commit into a new directory: the changed images written there, every other file linked (or
// copied), symbolic links copied.
Expected<void> write_out_dir(const FixPathsOptions& opt, const std::string& dump, const std::vector<DirItem>& items,
                             const Planned& planned, FixPathsReport& rep) {
    const std::string out = strip_slash(opt.out_dir);
    auto ok = make_dir(out, true);
    if (!ok) return ok;
    for (const auto& it : items) {
        if (is_temp_name(it.name)) continue;
        std::string from = dump + "/" + it.name, to = out + "/" + it.name;
        auto p = std::find_if(planned.begin(), planned.end(), [&](auto& x) { return x.first == it.name; });
        Expected<void> r;
        if (p != planned.end()) r = write_file_atomic(to, p->second);
        else if (it.regular()) r = link_or_copy(from, to);
        else if (it.symlink()) r = copy_symlink(from, to, dump, out);
        else r = check_file_types(dump, {it}, true);   // checked above; it changed since
        if (!r) return r;
    }
    sync_directory(out);               // the links made for unchanged files
    sync_directory(directory_of(out));   // the output folder's own name
    rep.written_to = out;
    return {};
}

// Re-read: every written image decodes again where it now lies.
Expected<void> reread_written(const Planned& planned, FixPathsReport& rep) {
    for (auto& [name, bytes] : planned) {
        auto ok = reread(rep.written_to + "/" + name);
        if (!ok) return ok;
        ++rep.images_reread;
    }
    return {};
}

// Verify: img-verify's checks on the result; that they could not run is reported, not an error.
void verify_written(const FixPathsOptions& opt, FixPathsReport& rep) {
    VerifyOptions vo;
    vo.check_root = opt.verify_root.has_value();
    if (vo.check_root) vo.root = *opt.verify_root;
    auto v = verify_dump(rep.written_to, vo);
    if (v) rep.verify = std::move(*v);
    else rep.verify_error = std::move(v).error();
}

}  // namespace

Expected<FixPathsReport> fix_paths(const FixPathsOptions& opt) {
    FixPathsReport rep;
    if (opt.map.empty()) { Error e; e.what = "the branch map is empty"; return e; }
    const std::string dump = strip_slash(opt.dump_dir);
    {   // an empty folder, /etc or a folder of dumps: a usage error, not a dump with nothing to fix
        auto cp = Checkpoint::open(dump);
        if (!cp) return std::move(cp).error();
        if (auto ok = require_dump(**cp, opt.dump_dir); !ok) return std::move(ok).error();
    }
    // One repair at a time per dump, held from the first read to the last write.
    std::optional<DumpLock> lock;
    if (opt.mode != FixPathsOptions::Mode::DryRun) {
        auto l = DumpLock::acquire(dump, opt.wait_for_lock);
        if (!l) return std::move(l).error();
        lock.emplace(std::move(*l));
    }
    auto items = list_dir(dump);
    if (!items) return std::move(items).error();
    if (auto ok = check_file_types(dump, *items, opt.mode == FixPathsOptions::Mode::OutDir); !ok)
        return std::move(ok).error();

    auto planned = plan_rewrites(opt, dump, *items, rep);
    if (!planned) return std::move(planned).error();
    if (planned->empty()) {
        auto under = paths_under_targets(opt, dump, *items);
        if (!under) return std::move(under).error();
        rep.paths_under_targets = *under;
    }
    if (opt.mode == FixPathsOptions::Mode::DryRun) return rep;
    if (opt.mode == FixPathsOptions::Mode::InPlace) remove_temps_under_lock(dump, *items);
    if (planned->empty()) return rep;   // nothing matched: write nothing at all

    auto written = opt.mode == FixPathsOptions::Mode::InPlace ? replace_in_place(opt, dump, *planned, rep)
                                                              : write_out_dir(opt, dump, *items, *planned, rep);
    if (!written) return std::move(written).error();
    if (auto ok = reread_written(*planned, rep); !ok) return std::move(ok).error();
    if (opt.verify && !rep.written_to.empty()) verify_written(opt, rep);
    return rep;
}

}  // namespace img
