#include "img/io/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

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
        if (buf.size() + static_cast<size_t>(n) > MappedFile::kMaxStreamBytes) {
            Error e; e.file = path; e.offset = static_cast<int64_t>(buf.size());
            e.what = "more than 1 GiB on standard input: give the image as a file instead";
            return e;
        }
        buf.append(tmp, static_cast<size_t>(n));
    }
    return buf;
}

Error not_regular(const std::string& path, unsigned mode) {
    Error e; e.file = path;
    e.what = S_ISDIR(mode) ? std::string("is a directory, not an image file")
                           : fmt::format("is {}, not a regular file: images are read only from regular files",
                                         file_type_name(mode));
    return e;
}

// The holes of a sparse file, by SEEK_DATA/SEEK_HOLE (none where the file system cannot tell).
std::vector<MappedFile::Hole> find_holes(int fd, size_t size) {
    std::vector<MappedFile::Hole> holes;
    off_t pos = 0;
    const auto end = static_cast<off_t>(size);
    while (pos < end && holes.size() < MappedFile::kMaxHoles) {
        off_t hole = ::lseek(fd, pos, SEEK_HOLE);
        if (hole < 0 || hole >= end) break;
        off_t data = ::lseek(fd, hole, SEEK_DATA);
        if (data < 0) data = end;   // ENXIO: a hole up to the end of the file
        if (data > hole) holes.push_back(MappedFile::Hole{static_cast<size_t>(hole), static_cast<size_t>(data)});
        pos = data;
    }
    return holes;
}
}  // namespace

const char* file_type_name(unsigned mode) {
    if (S_ISREG(mode)) return "a regular file";
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISLNK(mode)) return "a symbolic link";
    return "not a regular file";
}

Expected<MappedFile> MappedFile::open(const std::string& path) {
    MappedFile m;
    m.name_ = path;
    if (path == "-") {
        auto data = read_all(0, path);
        if (!data) return std::move(data).error();
        m.owned_ = std::move(*data);
        return m;
    }
    // Looked at before it is opened: opening a FIFO blocks until a writer comes, and opening
    // some devices has effects of its own.
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return os_error(path, "cannot open");
    if (!S_ISREG(st.st_mode)) return not_regular(path, st.st_mode);
    // O_NONBLOCK: should the name be swapped for a FIFO in between, open does not wait for a writer.
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) return os_error(path, "cannot open");
    if (::fstat(fd, &st) != 0) { auto e = os_error(path, "cannot stat"); ::close(fd); return e; }
    if (!S_ISREG(st.st_mode)) { ::close(fd); return not_regular(path, st.st_mode); }
    if (st.st_size > 0) {
        void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) { auto e = os_error(path, "cannot map"); ::close(fd); return e; }
        m.map_ = p;
        m.size_ = static_cast<size_t>(st.st_size);
        // Fewer allocated blocks than the size needs: the file has holes.
        if (m.size_ >= kHoleScanMinSize && static_cast<uint64_t>(st.st_blocks) * 512 < m.size_)
            m.holes_ = find_holes(fd, m.size_);
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
        holes_ = std::move(o.holes_);
        o.map_ = nullptr; o.size_ = 0; o.released_ = 0;
    }
    return *this;
}

MappedFile::~MappedFile() { if (map_) ::munmap(map_, size_); }

void MappedFile::release_before(const std::byte* upto) const {
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
