#include "img/coredump/core_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "img/io/atomic_file.h"
#include "le_bytes.h"
#include "pages_files.h"

namespace img {

namespace {

using coredump_detail::LeBytes;
using coredump_detail::PagesFiles;

constexpr uint64_t kEhdrSize = 64, kPhdrSize = 56, kShdrSize = 64;
constexpr uint32_t kPtLoad = 1, kPtNote = 4;
constexpr uint16_t kPnXnum = 0xffff;

uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

struct Segment {
    uint64_t start = 0, end = 0, offset = 0, filesz = 0;
    uint32_t flags = 0;
};

// The temporary beside the core, removed unless it was renamed into place.
class TempCore {
public:
    explicit TempCore(const std::string& path)
        : path_(path), tmp_(fmt::format("{}/{}{}.{}.tmp", directory_of(path), kTempPrefix,
                                        path.substr(path.rfind('/') + 1), ::getpid())) {}
    ~TempCore() {
        if (fd_ >= 0) ::close(fd_);
        if (!kept_) ::unlink(tmp_.c_str());
    }
    Expected<void> open() {
        ::unlink(tmp_.c_str());   // a leftover of this very pid: ours to replace
        fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd_ < 0) return fail(0, "cannot create");
        return {};
    }
    Expected<void> write_at(const void* data, size_t len, uint64_t off) {
        const char* p = static_cast<const char*>(data);
        while (len) {
            ssize_t n = ::pwrite(fd_, p, len, static_cast<off_t>(off));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return fail(off, "cannot write");
            p += n; len -= static_cast<size_t>(n); off += static_cast<uint64_t>(n);
        }
        return {};
    }
    // `len` bytes of file `fd` from `from` to `off` of the core, in the kernel (as cp copies);
    // false when the file systems do not allow it (nothing copied then is lost: the caller
    // writes the whole range itself).
    bool copy_from(int fd, uint64_t from, size_t len, uint64_t off) {
        auto in = static_cast<off64_t>(from), out = static_cast<off64_t>(off);
        while (len) {
            ssize_t n = ::copy_file_range(fd, &in, fd_, &out, len, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;
            len -= static_cast<size_t>(n);
        }
        return true;
    }
    Expected<void> commit() {
        if (::fsync(fd_) != 0) return fail(0, "cannot fsync");
        int fd = fd_;
        fd_ = -1;
        if (::close(fd) != 0) return fail(0, "cannot close");
        kept_ = true;   // rename_into_place removes the temporary itself when it fails
        return rename_into_place(tmp_, path_);
    }

private:
    Error fail(uint64_t off, const char* what) {
        Error e = make_error(fmt::format("{} the core: {}", what, std::strerror(errno)), off ? static_cast<int64_t>(off) : -1);
        e.file = path_;
        return e;
    }
    std::string path_, tmp_;
    int fd_ = -1;
    bool kept_ = false;
};

uint32_t segment_flags(const ProcessMemory::Region& r) {
    uint32_t prot = r.vma ? r.vma->prot() : 3;   // PROT_READ 1, WRITE 2, EXEC 4 -> PF_R 4, PF_W 2, PF_X 1
    return ((prot & 1) ? 4u : 0u) | ((prot & 2) ? 2u : 0u) | ((prot & 4) ? 1u : 0u);
}

bool file_backed(const ProcessMemory::Region& r) {
    return r.vma && (r.vma->status() & (kVmaFilePrivate | kVmaFileShared)) && !(r.vma->status() & kVmaSysvipc);
}

std::string elf_header(uint64_t phnum, uint64_t shoff) {
    LeBytes b;
    b.text("\x7f" "ELF");
    b.u8(2); b.u8(1); b.u8(1); b.u8(0);   // ELFCLASS64, ELFDATA2LSB, EV_CURRENT, ELFOSABI_NONE
    b.zeros(8);
    b.u16(4);                              // ET_CORE
    b.u16(62);                             // EM_X86_64
    b.u32(1);
    b.u64(0);                              // e_entry
    b.u64(kEhdrSize);                      // e_phoff
    b.u64(shoff);
    b.u32(0);                              // e_flags
    b.u16(kEhdrSize); b.u16(kPhdrSize);
    b.u16(phnum >= kPnXnum ? kPnXnum : static_cast<uint16_t>(phnum));
    b.u16(shoff ? kShdrSize : 0); b.u16(shoff ? 1 : 0); b.u16(0);
    return b.take();
}

void program_header(LeBytes& b, uint32_t type, uint32_t flags, uint64_t off, uint64_t vaddr, uint64_t filesz,
                    uint64_t memsz, uint64_t align) {
    b.u32(type); b.u32(flags); b.u64(off); b.u64(vaddr); b.u64(0); b.u64(filesz); b.u64(memsz); b.u64(align);
}

// With 65535 or more program headers, e_phnum is PN_XNUM and section header 0's sh_info holds the count.
std::string xnum_section_header(uint64_t phnum) {
    LeBytes b;
    b.zeros(4 + 4 + 8 + 8 + 8 + 8 + 4);   // sh_name .. sh_link
    b.u32(static_cast<uint32_t>(phnum));  // sh_info
    b.zeros(16);
    return b.take();
}

// Streams the present pages into their segments, noting what is absent.
class SegmentStreamer {
public:
    SegmentStreamer(const ProcessMemory& mem, const DumpSource& src, TempCore& out, uint64_t data_off, CoreFileStats& stats)
        : mem_(mem), files_(src), out_(out), next_off_(data_off), stats_(stats), segs_(mem.regions().size()) {}

    Expected<void> run(const ProgressFn& progress, uint64_t done_before, uint64_t total);
    const std::vector<Segment>& segments() const { return segs_; }
    uint64_t end_offset() const { return next_off_; }

private:
    void close_through(size_t idx);   // segments before idx are complete
    void absent(const ProcessMemory::Region& r, uint64_t from, uint64_t to) {
        if (from < to) stats_.absent.push_back(AbsentRange{from, to, file_backed(r)});
    }
    Expected<void> copy(const ProcessMemory::Region& r, Bytes data, uint64_t off) {
        if (auto from = files_.locate(r, data); from && out_.copy_from(from->fd, from->offset, data.size(), off)) return {};
        return out_.write_at(data.data(), data.size(), off);
    }
    const ProcessMemory& mem_;
    PagesFiles files_;
    TempCore& out_;
    uint64_t next_off_;
    CoreFileStats& stats_;
    std::vector<Segment> segs_;
    size_t cur_ = 0;              // the segment being filled
    uint64_t seen_end_ = 0;       // where its last present byte ended
    bool started_ = false;
};

void SegmentStreamer::close_through(size_t idx) {
    const auto& regions = mem_.regions();
    for (; cur_ < idx; ++cur_) {
        const auto& r = regions[cur_];
        Segment& s = segs_[cur_];
        s.start = r.start; s.end = r.end; s.flags = segment_flags(r);
        if (!started_) { s.offset = next_off_; s.filesz = 0; absent(r, r.start, r.end); continue; }
        s.filesz = seen_end_ - r.start;
        absent(r, seen_end_, r.end);
        next_off_ = align_up(s.offset + s.filesz, kPageSize);
        started_ = false;
    }
}

Expected<void> SegmentStreamer::run(const ProgressFn& progress, uint64_t done_before, uint64_t total) {
    const auto& regions = mem_.regions();
    std::optional<Error> err;
    auto ok = mem_.for_each_present([&](uint64_t addr, Bytes data, const ProcessMemory::Region& r) {
        size_t idx = static_cast<size_t>(&r - regions.data());
        close_through(idx);
        if (!started_) { segs_[idx].offset = next_off_; seen_end_ = r.start; started_ = true; }
        absent(r, seen_end_, addr);
        auto w = copy(r, data, segs_[idx].offset + (addr - r.start));
        if (!w) { err = std::move(w).error(); return false; }
        seen_end_ = addr + data.size();
        stats_.data_bytes += data.size();
        if (progress) progress(done_before + stats_.data_bytes, total);
        return true;
    });
    if (!ok) return ok;
    if (err) return std::move(*err);
    close_through(regions.size());
    return {};
}

}  // namespace

Expected<CoreFileStats> write_core_file(const std::string& path, const ElfNotes& notes, const ProcessMemory& mem,
                                        const DumpSource& src, const ProgressFn& progress, uint64_t done_before,
                                        uint64_t total) {
    CoreFileStats stats;
    TempCore out(path);
    if (auto ok = out.open(); !ok) return std::move(ok).error();
    const uint64_t phnum = mem.regions().size() + 2;   // the notes, the absent ranges, one per VMA
    const uint64_t notes_off = kEhdrSize + phnum * kPhdrSize;
    SegmentStreamer stream(mem, src, out, align_up(notes_off + notes.size(), kPageSize), stats);
    if (auto ok = stream.run(progress, done_before, total); !ok) return std::move(ok).error();
    ElfNotes absent;
    LeBytes list;
    list.u64(stats.absent.size());
    for (const auto& a : stats.absent) { list.u64(a.start); list.u64(a.end); list.u64(a.file_backed ? 1 : 0); }
    absent.add(kCimgNoteOwner, kNtCimgAbsent, list.str());
    const uint64_t absent_off = stream.end_offset();
    const uint64_t shoff = phnum >= kPnXnum ? align_up(absent_off + absent.size(), 8) : 0;
    LeBytes head;
    head.text(elf_header(phnum, shoff));
    program_header(head, kPtNote, 4, notes_off, 0, notes.size(), 0, 4);
    program_header(head, kPtNote, 4, absent_off, 0, absent.size(), 0, 4);
    for (const auto& s : stream.segments())
        program_header(head, kPtLoad, s.flags, s.offset, s.start, s.filesz, s.end - s.start, kPageSize);
    head.text(notes.bytes());
    std::string tail = absent.bytes();
    if (shoff) { tail.resize(shoff - absent_off, '\0'); tail += xnum_section_header(phnum); }
    if (auto ok = out.write_at(tail.data(), tail.size(), absent_off); !ok) return std::move(ok).error();
    if (auto ok = out.write_at(head.str().data(), head.size(), 0); !ok) return std::move(ok).error();
    if (auto ok = out.commit(); !ok) return std::move(ok).error();
    stats.segments = stream.segments().size();
    stats.file_size = absent_off + tail.size();
    return stats;
}

}  // namespace img
