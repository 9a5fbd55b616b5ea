// Checkpoint archives are read with libarchive in one streaming pass: entries
// under checkpoint/ are written into a fresh mkdtemp directory by name (one
// path component, opened relative to that directory, O_NOFOLLOW), so nothing
// can land outside it; the small JSON metadata files are parsed in memory; the
// rest (rootfs-diff.tar, logs) is skipped without being stored.
#include "img/model/checkpoint_archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>

#include <fmt/format.h>

#include "archive_api.h"
#include "archive_members.h"
#include "img/io/image_kind.h"
#include "img/convert/json_depth.h"

namespace img {

namespace {

constexpr size_t kMaxMetadataBytes = 64u << 20;   // config.dump/spec.dump are kilobytes; refuse absurd ones

std::string field(const std::optional<nlohmann::json>& j, std::initializer_list<const char*> path) {
    if (!j) return "";
    const nlohmann::json* cur = &*j;
    for (const char* k : path) {
        if (!cur->is_object()) return "";
        auto it = cur->find(k);
        if (it == cur->end()) return "";
        cur = &*it;
    }
    return cur->is_string() ? cur->get<std::string>() : "";
}

// Parses a metadata file's text into `out`, or notes why not. Nesting past kMaxJsonDepth is an
// error naming `shown` (the file as the user knows it), not a warning: it is an attack on memory,
// refused before the parser builds anything.
Expected<void> parse_metadata(const std::string& name, const std::string& shown, const std::string& text,
                              std::optional<nlohmann::json>& out, std::vector<std::string>& warnings) {
    if (auto deep = check_json_depth(text, shown); !deep) return std::move(deep).error();
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) warnings.push_back(fmt::format("{} is not valid JSON; ignored", name));
    else out = std::move(j);
    return {};
}

// The slot of a metadata file read as JSON, or nullptr for any other name.
std::optional<nlohmann::json>* metadata_slot(ContainerMetadata& m, const std::string& name) {
    if (name == "config.dump") return &m.config;
    if (name == "spec.dump") return &m.spec;
    if (name == "network.status") return &m.network;
    if (name == "deleted.files") return &m.deleted;
    return nullptr;
}

// Counts one regular file of checkpoint/ into the checkpoint's size.
void count_image(CheckpointSize& size, const std::string& name, uint64_t bytes) {
    ++size.files;
    size.bytes += bytes;
    if (name.starts_with("pages-")) size.pages += bytes;
}

Expected<std::string> read_small_file(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return make_error(std::strerror(errno));
    std::string s;
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        s.append(buf, static_cast<size_t>(n));
        if (s.size() > kMaxMetadataBytes) { ::close(fd); return make_error("larger than 64 MiB"); }
    }
    ::close(fd);
    return s;
}

// The sizes of a container directory: the regular files of checkpoint/, rootfs-diff.tar beside it.
void count_dir_sizes(const std::string& dir, CheckpointSize& size) {
    struct stat st {};
    if (DIR* d = ::opendir((dir + "/checkpoint").c_str())) {
        while (dirent* de = ::readdir(d)) {
            std::string n = de->d_name;
            if (::fstatat(::dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
                count_image(size, n, static_cast<uint64_t>(st.st_size));
        }
        ::closedir(d);
    }
    std::string diff = dir + "/rootfs-diff.tar";
    if (::stat(diff.c_str(), &st) == 0 && S_ISREG(st.st_mode)) size.rootfs_diff = static_cast<uint64_t>(st.st_size);
}

// The metadata of a directory the way Podman leaves it: images in checkpoint/, metadata beside.
Expected<std::shared_ptr<ContainerMetadata>> container_dir_metadata(const std::string& dir) {
    auto meta = std::make_shared<ContainerMetadata>();
    meta->origin = dir;
    if (DIR* d = ::opendir(dir.c_str())) {
        while (dirent* de = ::readdir(d)) {
            std::string n = de->d_name;
            if (n != "." && n != ".." && n != "checkpoint") meta->entries.push_back(n);
        }
        ::closedir(d);
    }
    std::sort(meta->entries.begin(), meta->entries.end());
    for (const char* name : {"config.dump", "spec.dump", "network.status", "deleted.files"}) {
        std::string p = dir + "/" + name;
        if (::access(p.c_str(), F_OK) != 0) continue;
        auto text = read_small_file(p);
        if (!text) { meta->warnings.push_back(fmt::format("{}: {}; ignored", name, text.error().what)); continue; }
        if (auto ok = parse_metadata(name, p, *text, *metadata_slot(*meta, name), meta->warnings); !ok)
            return std::move(ok).error();
    }
    count_dir_sizes(dir, meta->size);
    return meta;
}

}  // namespace

std::string ContainerMetadata::name() const { return field(config, {"name"}); }
std::string ContainerMetadata::id() const { return field(config, {"id"}); }
std::string ContainerMetadata::image() const {
    std::string s = field(config, {"rootfsImageName"});
    return s.empty() ? field(config, {"rootfsImage"}) : s;
}
std::string ContainerMetadata::created() const { return field(config, {"createdTime"}); }
std::string ContainerMetadata::checkpointed() const { return field(config, {"checkpointedTime"}); }
std::string ContainerMetadata::runtime() const { return field(config, {"runtime"}); }
std::string ContainerMetadata::root() const { return field(spec, {"root", "path"}); }
std::vector<std::string> ContainerMetadata::args() const {
    std::vector<std::string> v;
    if (!spec || !spec->is_object()) return v;
    auto p = spec->find("process");
    if (p == spec->end() || !p->is_object()) return v;
    auto a = p->find("args");
    if (a == p->end() || !a->is_array()) return v;
    for (const auto& x : *a)
        if (x.is_string()) v.push_back(x.get<std::string>());
    return v;
}

bool is_dump_path(const std::string& path) {
    struct stat st {};
    if (path == "-" || ::stat(path.c_str(), &st) != 0) return false;
    if (S_ISDIR(st.st_mode)) return true;
    if (!S_ISREG(st.st_mode)) return false;
    size_t slash = path.find_last_of('/');
    if (kind_by_file_name(slash == std::string::npos ? path : path.substr(slash + 1))) return false;
    unsigned char b[512] = {};
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    ssize_t n = ::pread(fd, b, sizeof b, 0);
    ::close(fd);
    if (n < 6) return false;
    auto starts = [&](std::initializer_list<unsigned char> m) { return std::equal(m.begin(), m.end(), b); };
    if (starts({0x1f, 0x8b}) || starts({0x28, 0xb5, 0x2f, 0xfd}) || starts({0xfd, '7', 'z', 'X', 'Z', 0x00}) ||
        starts({'B', 'Z', 'h'}))
        return true;
    return n == 512 && std::memcmp(b + 257, "ustar", 5) == 0;   // POSIX and GNU tar headers
}

Expected<std::unique_ptr<DumpSource>> DumpSource::open_container_dir(const std::string& dir) {
    auto src = open_dir(dir + "/checkpoint");
    if (!src) return std::move(src).error();
    auto meta = container_dir_metadata(dir);
    if (!meta) return std::move(meta).error();
    (*src)->container_ = std::move(*meta);
    return src;
}

Expected<std::unique_ptr<DumpSource>> DumpSource::open_path(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        Error e; e.file = path; e.what = std::string("cannot open: ") + std::strerror(errno);
        return e;
    }
    if (S_ISDIR(st.st_mode)) {
        struct stat cst {};
        std::string inv = path + "/inventory.img", cp = path + "/checkpoint";
        if (::access(inv.c_str(), F_OK) != 0 && ::stat(cp.c_str(), &cst) == 0 && S_ISDIR(cst.st_mode))
            return open_container_dir(path);
        return open_dir(path);
    }
    if (S_ISREG(st.st_mode)) return open_archive(path);
    Error e; e.file = path; e.what = "neither a dump directory nor a checkpoint archive";
    return e;
}

namespace {

std::optional<uint64_t> g_max_unpacked;   // set by a tool's main: see set_max_unpacked()

// What an archive holds for a DumpSource, read in one streaming pass: the images of checkpoint/
// (unpacked now or listed for later), the container's metadata, and each unpacked file's member name.
struct ArchiveContents {
    std::shared_ptr<ArchiveMembers> files;
    std::shared_ptr<ContainerMetadata> meta;
    std::map<std::string, std::string> members;   // unpacked name -> member name, for error messages
};

// The steps of DumpSource::open_archive: open (the reader and a private directory), unpack (one
// pass over the entries, reading the metadata files in memory and counting sizes).
class ArchiveScan {
public:
    ArchiveScan(std::string path, const ArchiveApi& la) : path_(std::move(path)), la_(la) {}

    Expected<void> open();
    Expected<void> unpack();
    ArchiveContents take() { return std::move(out_); }

private:
    Error fail(std::string what) const { Error e; e.file = path_; e.what = std::move(what); return e; }
    // The next entry, nullptr at the end of the archive.
    Expected<archive_entry*> next_entry();
    // The entry's path as components ("./" and empty parts dropped); ".." or a leading "/" refuse the archive.
    Expected<std::vector<std::string>> components(const std::string& raw) const;
    Expected<void> entry(archive_entry* ent);
    Expected<void> checkpoint_entry(archive_entry* ent, const std::string& raw, const std::vector<std::string>& parts);
    Expected<void> top_level_entry(archive_entry* ent, const std::string& raw, const std::string& name);
    Expected<void> metadata_file(const std::string& raw, const std::string& name);
    Expected<std::string> read_text(const std::string& shown);
    // The images a model reads by path are unpacked now; the rest when first opened.
    Expected<void> add(archive_entry* ent, const std::string& name, const std::string& shown);
    uint64_t declared_size(archive_entry* ent) const {
        return la_.entry_size_is_set(ent) ? static_cast<uint64_t>(std::max<la_int64_t>(la_.entry_size(ent), 0)) : 0;
    }
    bool regular(archive_entry* ent) const {
        return la_.entry_filetype(ent) == AE_IFREG && la_.entry_hardlink(ent) == nullptr;
    }

    std::string path_;
    const ArchiveApi& la_;
    ArchivePtr a_;
    ArchiveContents out_;
    uint64_t index_ = 0;
    bool have_checkpoint_ = false, stats_from_checkpoint_ = false;
};

Expected<void> ArchiveScan::open() {
    struct stat st {};
    if (::access(path_.c_str(), R_OK) != 0 || ::stat(path_.c_str(), &st) != 0)
        return fail(std::string("cannot open: ") + std::strerror(errno));
    auto opened = open_archive_reader(la_, path_);
    if (!opened) return fail(opened.error().what);
    a_ = std::move(*opened);
    auto unpack = UnpackDir::create(path_);
    if (!unpack) return std::move(unpack).error();
    const uint64_t budget = g_max_unpacked ? *g_max_unpacked
                                           : default_unpack_budget(static_cast<uint64_t>(st.st_size), temp_parent());
    out_.files = std::make_shared<ArchiveMembers>(path_, std::move(*unpack), budget);
    out_.meta = std::make_shared<ContainerMetadata>();
    out_.meta->origin = path_;
    out_.meta->archive = true;
    return {};
}

Expected<void> ArchiveScan::unpack() {
    for (;; ++index_) {
        auto ent = next_entry();
        if (!ent) return std::move(ent).error();
        if (!*ent) break;
        if (auto ok = entry(*ent); !ok) return ok;
    }
    if (!have_checkpoint_)
        return fail("no checkpoint/ directory in the archive: not a Podman/CRI-O checkpoint archive");
    auto& names = out_.meta->entries;
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return {};
}

Expected<archive_entry*> ArchiveScan::next_entry() {
    for (;;) {
        archive_entry* ent = nullptr;
        int r = la_.next_header(a_.get(), &ent);
        if (r == ARCHIVE_EOF) return nullptr;
        if (r == ARCHIVE_RETRY) { ++index_; continue; }
        if (r >= ARCHIVE_WARN) return ent;
        if (index_ == 0)
            return fail(fmt::format("not a dump directory nor a checkpoint archive (tar, tar.gz, tar.zst): {}",
                                    la_.error_string(a_.get())));
        return fail(fmt::format("cannot read the archive after {} entries: {}", index_, la_.error_string(a_.get())));
    }
}

Expected<std::vector<std::string>> ArchiveScan::components(const std::string& raw) const {
    if (raw.starts_with("/"))
        return fail(fmt::format("entry '{}' has an absolute path; refusing to unpack the archive", raw));
    std::vector<std::string> parts;
    for (size_t i = 0; i <= raw.size();) {
        size_t j = raw.find('/', i);
        if (j == std::string::npos) j = raw.size();
        std::string c = raw.substr(i, j - i);
        if (c == "..")
            return fail(fmt::format("entry '{}' would land outside the archive's directory (path traversal); "
                                    "refusing to unpack the archive", raw));
        if (!c.empty() && c != ".") parts.push_back(std::move(c));
        i = j + 1;
    }
    return parts;
}

Expected<void> ArchiveScan::entry(archive_entry* ent) {
    const char* pn = la_.entry_pathname(ent);
    if (!pn) return fail(fmt::format("entry #{} has no name", index_));
    const std::string raw = pn;
    auto parts = components(raw);
    if (!parts) return std::move(parts).error();
    if (parts->empty()) return {};
    if ((*parts)[0] == "checkpoint") return checkpoint_entry(ent, raw, *parts);
    if (parts->size() != 1) return {};   // inside another top-level directory (volumes, artifacts)
    return top_level_entry(ent, raw, (*parts)[0]);
}

Expected<void> ArchiveScan::checkpoint_entry(archive_entry* ent, const std::string& raw,
                                             const std::vector<std::string>& parts) {
    have_checkpoint_ = true;
    if (parts.size() == 1 || la_.entry_filetype(ent) == AE_IFDIR) return {};
    if (parts.size() > 2 || !regular(ent)) {
        out_.meta->warnings.push_back(fmt::format("{}: not a plain file of checkpoint/; skipped", raw));
        return {};
    }
    count_image(out_.meta->size, parts[1], declared_size(ent));
    std::string member = "checkpoint/" + parts[1];   // as messages name it: no "./", no "//"
    if (auto x = add(ent, parts[1], member); !x) return x;
    out_.members[parts[1]] = std::move(member);
    if (parts[1] == "stats-dump") stats_from_checkpoint_ = true;
    return {};
}

Expected<void> ArchiveScan::top_level_entry(archive_entry* ent, const std::string& raw, const std::string& name) {
    out_.meta->entries.push_back(name);
    if (!regular(ent)) return {};
    if (metadata_slot(*out_.meta, name)) return metadata_file(raw, name);
    if (name == "rootfs-diff.tar") out_.meta->size.rootfs_diff = declared_size(ent);
    if (name == "stats-dump" && !stats_from_checkpoint_) {
        // Podman keeps CRIU's dump statistics beside checkpoint/: show them with the images.
        if (auto x = add(ent, name, raw); !x) return x;
        out_.members[name] = name;
    }
    return {};
}

Expected<void> ArchiveScan::metadata_file(const std::string& raw, const std::string& name) {
    auto text = read_text(raw);
    if (!text) {
        if (text.error().file == path_) return std::move(text).error();
        out_.meta->warnings.push_back(fmt::format("{}: {}; ignored", name, text.error().what));
        return {};
    }
    return parse_metadata(name, path_ + ":" + name, *text, *metadata_slot(*out_.meta, name), out_.meta->warnings);
}

Expected<std::string> ArchiveScan::read_text(const std::string& shown) {
    std::string s;
    char buf[65536];
    for (;;) {
        la_ssize_t n = la_.read_data(a_.get(), buf, sizeof buf);
        if (n == 0) break;
        if (n < 0) return fail(fmt::format("cannot read {} from the archive: {}", shown, la_.error_string(a_.get())));
        s.append(buf, static_cast<size_t>(n));
        if (s.size() > kMaxMetadataBytes) return make_error("larger than 64 MiB");
    }
    return s;
}

Expected<void> ArchiveScan::add(archive_entry* ent, const std::string& name, const std::string& shown) {
    const ImageKind* k = kind_by_file_name(name);
    const bool eager = name == "stats-dump" || (k && k->header != HeaderClass::Raw);
    return out_.files->add(a_.get(), la_, ent, index_, name, shown, eager);
}

}  // namespace

void set_max_unpacked(std::optional<uint64_t> bytes) { g_max_unpacked = bytes; }

Expected<std::unique_ptr<DumpSource>> DumpSource::open_archive(const std::string& path) {
    auto api = archive_api();
    if (!api) { Error e; e.file = path; e.what = api.error().what; return e; }
    ArchiveScan scan(path, **api);
    if (auto ok = scan.open(); !ok) return std::move(ok).error();
    if (auto ok = scan.unpack(); !ok) return std::move(ok).error();
    ArchiveContents in = scan.take();
    auto src = open_dir(in.files->dir());
    if (!src) return std::move(src).error();
    (*src)->container_ = std::move(in.meta);
    (*src)->unpacked_ = std::move(in.files);
    (*src)->archive_ = path;
    (*src)->members_ = std::move(in.members);
    return src;
}

}  // namespace img
