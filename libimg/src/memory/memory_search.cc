// search_memory walks the present runs of a task in address order and feeds
// them to a matcher straight from the mmapped pages files (no copies, nothing
// buffered but a carried tail); search_dump adds the task loop, the VMA names
// and the context bytes around each match.
#include "img/memory/memory_search.h"

#include <sys/mman.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <vector>

#include "matcher.h"

namespace img {

namespace {

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22   // Linux 5.14
#endif

// The pages files are mmapped: touching them page by page costs one fault per 64 KiB
// (fault-around). Mapping a window's page tables in one call before scanning it is cheaper,
// and keeps nothing beyond the page cache. Older kernels refuse it (EINVAL): then faults it is.
void populate(Bytes window) {
    static std::atomic<bool> supported{true};
    if (!supported.load(std::memory_order_relaxed) || window.size() < (1u << 20)) return;
    auto lo = reinterpret_cast<uintptr_t>(window.data()) & ~uintptr_t{4095};
    auto hi = reinterpret_cast<uintptr_t>(window.data()) + window.size();
    if (::madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_POPULATE_READ) != 0 && errno == EINVAL)
        supported.store(false, std::memory_order_relaxed);
}

}  // namespace

StreamSearch::StreamSearch(const SearchPattern& pattern, OnMatch on_match)
    : m_(memory::make_matcher(pattern)), on_match_(std::move(on_match)) {
    emit_ = [this](uint64_t a, uint64_t l) { ++count_; return on_match_(a, l); };
}

StreamSearch::~StreamSearch() = default;

Expected<bool> StreamSearch::feed(uint64_t addr, Bytes data) {
    if (data.empty()) return true;
    bool continues = have_prev_ && addr == prev_end_;
    prev_end_ = addr + data.size();
    have_prev_ = true;
    return m_->feed(addr, reinterpret_cast<const unsigned char*>(data.data()), data.size(), continues, emit_);
}

Expected<bool> StreamSearch::skip(uint64_t from, uint64_t to) {
    if (!have_prev_ || prev_end_ != from) return true;   // a gap ends the stream anyway
    prev_end_ = to;
    return m_->gap(emit_);
}

Expected<bool> StreamSearch::finish() {
    have_prev_ = false;
    return m_->finish(emit_);
}

Expected<uint64_t> search_memory(const ProcessMemory& mem, const SearchPattern& pattern,
                                 const std::function<bool(uint64_t, uint64_t)>& on_match, const ProgressFn& progress) {
    constexpr uint64_t kProgressStep = 16u << 20;
    StreamSearch search(pattern, on_match);
    const uint64_t total = progress ? mem.present_bytes() : 0;
    uint64_t done = 0, reported = 0;
    bool stopped = false;
    std::optional<Error> err;
    auto advance = [&](uint64_t n) {
        done += n;
        if (progress && done - reported >= kProgressStep) { progress(done, total); reported = done; }
    };
    ProcessMemory::Scan scan;
    scan.hole_margin = pattern.hole_margin();
    scan.on_skip = [&](uint64_t from, uint64_t to) {
        if (err || stopped) return;
        auto r = search.skip(from, to);
        if (!r) err = std::move(r).error();
        else if (!*r) stopped = true;
        advance(to - from);
    };
    auto walked = mem.for_each_present([&](uint64_t addr, Bytes data, const ProcessMemory::Region&) {
        if (err || stopped) return false;
        populate(data);   // page tables filled ahead of the scan
        auto r = search.feed(addr, data);
        if (!r) { err = std::move(r).error(); return false; }
        if (!*r) { stopped = true; return false; }
        advance(data.size());
        return true;
    }, scan);
    if (!walked && !err) err = std::move(walked).error();
    if (err) return std::move(*err);
    if (!stopped) {
        auto r = search.finish();
        if (!r) return std::move(r).error();
    }
    if (progress) progress(done, total);
    return search.matches();
}

std::string describe_vma(Checkpoint& dump, const cimg::VmaEntry& v) {
    const uint32_t st = v.status();
    // CRIU sets VMA_AREA_STACK only in some versions; the main stack always grows down.
    constexpr uint32_t kMapGrowsdown = 0x0100;
    if ((st & kVmaStack) || (v.flags() & kMapGrowsdown)) return "[stack]";
    if (st & kVmaHeap) return "[heap]";
    if (st & kVmaVdso) return "[vdso]";
    if (st & kVmaVvar) return "[vvar]";
    if (st & kVmaVsyscall) return "[vsyscall]";
    if (st & kVmaSysvipc) return fmt::format("[sysvipc shmid {}]", v.shmid());
    if (st & kVmaAioring) return "[aio]";
    if (st & (kVmaFilePrivate | kVmaFileShared | kVmaMemfd)) {
        auto files = dump.files();
        const cimg::FileEntry* f = files ? (*files)->find(static_cast<uint32_t>(v.shmid())) : nullptr;
        if (f && f->has_memfd()) {
            if (auto inodes = dump.memfd_inodes(); inodes && *inodes)
                for (const auto& ino : **inodes)
                    if (ino.inode_id() == f->memfd().inode_id()) {
                        std::string n = escape_bytes(ino.name());
                        return n.starts_with("memfd:") ? n : "memfd:" + n;
                    }
        }
        if (f) return (*files)->describe(*f);
        return fmt::format("file id {}", v.shmid());
    }
    if (st & kVmaAnonShared) return fmt::format("[shmem shmid {}]", v.shmid());
    return "anon";
}

std::string escape_bytes(std::string_view b) {
    std::string out;
    out.reserve(b.size());
    for (unsigned char c : b) {
        switch (c) {
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\\': out += "\\\\"; break;
        default:
            if (c >= 0x20 && c < 0x7f) out.push_back(static_cast<char>(c));
            else out += fmt::format("\\x{:02x}", c);
        }
    }
    return out;
}

namespace {

// The bytes of [lo, hi) the dump holds next to the match: `from_end` keeps the present
// bytes that end at hi (context before a match), otherwise those that start at lo.
Expected<std::string> present_context(const ProcessMemory& mem, uint64_t lo, uint64_t hi, bool from_end) {
    std::string buf(hi - lo, '\0');
    std::vector<AddressSpan> absent;
    auto r = mem.read(lo, buf.size(), reinterpret_cast<std::byte*>(buf.data()), absent);
    if (!r) return std::move(r).error();
    if (absent.empty()) return buf;
    if (from_end) return buf.substr(absent.back().end - lo);
    return buf.substr(0, absent.front().start - lo);
}

constexpr uint64_t kMaxShown = 64 * 1024;   // the most bytes of one match a SearchMatch holds

// The tasks a search covers: every task of the dump, or opt.pid (an Error when it is not one).
Expected<std::vector<uint32_t>> searched_pids(Checkpoint& dump, const SearchOptions& opt) {
    auto tree = dump.pstree();
    if (!tree) return std::move(tree).error();
    std::vector<uint32_t> pids;
    if (*tree)
        for (const auto& t : **tree) pids.push_back(t.pid());
    if (!opt.pid) return pids;
    if (std::find(pids.begin(), pids.end(), *opt.pid) == pids.end()) {
        Error e; e.file = dump.label();
        e.what = fmt::format("no task {} in the dump (tasks: {})", *opt.pid, fmt::join(pids, ", "));
        return e;
    }
    return std::vector<uint32_t>{*opt.pid};
}

// The match at [a, a+l) of task pid: where it is, its bytes and their context.
Expected<SearchMatch> make_match(Checkpoint& dump, const ProcessMemory& mem, uint32_t pid, uint64_t a, uint64_t l,
                                 uint64_t context) {
    SearchMatch m;
    m.pid = pid;
    m.addr = a;
    m.length = l;
    if (const auto* reg = mem.region_at(a)) {
        m.vma_start = reg->vma ? reg->vma->start() : reg->start;
        m.vma_end = reg->vma ? reg->vma->end() : reg->end;
        if (reg->vma) m.vma = describe_vma(dump, *reg->vma);
    }
    auto shown = present_context(mem, a, a + std::min(l, kMaxShown), false);
    if (!shown) return std::move(shown).error();
    m.bytes = std::move(*shown);
    if (!context) return m;
    auto before = present_context(mem, a >= context ? a - context : 0, a, true);
    uint64_t end = a + l, after_end = end + std::min(context, UINT64_MAX - end);
    auto after = present_context(mem, end, after_end, false);
    if (!before) return std::move(before).error();
    if (!after) return std::move(after).error();
    m.before = std::move(*before);
    m.after = std::move(*after);
    return m;
}

}  // namespace

Expected<uint64_t> search_dump(Checkpoint& dump, const SearchPattern& pattern, const SearchOptions& opt,
                               const std::function<bool(const SearchMatch&)>& on_match) {
    if (opt.context > kMaxSearchContext) {
        Error e; e.what = fmt::format("{} bytes of context asked for; at most {} are shown", opt.context, kMaxSearchContext);
        return e;
    }
    auto pids = searched_pids(dump, opt);
    if (!pids) return std::move(pids).error();
    std::vector<std::pair<uint32_t, ProcessMemory>> mems;
    uint64_t total = 0;
    for (uint32_t pid : *pids) {
        auto m = ProcessMemory::open(dump, pid);
        if (!m) return std::move(m).error();
        if (!m->missing().empty() && opt.note) opt.note(m->missing());
        if (opt.progress) total += m->present_bytes();
        mems.emplace_back(pid, std::move(*m));
    }

    uint64_t count = 0, base = 0;
    bool stop = false;
    std::optional<Error> err;
    for (auto& entry : mems) {
        const auto pid = entry.first;   // not a structured binding: clang 14 cannot capture those
        auto& mem = entry.second;
        ProgressFn progress;
        if (opt.progress) progress = [&, b = base](uint64_t done, uint64_t) { opt.progress(b + done, total); };
        uint64_t scanned = 0;
        ProgressFn track = [&](uint64_t done, uint64_t t) { scanned = done; if (progress) progress(done, t); };
        auto r = search_memory(mem, pattern, [&](uint64_t a, uint64_t l) {
            auto m = make_match(dump, mem, pid, a, l, opt.context);
            if (!m) { err = std::move(m).error(); return false; }
            ++count;
            if (!on_match(*m) || (opt.max_matches && count >= opt.max_matches)) { stop = true; return false; }
            return true;
        }, opt.progress ? track : ProgressFn{});
        if (err) return std::move(*err);
        if (!r) return std::move(r).error().in_file(dump.label());
        if (stop) break;
        base += scanned;
    }
    return count;
}

}  // namespace img
