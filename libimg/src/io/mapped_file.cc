#include "img/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace img {

namespace {
Error os_error(const std::string& path, const char* what) {
    Error e; e.file = path; e.what = std::string(what) + ": " + std::strerror(errno); return e;
}

Expected<std::string> read_all(int fd, const std::string& path) {
    std::string buf;
    char tmp[65536];
    for (;;) {
        ssize_t n = ::read(fd, tmp, sizeof tmp);
        if (n < 0) { if (errno == EINTR) continue; return os_error(path, "cannot read"); }
        if (n == 0) break;
        buf.append(tmp, static_cast<size_t>(n));
    }
    return buf;
}
}  // namespace

Expected<MappedFile> MappedFile::open(const std::string& path) {
    MappedFile m;
    m.name_ = path;
    if (path == "-") {
        auto data = read_all(0, path);
        if (!data) return std::move(data).error();
        m.owned_ = std::move(*data);
        return m;
    }
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return os_error(path, "cannot open");
    struct stat st {};
    if (::fstat(fd, &st) != 0) { auto e = os_error(path, "cannot stat"); ::close(fd); return e; }
    if (S_ISDIR(st.st_mode)) { ::close(fd); Error e; e.file = path; e.what = "is a directory, not an image file"; return e; }
    if (!S_ISREG(st.st_mode)) {
        auto data = read_all(fd, path);
        ::close(fd);
        if (!data) return std::move(data).error();
        m.owned_ = std::move(*data);
        return m;
    }
    if (st.st_size > 0) {
        void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) { auto e = os_error(path, "cannot map"); ::close(fd); return e; }
        m.map_ = p;
        m.size_ = static_cast<size_t>(st.st_size);
    }
    ::close(fd);
    return m;
}

MappedFile MappedFile::from_string(std::string name, std::string data) {
    MappedFile m; m.name_ = std::move(name); m.owned_ = std::move(data); return m;
}

MappedFile::MappedFile(MappedFile&& o) noexcept { *this = std::move(o); }

MappedFile& MappedFile::operator=(MappedFile&& o) noexcept {
    if (this != &o) {
        if (map_) ::munmap(map_, size_);
        name_ = std::move(o.name_); map_ = o.map_; size_ = o.size_; released_ = o.released_;
        owned_ = std::move(o.owned_);
        o.map_ = nullptr; o.size_ = 0; o.released_ = 0;
    }
    return *this;
}

MappedFile::~MappedFile() { if (map_) ::munmap(map_, size_); }

void MappedFile::release_before(const std::byte* upto) {
    constexpr size_t kStep = 256 << 10;
    if (!map_) return;
    const auto* base = static_cast<const std::byte*>(map_);
    if (upto < base || upto > base + size_) return;
    static const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    size_t end = static_cast<size_t>(upto - base) / page * page;
    if (end < released_) { released_ = end; return; }   // reading again from further back
    if (end < released_ + kStep) return;
    // Advice only: a failure leaves the pages resident, which is harmless.
    ::madvise(static_cast<char*>(map_) + released_, end - released_, MADV_DONTNEED);
    released_ = end;
}

Bytes MappedFile::bytes() const {
    if (map_) return Bytes(static_cast<const std::byte*>(map_), size_);
    return as_bytes(owned_);
}

}  // namespace img
