// The two matchers behind SearchPattern: literal bytes (LiteralFinder, with
// the last needle-1 bytes carried across a chunk boundary) and PCRE2 regular
// expressions (partial matching at a chunk's end decides what to carry).
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "img/memory/memory_search.h"
#include "literal_finder.h"
#include "matcher.h"

namespace img {

namespace {

std::string pcre2_message(int rc) {
    PCRE2_UCHAR buf[256];
    if (pcre2_get_error_message(rc, buf, sizeof buf) < 0) return fmt::format("PCRE2 error {}", rc);
    return reinterpret_cast<const char*>(buf);
}

class LiteralMatcher final : public memory::Matcher {
public:
    explicit LiteralMatcher(std::string needle) : finder_(std::move(needle)) {}

    Expected<bool> feed(uint64_t addr, const unsigned char* d, size_t len, bool continues, const Emit& emit) override {
        const size_t n = finder_.size();
        if (!continues) carry_.clear();
        // Matches that start in the carried tail of the previous chunks and end in this one.
        if (!carry_.empty()) {
            buf_.assign(carry_);
            buf_.append(reinterpret_cast<const char*>(d), std::min(n - 1, len));
            auto* b = reinterpret_cast<const unsigned char*>(buf_.data());
            size_t start = resume_ > carry_addr_ ? resume_ - carry_addr_ : 0;
            while (start < carry_.size()) {
                const unsigned char* m = finder_.find(b + start, b + buf_.size());
                if (!m || static_cast<size_t>(m - b) >= carry_.size()) break;
                uint64_t a = carry_addr_ + (m - b);
                if (!emit(a, n)) return false;
                resume_ = a + n;
                start = (m - b) + n;
            }
        }
        for (size_t off = resume_ > addr ? resume_ - addr : 0; off < len;) {
            const unsigned char* m = finder_.find(d + off, d + len);
            if (!m) break;
            uint64_t a = addr + (m - d);
            if (!emit(a, n)) return false;
            resume_ = a + n;
            off = (m - d) + n;
        }
        if (n > 1) {
            if (len >= n - 1) {
                carry_.assign(reinterpret_cast<const char*>(d + len - (n - 1)), n - 1);
                carry_addr_ = addr + len - (n - 1);
            } else {   // a chunk shorter than the needle: keep the tail of carry + chunk
                if (carry_.empty()) carry_addr_ = addr;
                carry_.append(reinterpret_cast<const char*>(d), len);
                if (carry_.size() > n - 1) {
                    size_t drop = carry_.size() - (n - 1);
                    carry_.erase(0, drop);
                    carry_addr_ += drop;
                }
            }
        }
        return true;
    }

    Expected<bool> finish(const Emit&) override { carry_.clear(); return true; }
    Expected<bool> gap(const Emit& emit) override { return finish(emit); }

private:
    memory::LiteralFinder finder_;
    std::string carry_;          // the last needle-1 bytes of the stream so far
    uint64_t carry_addr_ = 0;
    uint64_t resume_ = 0;        // no match may start before this (matches do not overlap)
    std::string buf_;
};

struct CodeDeleter {
    void operator()(const void* p) const { pcre2_code_free(static_cast<pcre2_code*>(const_cast<void*>(p))); }
};

class RegexMatcher final : public memory::Matcher {
public:
    explicit RegexMatcher(const pcre2_code* code)
        : code_(code), md_(pcre2_match_data_create_from_pattern(code, nullptr)) {}
    ~RegexMatcher() override { pcre2_match_data_free(md_); }

    Expected<bool> feed(uint64_t addr, const unsigned char* d, size_t len, bool continues, const Emit& emit) override {
        if (!continues) {
            auto f = finish(emit);
            if (!f || !*f) return f;
            stream_start_ = addr;
        }
        size_t p = 0;
        if (!pending_.empty()) {
            // A match may have begun in the held-back bytes: look at them joined with a growing
            // window of this chunk until the question is settled.
            size_t w = std::min(len, kWindow);
            for (;;) {
                buf_.assign(pending_);
                buf_.append(reinterpret_cast<const char*>(d), w);
                auto st = scan(ubuf(), buf_.size(), pending_addr_, start_in(pending_addr_), pending_.size(), true, p, emit);
                if (!st) return std::move(st).error();
                if (*st == St::Stop) return false;
                if (*st == St::Partial) {
                    if (w < len && buf_.size() < SearchPattern::kMaxStraddle) { w = std::min(len, w * 4); continue; }
                    if (w == len && buf_.size() - p <= SearchPattern::kMaxStraddle) {
                        pending_ = buf_.substr(p);   // the whole chunk joins the held-back bytes
                        pending_addr_ += p;
                        return true;
                    }
                    // Longer than we carry: take the complete matches the bytes at hand give.
                    st = scan(ubuf(), buf_.size(), pending_addr_, start_in(pending_addr_), pending_.size(), false, p, emit);
                    if (!st) return std::move(st).error();
                    if (*st == St::Stop) return false;
                }
                break;
            }
            pending_.clear();
        }
        size_t off = start_in(addr);
        if (off >= len) return true;
        auto st = scan(d, len, addr, off, len, true, p, emit);
        if (!st) return std::move(st).error();
        if (*st == St::Stop) return false;
        if (*st == St::Partial) {
            if (len - p <= SearchPattern::kMaxStraddle) {
                pending_.assign(reinterpret_cast<const char*>(d + p), len - p);
                pending_addr_ = addr + p;
            } else {
                st = scan(d, len, addr, p, len, false, p, emit);
                if (!st) return std::move(st).error();
                if (*st == St::Stop) return false;
            }
        }
        return true;
    }

    Expected<bool> finish(const Emit& emit) override {
        if (pending_.empty()) return true;
        size_t p = 0;
        auto st = scan(reinterpret_cast<const unsigned char*>(pending_.data()), pending_.size(), pending_addr_,
                       start_in(pending_addr_), pending_.size(), false, p, emit);
        pending_.clear();
        if (!st) return std::move(st).error();
        return *st != St::Stop;
    }

    Expected<bool> gap(const Emit& emit) override { return finish(emit); }

private:
    static constexpr size_t kWindow = 4096;
    enum class St { Done, Partial, Stop };

    const unsigned char* ubuf() const { return reinterpret_cast<const unsigned char*>(buf_.data()); }
    size_t start_in(uint64_t base) const { return resume_ > base ? resume_ - base : 0; }

    // Reports complete matches in s[0, len) (s starts at address `base`) that start in [start, limit).
    // With `partial`, a match cut off by the end of s stops the scan: St::Partial, its start in partial_at.
    Expected<St> scan(const unsigned char* s, size_t len, uint64_t base, size_t start, size_t limit, bool partial,
                      size_t& partial_at, const Emit& emit) {
        uint32_t opts = (base == stream_start_ ? 0 : PCRE2_NOTBOL) | (partial ? PCRE2_PARTIAL_HARD : 0);
        while (start < len && start < limit) {
            int rc = pcre2_match(code_, s, len, start, opts, md_, nullptr);
            if (rc == PCRE2_ERROR_NOMATCH) return St::Done;
            PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md_);
            if (rc == PCRE2_ERROR_PARTIAL) {
                if (ov[0] >= limit) return St::Done;
                partial_at = ov[0];
                return St::Partial;
            }
            if (rc < 0) return make_error(fmt::format("regular expression search failed at {:#x}: {}", base + start, pcre2_message(rc)));
            size_t ms = ov[0], me = ov[1];
            if (ms >= limit) return St::Done;
            if (me <= ms) { start = ms + 1; continue; }   // an empty match (lookarounds): not reported
            if (!emit(base + ms, me - ms)) return St::Stop;
            resume_ = base + me;
            start = me;
        }
        return St::Done;
    }

    const pcre2_code* code_;
    pcre2_match_data* md_;
    std::string pending_;          // bytes from where a partial match began to the end of the stream so far
    uint64_t pending_addr_ = 0;
    uint64_t stream_start_ = 0;    // ^ matches only here
    uint64_t resume_ = 0;          // no match may start before this
    std::string buf_;
};

}  // namespace

Expected<SearchPattern> SearchPattern::literal(std::string needle) {
    if (needle.empty()) return make_error("the search string is empty");
    SearchPattern p;
    p.text_ = std::move(needle);
    return p;
}

Expected<SearchPattern> SearchPattern::regex(const std::string& re) {
    int errcode = 0;
    PCRE2_SIZE erroff = 0;
    pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(re.data()), re.size(), PCRE2_NEVER_UTF, &errcode,
                                     &erroff, nullptr);
    if (!code) return make_error(fmt::format("bad regular expression at offset {}: {}", erroff, pcre2_message(errcode)));
    std::shared_ptr<const void> holder(code, CodeDeleter{});
    // JIT for both complete and partial matching; without JIT (an unusual build) pcre2_match interprets.
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE | PCRE2_JIT_PARTIAL_HARD);
    pcre2_match_data* md = pcre2_match_data_create_from_pattern(code, nullptr);
    int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(""), 0, 0, 0, md, nullptr);
    pcre2_match_data_free(md);
    if (rc >= 0) return make_error("the regular expression matches the empty string; it would match everywhere");
    SearchPattern p;
    p.text_ = re;
    p.regex_ = true;
    p.compiled_ = std::move(holder);
    return p;
}

std::optional<uint64_t> SearchPattern::hole_margin() const {
    if (!regex_) {
        if (text_.find_first_not_of('\0') == std::string::npos) return std::nullopt;
        return text_.size() - 1;
    }
    // A regular expression that finds anything in a megabyte of zeros needs the zeros scanned.
    const std::string zeros(size_t{1} << 20, '\0');
    const auto* code = static_cast<const pcre2_code*>(compiled_.get());
    pcre2_match_data* md = pcre2_match_data_create_from_pattern(code, nullptr);
    int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(zeros.data()), zeros.size(), 0, 0, md, nullptr);
    pcre2_match_data_free(md);
    if (rc != PCRE2_ERROR_NOMATCH) return std::nullopt;
    return kMaxStraddle;
}

namespace memory {
std::unique_ptr<Matcher> make_matcher(const SearchPattern& p) {
    if (p.regex_) return std::make_unique<RegexMatcher>(static_cast<const pcre2_code*>(p.compiled_.get()));
    return std::make_unique<LiteralMatcher>(p.text_);
}
}  // namespace memory

}  // namespace img
