#include "img/rewrite/backup_dir.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include <fmt/format.h>

#include "img/io/atomic_file.h"
#include "img/io/mapped_file.h"

namespace img {

namespace {

constexpr int kMaxDefaultNames = 1000;

Error dir_error(const std::string& path, const std::string& what) {
    Error e; e.file = path; e.what = what; return e;
}

std::string utc_stamp() {
    std::time_t t = std::time(nullptr);
    std::tm tm {};
    gmtime_r(&t, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    return stamp;
}

// The dump's own path, so that "." or "dump/." still puts the folder beside it, not inside.
std::string real_path(const std::string& dump) {
    std::string real = dump;
    if (char* r = ::realpath(dump.c_str(), nullptr)) { real = r; std::free(r); }
    while (real.size() > 1 && real.back() == '/') real.pop_back();
    return real;
}

bool same_bytes(const std::string& a, const std::string& b) {
    auto fa = MappedFile::open(a), fb = MappedFile::open(b);
    if (!fa || !fb) return false;
    Bytes x = fa->bytes(), y = fb->bytes();
    return x.size() == y.size() && (x.empty() || std::memcmp(x.data(), y.data(), x.size()) == 0);
}

// The file at `saved` is the image at `image`: the same file, or a copy of the same bytes.
bool same_image(const std::string& image, const std::string& saved) {
    struct stat a {}, b {};
    if (::stat(image.c_str(), &a) != 0 || ::lstat(saved.c_str(), &b) != 0 || !S_ISREG(b.st_mode)) return false;
    if (a.st_dev == b.st_dev && a.st_ino == b.st_ino) return true;
    return a.st_size == b.st_size && same_bytes(image, saved);
}

Error occupied(const std::string& saved) {
    return dir_error(saved, "the backup folder already holds a file of this name that is not this dump's image: "
                            "refusing to replace it (move it away or choose another --backup-dir)");
}

bool exists(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

}  // namespace

Expected<std::string> create_default_backup_dir(const std::string& dump) {
    const std::string base = fmt::format("{}.fixpaths-backup-{}", real_path(dump), utc_stamp());
    for (int i = 1; i <= kMaxDefaultNames; ++i) {
        std::string dir = i == 1 ? base : fmt::format("{}-{}", base, i);
        if (::mkdir(dir.c_str(), 0755) == 0) return dir;
        if (errno != EEXIST) return dir_error(dir, std::string("cannot create backup folder: ") + std::strerror(errno));
    }
    return dir_error(base, fmt::format("{} backup folders of this name exist already: name one with --backup-dir",
                                       kMaxDefaultNames));
}

Expected<void> check_backup_free(const std::string& dir, const std::string& dump, const std::vector<std::string>& names) {
    for (const auto& n : names) {
        std::string saved = dir + "/" + n;
        if (exists(saved) && !same_image(dump + "/" + n, saved)) return occupied(saved);
    }
    return {};
}

Expected<void> save_original(const std::string& dump, const std::string& dir, const std::string& name) {
    const std::string src = dump + "/" + name, to = dir + "/" + name;
    if (link_no_replace(src, to, false)) return {};
    if (exists(to)) return same_image(src, to) ? Expected<void>{} : Expected<void>{occupied(to)};
    // Another file system, or one without hard links: a copy.
    auto orig = MappedFile::open(src);
    if (!orig) return std::move(orig).error();
    Bytes b = orig->bytes();
    auto ok = write_file_no_replace(to, std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
    if (!ok && exists(to)) return same_image(src, to) ? Expected<void>{} : Expected<void>{occupied(to)};
    return ok;
}

void remove_stale_temps(const std::string& dir) {
    DIR* d = ::opendir(dir.c_str());
    if (!d) return;
    while (dirent* de = ::readdir(d))
        if (is_stale_temp(de->d_name)) ::unlink((dir + "/" + de->d_name).c_str());
    ::closedir(d);
}

}  // namespace img
