#include "seccomp_filters.h"

#include <cerrno>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <sys/ptrace.h>
#include <tuple>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include <fmt/format.h>

#include "seccomp.pb.h"

namespace img {
namespace {

constexpr int kGetFilter = 0x420c;     // PTRACE_SECCOMP_GET_FILTER
constexpr int kGetMetadata = 0x420d;   // PTRACE_SECCOMP_GET_METADATA
constexpr uint32_t kModeFilter = 2;

struct Filter {
    std::string code;   // struct sock_filter array
    uint32_t flags = 0; // SECCOMP_FILTER_FLAG_* it was installed with
    bool operator==(const Filter&) const = default;
};

// The thread's filters in the kernel's numbering: index 0 is the first one installed.
Expected<std::vector<Filter>> read_chain(pid_t tid) {
    std::vector<Filter> chain;
    for (unsigned long n = 0;; ++n) {
        long len = ::ptrace(static_cast<__ptrace_request>(kGetFilter), tid, n, nullptr);
        if (len < 0 && errno == ENOENT) return chain;
        if (len <= 0) return make_error(fmt::format("thread {}: PTRACE_SECCOMP_GET_FILTER: {}", tid, std::strerror(errno)));
        Filter f;
        f.code.resize(size_t(len) * sizeof(sock_filter));
        if (::ptrace(static_cast<__ptrace_request>(kGetFilter), tid, n, f.code.data()) != len)
            return make_error(fmt::format("thread {}: PTRACE_SECCOMP_GET_FILTER: {}", tid, std::strerror(errno)));
        struct { uint64_t filter_off, flags; } meta{n, 0};
        if (::ptrace(static_cast<__ptrace_request>(kGetMetadata), tid, sizeof meta, &meta) < 0)
            return make_error(fmt::format("thread {}: PTRACE_SECCOMP_GET_METADATA: {}", tid, std::strerror(errno)));
        f.flags = uint32_t(meta.flags);
        chain.push_back(std::move(f));
    }
}

// seccomp.img's filters, each (code, flags, predecessor) once.
class FilterTable {
public:
    explicit FilterTable(cimg::SeccompEntry& out) : out_(out) {}
    // Adds the chain newest first, each older filter's prev naming the one installed after it,
    // and answers the oldest one's index: the layout CRIU 4.2 writes for the same task (its
    // restorer installs from the thread's filter along prev).
    uint32_t add(const std::vector<Filter>& chain, uint32_t extra_flags) {
        std::optional<uint32_t> prev;
        for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
            Key key{it->code, it->flags | extra_flags, prev ? int64_t(*prev) : -1};
            auto [at, added] = index_.try_emplace(key, uint32_t(out_.seccomp_filters_size()));
            if (added) {
                auto* f = out_.add_seccomp_filters();
                f->set_filter(it->code);
                if (prev) f->set_prev(*prev);
                f->set_flags(key.flags);
            }
            prev = at->second;
        }
        return *prev;
    }

private:
    struct Key {
        std::string code;
        uint32_t flags;
        int64_t prev;
        bool operator<(const Key& o) const { return std::tie(code, flags, prev) < std::tie(o.code, o.flags, o.prev); }
    };
    cimg::SeccompEntry& out_;
    std::map<Key, uint32_t> index_;
};

}  // namespace

Expected<void> collect_seccomp_filters(std::vector<CapturedProcess>& procs, cimg::SeccompEntry& out) {
    FilterTable table(out);
    for (auto& p : procs) {
        std::vector<std::vector<Filter>> chains(p.tids.size());
        for (size_t i = 0; i < p.tids.size(); ++i) {
            if (p.cores[i]->thread_core().seccomp_mode() != kModeFilter) continue;
            auto chain = read_chain(p.tids[i]);
            if (!chain) return chain.error();
            if (chain->empty()) return make_error(fmt::format("thread {}: seccomp filter mode without a filter", p.tids[i]));
            chains[i] = std::move(*chain);
        }
        // Threads that all share one chain get it with TSYNC, as CRIU 4.2 writes it.
        bool uniform = true;
        for (const auto& c : chains) uniform = uniform && c == chains.front();
        for (size_t i = 0; i < p.tids.size(); ++i)
            if (!chains[i].empty())
                p.cores[i]->mutable_thread_core()->set_seccomp_filter(table.add(chains[i], uniform ? SECCOMP_FILTER_FLAG_TSYNC : 0));
    }
    return {};
}

}  // namespace img
