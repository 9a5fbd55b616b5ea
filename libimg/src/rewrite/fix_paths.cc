#include "img/fix_paths.h"

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

#include "img/atomic_file.h"
#include "img/entry_decoder.h"
#include "img/image_kind.h"
#include "img/image_reader.h"
#include "img/mapped_file.h"

namespace img {

namespace {

Error fs_error(const std::string& path, const std::string& what) {
    Error e; e.file = path; e.what = what + ": " + std::strerror(errno); return e;
}

struct DirItem { std::string name; bool regular = false; bool symlink = false; bool dir = false; };

Expected<std::vector<DirItem>> list_dir(const std::string& dir) {
    DIR* d = ::opendir(dir.c_str());
    if (!d) return fs_error(dir, "cannot open dump directory");
    std::vector<DirItem> items;
    while (dirent* de = ::readdir(d)) {
        std::string n = de->d_name;
        if (n == "." || n == "..") continue;
        struct stat st {};
        if (::lstat((dir + "/" + n).c_str(), &st) != 0) continue;
        items.push_back(DirItem{n, S_ISREG(st.st_mode), S_ISLNK(st.st_mode), S_ISDIR(st.st_mode)});
    }
    ::closedir(d);
    std::sort(items.begin(), items.end(), [](const DirItem& a, const DirItem& b) { return a.name < b.name; });
    return items;
}

std::string strip_slash(std::string s) {
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    return s;
}

std::string default_backup_dir(const std::string& dump) {
    std::time_t t = std::time(nullptr);
    std::tm tm {};
    gmtime_r(&t, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    // Beside the dump even when it was named "." or "dump/.": use its real path.
    std::string real = dump;
    if (char* r = ::realpath(dump.c_str(), nullptr)) { real = r; std::free(r); }
    std::string base = fmt::format("{}.fixpaths-backup-{}", strip_slash(real), stamp);
    std::string dir = base;
    for (int i = 1; ::access(dir.c_str(), F_OK) == 0; ++i) dir = fmt::format("{}.{}", base, i);
    return dir;
}

Expected<void> make_dir(const std::string& dir, bool must_be_empty) {
    if (::mkdir(dir.c_str(), 0755) == 0) return {};
    if (errno != EEXIST) return fs_error(dir, "cannot create directory");
    auto items = list_dir(dir);
    if (!items) return std::move(items).error();
    if (must_be_empty && !items->empty()) { Error e; e.file = dir; e.what = "output directory exists and is not empty"; return e; }
    return {};
}

// Removes temporary files an interrupted earlier run may have left.
void remove_stale_temps(const std::string& dir, const std::vector<DirItem>& items) {
    for (const auto& it : items)
        if (it.regular && it.name.rfind(kTempPrefix, 0) == 0 && it.name.size() > 4 &&
            it.name.compare(it.name.size() - 4, 4, ".tmp") == 0)
            ::unlink((dir + "/" + it.name).c_str());
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

}  // namespace

Expected<FixPathsReport> fix_paths(const FixPathsOptions& opt) {
    FixPathsReport rep;
    if (opt.map.empty()) { Error e; e.what = "the branch map is empty"; return e; }
    const std::string dump = strip_slash(opt.dump_dir);
    auto items = list_dir(dump);
    if (!items) return std::move(items).error();

    RewriteOptions ro;
    ro.map = &opt.map;
    ro.mnt_id = opt.mnt_id;
    std::vector<std::pair<std::string, std::string>> planned;   // name, new bytes
    for (const auto& it : *items) {
        if (!it.regular || it.name.rfind(kTempPrefix, 0) == 0) continue;
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
    if (opt.mode == FixPathsOptions::Mode::DryRun) return rep;

    if (opt.mode == FixPathsOptions::Mode::InPlace) {
        remove_stale_temps(dump, *items);
        if (!opt.backup_dir.empty())
            if (auto bitems = list_dir(strip_slash(opt.backup_dir)); bitems) remove_stale_temps(strip_slash(opt.backup_dir), *bitems);
        if (planned.empty()) return rep;
        if (opt.backup) {
            rep.backup_dir = opt.backup_dir.empty() ? default_backup_dir(dump) : strip_slash(opt.backup_dir);
            auto ok = make_dir(rep.backup_dir, false);
            if (!ok) return std::move(ok).error();
            if (auto bitems = list_dir(rep.backup_dir); bitems) remove_stale_temps(rep.backup_dir, *bitems);
        }
        // Per image: the original is safely in the backup before the new bytes replace it,
        // and each replacement is one rename: any interruption leaves every image whole.
        // The backup's link is made first and made durable (its folder, and once the folder's
        // own name in its parent) after the new bytes are written beside: before the rename
        // that leaves the backup as the original's only name.
        bool backup_dir_synced = false;
        for (auto& [name, bytes] : planned) {
            std::string src = dump + "/" + name;
            // The backup is a second name for the original file when the file system allows
            // (the original is never written, only replaced by the rename below), else a copy.
            bool linked = opt.backup && link_file_atomic(src, rep.backup_dir + "/" + name, false);
            if (opt.backup && !linked) {
                auto orig = MappedFile::open(src);
                if (!orig) return std::move(orig).error();
                Bytes b = orig->bytes();
                auto ok = write_file_atomic(rep.backup_dir + "/" + name,
                                            std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
                if (!ok) return std::move(ok).error();
            }
            auto tmp = write_beside(src, bytes);
            if (!tmp) return std::move(tmp).error();
            if (linked) sync_directory(rep.backup_dir);
            if (opt.backup && !backup_dir_synced) {   // the backup folder's own name, made above
                sync_directory(directory_of(rep.backup_dir));
                backup_dir_synced = true;
            }
            auto ok = rename_into_place(*tmp, src);
            if (!ok) return std::move(ok).error();
        }
        rep.written_to = dump;
    } else {
        if (planned.empty()) return rep;   // nothing matched: write nothing at all
        const std::string out = strip_slash(opt.out_dir);
        auto ok = make_dir(out, true);
        if (!ok) return std::move(ok).error();
        for (const auto& it : *items) {
            if (it.name.rfind(kTempPrefix, 0) == 0) continue;
            std::string from = dump + "/" + it.name, to = out + "/" + it.name;
            auto p = std::find_if(planned.begin(), planned.end(), [&](auto& x) { return x.first == it.name; });
            Expected<void> r;
            if (p != planned.end()) r = write_file_atomic(to, p->second);
            else if (it.regular) r = link_or_copy(from, to);
            else if (it.symlink) r = copy_symlink(from, to, dump, out);
            else continue;   // sub-directories are not part of a CRIU dump
            if (!r) return std::move(r).error();
        }
        sync_directory(out);               // the links made for unchanged files
        sync_directory(directory_of(out));   // the output folder's own name
        rep.written_to = out;
    }
    for (auto& [name, bytes] : planned) {
        auto ok = reread(rep.written_to + "/" + name);
        if (!ok) return std::move(ok).error();
        ++rep.images_reread;
    }
    if (opt.verify && !rep.written_to.empty()) {
        VerifyOptions vo;
        vo.check_root = opt.verify_root.has_value();
        if (vo.check_root) vo.root = *opt.verify_root;
        auto v = verify_dump(rep.written_to, vo);
        if (v) rep.verify = std::move(*v);
        else rep.verify_error = std::move(v).error();
    }
    return rep;
}

}  // namespace img
