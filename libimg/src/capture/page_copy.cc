#include "page_copy.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <fmt/format.h>

#include "syscall_injection.h"

namespace img {
namespace {

constexpr uint64_t kPage = 4096;
constexpr uint32_t kPePresent = 4, kPeLazy = 2;
constexpr uint64_t kPmPresent = 1ull << 63, kPmSwap = 1ull << 62, kPmFile = 1ull << 61;
constexpr size_t kCopyBuffer = 4u << 20;

Expected<void> write_out(int fd, const char* p, size_t n) {
    while (n > 0) {
        ssize_t w = ::write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return make_error(fmt::format("cannot write pages: {}", std::strerror(errno)));
        p += w;
        n -= size_t(w);
    }
    return {};
}

}  // namespace

bool keep_page(PagePolicy policy, uint64_t w) {
    switch (policy) {
        case PagePolicy::None: return false;
        case PagePolicy::AnonPrivate: return (w & (kPmPresent | kPmSwap)) != 0;
        case PagePolicy::FilePrivate: return (w & kPmSwap) || ((w & kPmPresent) && !(w & kPmFile));
        case PagePolicy::Vdso: return true;
    }
    return false;
}

void add_page_runs(const VmaPlan& plan, const std::vector<uint64_t>& words, std::vector<PageRun>& runs) {
    uint32_t flags = kPePresent | (plan.pages == PagePolicy::AnonPrivate ? kPeLazy : 0);
    for (size_t i = 0; i < words.size(); ++i) {
        if (!keep_page(plan.pages, words[i])) continue;
        uint64_t addr = plan.area.start + i * kPage;
        if (!runs.empty() && runs.back().flags == flags && runs.back().vaddr + runs.back().nr_pages * kPage == addr)
            ++runs.back().nr_pages;
        else
            runs.push_back({addr, 1, flags});
    }
}

Expected<std::vector<PageRun>> find_page_runs(pid_t pid, const std::vector<VmaPlan>& plans) {
    std::string path = fmt::format("/proc/{}/pagemap", pid);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return make_error(fmt::format("cannot open: {}", std::strerror(errno))).in_file(path);
    std::vector<PageRun> runs;
    std::vector<uint64_t> words;
    for (const auto& p : plans) {
        if (p.pages == PagePolicy::None) continue;
        // One area at a time, in slices of 64 Ki pages (512 KiB of pagemap), so memory stays bounded.
        for (uint64_t at = p.area.start; at < p.area.end;) {
            uint64_t n = std::min<uint64_t>((p.area.end - at) / kPage, 65536);
            words.assign(n, 0);
            ssize_t r = ::pread(fd, words.data(), n * 8, off_t(at / kPage * 8));
            if (r != ssize_t(n * 8)) {
                ::close(fd);
                return make_error(fmt::format("cannot read at {:#x}", at / kPage * 8)).in_file(path);
            }
            VmaPlan slice = p;
            slice.area.start = at;
            add_page_runs(slice, words, runs);
            at += n * kPage;
        }
    }
    ::close(fd);
    return runs;
}

namespace {

// One batch: up to 4 MiB from up to kMaxIov pieces of runs, read with one process_vm_readv (a
// short read falls back to reading piece by piece, so a failing page is named).
struct Batch {
    std::vector<iovec> remote;
    size_t bytes = 0;
};

constexpr size_t kMaxIov = 1024;

Expected<void> read_batch(pid_t pid, const Batch& b, char* buf) {
    iovec local{buf, b.bytes};
    if (::process_vm_readv(pid, &local, 1, b.remote.data(), b.remote.size(), 0) == ssize_t(b.bytes)) return {};
    size_t off = 0;
    for (const auto& r : b.remote) {
        if (auto e = read_task_memory(pid, uint64_t(reinterpret_cast<uintptr_t>(r.iov_base)), buf + off, r.iov_len); !e) return e;
        off += r.iov_len;
    }
    return {};
}

}  // namespace

Expected<void> copy_page_runs(pid_t pid, const std::vector<PageRun>& runs, int out_fd, const ProgressFn& progress,
                              uint64_t done_before, uint64_t total) {
    std::vector<char> buf(kCopyBuffer);
    uint64_t done = done_before;
    Batch batch;
    auto flush = [&]() -> Expected<void> {
        if (batch.bytes == 0) return {};
        if (auto r = read_batch(pid, batch, buf.data()); !r) return r;
        if (auto w = write_out(out_fd, buf.data(), batch.bytes); !w) return w;
        done += batch.bytes;
        if (progress) progress(done, total);
        batch.remote.clear();
        batch.bytes = 0;
        return {};
    };
    for (const auto& run : runs) {
        for (uint64_t off = 0; off < run.nr_pages * kPage;) {
            size_t n = size_t(std::min<uint64_t>(run.nr_pages * kPage - off, kCopyBuffer - batch.bytes));
            batch.remote.push_back({reinterpret_cast<void*>(run.vaddr + off), n});
            batch.bytes += n;
            off += n;
            if (batch.bytes == kCopyBuffer || batch.remote.size() == kMaxIov)
                if (auto r = flush(); !r) return r;
        }
    }
    return flush();
}

}  // namespace img
