#include "img/io/atomic_file.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include <fmt/format.h>

#include "img/io/chunked_output.h"
#include "img/io/mapped_file.h"
#include "img/support/owner_pid.h"

namespace img {

namespace {
Error os_error(const std::string& path, const std::string& what) {
    Error e; e.file = path; e.what = what + ": " + std::strerror(errno); return e;
}

// Where path's temporary sibling goes: its directory and the temporary's name.
struct Beside {
    std::string dir, tmp;
};
Beside beside(const std::string& path) {
    size_t slash = path.find_last_of('/');
    std::string dir = directory_of(path);
    std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    std::string tmp = fmt::format("{}/{}{}.{}.tmp", dir, kTempPrefix, base, ::getpid());
    return {dir, tmp};
}
}  // namespace

std::string directory_of(const std::string& path) {
    size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

void sync_directory(const std::string& dir) {
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) { ::fsync(dfd); ::close(dfd); }
}

Expected<void> link_no_replace(const std::string& from, const std::string& to, bool sync) {
    if (::link(from.c_str(), to.c_str()) != 0) return os_error(to, "cannot link " + from);
    if (sync) sync_directory(directory_of(to));
    return {};
}

Expected<void> rename_no_replace(const std::string& tmp, const std::string& path) {
    int r = ::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE);
    if (r != 0 && (errno == EINVAL || errno == ENOSYS)) {   // no RENAME_NOREPLACE here: link(2) never replaces either
        r = ::link(tmp.c_str(), path.c_str());
        if (r == 0) ::unlink(tmp.c_str());
    }
    if (r != 0) {
        auto e = os_error(path, "cannot rename into place");
        ::unlink(tmp.c_str());
        return e;
    }
    sync_directory(directory_of(path));
    return {};
}

Expected<void> write_file_no_replace(const std::string& path, std::string_view data) {
    auto tmp = write_beside(path, data);
    if (!tmp) return std::move(tmp).error();
    return rename_no_replace(*tmp, path);
}

bool is_temp_name(const std::string& name) {
    const std::string_view prefix = kTempPrefix, suffix = ".tmp";
    return name.size() > prefix.size() + suffix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_stale_temp(const std::string& name) {
    if (!is_temp_name(name)) return false;
    std::string_view s(name);
    s.remove_suffix(4);
    size_t dot = s.find_last_of('.');
    if (dot == std::string_view::npos || dot + 1 == s.size()) return false;   // not one of ours: leave it
    auto pid = parse_owner_pid(s.substr(dot + 1));
    return pid && owner_is_gone(*pid);
}

Expected<std::string> write_beside(const std::string& path, std::string_view data) {
    auto [dir, tmp] = beside(path);
    mode_t mode = 0644;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) mode = st.st_mode & 07777;
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) return os_error(tmp, "cannot create");
    if (!write_all(fd, data) || ::fsync(fd) != 0) {
        auto e = os_error(tmp, "cannot write");
        ::close(fd); ::unlink(tmp.c_str());
        return e;
    }
    ::fchmod(fd, mode);
    ::close(fd);
    return tmp;
}

Expected<void> rename_into_place(const std::string& tmp, const std::string& path) {
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        auto e = os_error(path, "cannot rename into place");
        ::unlink(tmp.c_str());
        return e;
    }
    sync_directory(beside(path).dir);
    return {};
}

Expected<void> write_file_atomic(const std::string& path, std::string_view data) {
    if (path == "-") {
        if (!write_all(1, data)) return os_error("<stdout>", "cannot write");
        return {};
    }
    auto tmp = write_beside(path, data);
    if (!tmp) return std::move(tmp).error();
    return rename_into_place(*tmp, path);
}

Expected<std::string> read_file(const std::string& path) {
    auto f = MappedFile::open(path);
    if (!f) return std::move(f).error();
    return to_string(f->bytes());
}

}  // namespace img
