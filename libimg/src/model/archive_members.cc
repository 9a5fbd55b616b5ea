// A member is written under a temporary name and renamed over its placeholder only when whole,
// so a refused or cut member never looks unpacked. Blocks of zeros are not written (the file
// keeps a hole there): a zero-filled pages file costs no disk. The budget counts a member's
// declared size before anything is written, so a header claiming 64 GiB is refused at once;
// data beyond the declared size is refused as it comes.
#include "archive_members.h"

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "img/support/display.h"

namespace img {

namespace {

constexpr uint64_t kMiB = 1u << 20;

bool all_zero(const char* p, size_t n) { return n == 0 || (p[0] == 0 && std::memcmp(p, p + 1, n - 1) == 0); }

// Writes `n` bytes at `off` unless they are all zeros.
bool write_block(int fd, const char* p, size_t n, int64_t off) {
    if (all_zero(p, n)) return true;
    while (n > 0) {
        ssize_t w = ::pwrite(fd, p, n, off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p += w; n -= static_cast<size_t>(w); off += w;
    }
    return true;
}

}  // namespace

uint64_t default_unpack_budget(uint64_t archive_size, const std::string& parent) {
    uint64_t multiple = archive_size > UINT64_MAX / 64 ? UINT64_MAX : archive_size * 64;
    uint64_t budget = std::max<uint64_t>(multiple, 256 * kMiB);
    struct statvfs vfs {};
    if (::statvfs(parent.c_str(), &vfs) == 0) {
        uint64_t free = static_cast<uint64_t>(vfs.f_bavail) * vfs.f_frsize;
        budget = std::min(budget, free > 64 * kMiB ? free - 64 * kMiB : 0);
    }
    return budget;
}

Error ArchiveMembers::fail(const Member& m, std::string what) const {
    Error e;
    e.file = archive_ + ":" + m.shown;
    e.what = std::move(what);
    return e;
}

Expected<void> ArchiveMembers::add(archive* a, const ArchiveApi& la, archive_entry* ent, uint64_t index,
                                   const std::string& file, const std::string& shown, bool eager) {
    Member m;
    m.shown = shown;
    m.index = index;
    if (la.entry_size_is_set(ent) && la.entry_size(ent) >= 0) m.declared = static_cast<uint64_t>(la.entry_size(ent));
    std::lock_guard lock(mu_);
    Member& slot = members_[file] = std::move(m);
    if (eager) return write(a, la, file, slot);
    // The placeholder: the declared size, all hole, no data.
    int fd = ::openat(dir_->fd(), file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return fail(slot, fmt::format("cannot create its placeholder: {}", std::strerror(errno)));
    bool sized = ::ftruncate(fd, static_cast<off_t>(slot.declared.value_or(0))) == 0;
    int err = errno;
    ::close(fd);
    if (!sized)
        return fail(slot, fmt::format("declares {} bytes, more than a file here can hold: {}", *slot.declared,
                                      std::strerror(err)));
    slot.pending = true;
    return {};
}

Expected<void> ArchiveMembers::within_budget(const Member& m) const {
    if (m.declared && *m.declared > budget_ - used_)
        return fail(m, fmt::format("unpacking its {} would pass the budget for unpacked members ({}, {} used); "
                                   "--max-unpacked SIZE changes it",
                                   human_bytes(*m.declared), human_bytes(budget_), human_bytes(used_)));
    return {};
}

Expected<void> ArchiveMembers::write(archive* a, const ArchiveApi& la, const std::string& file, Member& m) {
    if (auto ok = within_budget(m); !ok) return ok;
    const uint64_t left = budget_ - used_;
    const std::string part = file + ".unpacking";
    int fd = ::openat(dir_->fd(), part.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return fail(m, fmt::format("cannot unpack: {}", std::strerror(errno)));
    const uint64_t limit = m.declared ? *m.declared : left;
    uint64_t end = 0;
    auto give_up = [&](std::string what) {
        ::close(fd);
        ::unlinkat(dir_->fd(), part.c_str(), 0);
        return fail(m, std::move(what));
    };
    for (;;) {
        const void* buf = nullptr;
        size_t size = 0;
        la_int64_t off = 0;
        int r = la.read_data_block(a, &buf, &size, &off);
        if (r == ARCHIVE_EOF) break;
        if (r < ARCHIVE_WARN) return give_up(fmt::format("cannot read it from the archive: {}", la.error_string(a)));
        if (off < 0 || static_cast<uint64_t>(off) > limit || size > limit - static_cast<uint64_t>(off))
            return give_up(m.declared ? fmt::format("holds more than the {} bytes its header declares", *m.declared)
                                      : fmt::format("would pass the budget for unpacked members ({})", human_bytes(budget_)));
        if (!write_block(fd, static_cast<const char*>(buf), size, off))
            return give_up(fmt::format("cannot unpack: {}", std::strerror(errno)));
        end = std::max<uint64_t>(end, static_cast<uint64_t>(off) + size);
    }
    // A sparse member, or one ending in zeros, ends in a hole.
    const uint64_t length = m.declared.value_or(end);
    if (::ftruncate(fd, static_cast<off_t>(length)) != 0) return give_up(fmt::format("cannot unpack: {}", std::strerror(errno)));
    ::close(fd);
    if (::renameat(dir_->fd(), part.c_str(), dir_->fd(), file.c_str()) != 0) {
        ::unlinkat(dir_->fd(), part.c_str(), 0);
        return fail(m, fmt::format("cannot unpack: {}", std::strerror(errno)));
    }
    used_ += length;
    m.pending = false;
    return {};
}

Expected<void> ArchiveMembers::ensure(const std::string& file) {
    std::lock_guard lock(mu_);
    auto it = members_.find(file);
    if (it == members_.end()) return {};
    Member& m = it->second;
    if (m.failed) return *m.failed;
    if (!m.pending) return {};
    auto done = [&]() -> Expected<void> {
        if (auto ok = within_budget(m); !ok) return ok;   // before reading (and decompressing) up to it
        auto api = archive_api();
        if (!api) return fail(m, api.error().what);
        const ArchiveApi& la = **api;
        // libarchive reads forward only: go on from the last member unpacked when this one comes later
        // (members asked for in archive order cost one pass), else read the archive again from the start.
        if (!cursor_ || m.index < next_index_) {
            cursor_.reset();
            auto a = open_archive_reader(la, archive_);
            if (!a) return fail(m, a.error().what);
            cursor_ = std::move(*a);
            next_index_ = 0;
        }
        for (;; ++next_index_) {
            archive_entry* ent = nullptr;
            int r = la.next_header(cursor_.get(), &ent);
            if (r == ARCHIVE_RETRY) continue;   // counted, as the scan counts it
            if (r < ARCHIVE_WARN || r == ARCHIVE_EOF)
                return fail(m, fmt::format("cannot find it again in the archive: {}",
                                           r == ARCHIVE_EOF ? "the archive ends before it" : la.error_string(cursor_.get())));
            if (next_index_ == m.index) {
                ++next_index_;
                return write(cursor_.get(), la, file, m);
            }
        }
    }();
    if (!done) {
        m.failed = done.error();
        cursor_.reset();
    }
    return done;
}

}  // namespace img
