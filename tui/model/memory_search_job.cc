#include "model/memory_search_job.h"

#include <algorithm>

namespace img::tui {

namespace {
constexpr uint64_t kBlock = 256 * 1024;   // bytes read at a time
}

MemorySearchJob::MemorySearchJob(const ProcessMemory& mem, const SearchPattern& pattern, uint64_t from, bool forward)
    : mem_(mem), from_(from), forward_(forward) {
    search_ = std::make_unique<StreamSearch>(pattern, [this](uint64_t a, uint64_t l) { return on_match(a, l); });
    // Backward: every match that starts before `from`, so the bytes up to from + length - 1.
    uint64_t limit = forward ? UINT64_MAX : from + pattern.text().size() - 1;
    for (const auto& r : mem.regions()) {
        if (!r.reader) continue;   // the dump holds nothing of it
        uint64_t lo = forward ? std::max(r.start, from) : r.start;
        uint64_t hi = std::min(r.end, limit);
        if (lo < hi) {
            spans_.push_back({lo, hi});
            total_ += hi - lo;
        }
    }
    if (!spans_.empty()) at_ = spans_[0].lo;
    else done_ = true;
}

bool MemorySearchJob::on_match(uint64_t addr, uint64_t len) {
    if (forward_) {
        match_ = MemoryMatch{addr, len};
        return false;
    }
    if (addr >= from_) return false;
    match_ = MemoryMatch{addr, len};   // the last one before `from` wins
    return true;
}

// Feeds [at, at+n) to the search, the present bytes only: a gap ends a stream, so no match
// takes in bytes the dump lacks.
Expected<void> MemorySearchJob::feed_block(uint64_t at, uint64_t n) {
    buf_.resize(n);
    absent_.clear();
    if (auto r = mem_.read(at, n, buf_.data(), absent_); !r) return r;
    uint64_t pos = at;
    auto feed = [&](uint64_t s, uint64_t e) -> Expected<bool> {
        if (s >= e) return true;
        return search_->feed(s, Bytes(buf_.data() + (s - at), e - s));
    };
    for (const auto& gap : absent_) {
        auto go = feed(pos, gap.start);
        if (!go) return std::move(go.error());
        if (!*go) return {};
        pos = gap.end;
    }
    auto go = feed(pos, at + n);
    if (!go) return std::move(go.error());
    return {};
}

Expected<bool> MemorySearchJob::step(uint64_t budget) {
    for (uint64_t spent = 0; !done_ && spent < budget;) {
        const Span& s = spans_[span_];
        uint64_t n = std::min(kBlock, s.hi - at_);
        if (auto r = feed_block(at_, n); !r) return std::move(r.error());
        at_ += n;
        spent += n;
        scanned_ += n;
        if (forward_ && match_) done_ = true;
        if (forward_) mem_.release_before(at_);
        if (at_ >= s.hi && ++span_ < spans_.size()) at_ = spans_[span_].lo;
        if (span_ >= spans_.size() && !done_) {
            auto fin = search_->finish();
            if (!fin) return std::move(fin.error());
            done_ = true;
        }
    }
    return done_;
}

}  // namespace img::tui
