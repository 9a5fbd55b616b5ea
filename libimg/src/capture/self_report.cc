#include "self_report.h"

#include <cstring>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include <fmt/format.h>

#include "syscall_injection.h"

namespace img {
namespace {

// Runs one call that must succeed; its return value.
Expected<long> must(SyscallInjector& inj, const char* what, long nr, uint64_t a1 = 0, uint64_t a2 = 0,
                    uint64_t a3 = 0, uint64_t a4 = 0) {
    auto r = inj.call(nr, a1, a2, a3, a4);
    if (!r) return r;
    if (*r < 0 && *r > -4096) return make_error(fmt::format("{} in the task failed: {}", what, std::strerror(int(-*r))));
    return r;
}

template <class T>
Expected<T> scratch_value(SyscallInjector& inj, size_t off = 0) {
    auto b = inj.read_scratch(off + sizeof(T));
    if (!b) return b.error();
    T v{};
    std::memcpy(&v, b->data() + off, sizeof(T));
    return v;
}

// prctl(option, &value) with the answer in the scratch area.
template <class T>
Expected<T> prctl_out(SyscallInjector& inj, const char* what, int option) {
    if (auto r = must(inj, what, SYS_prctl, uint64_t(option), inj.scratch()); !r) return r.error();
    return scratch_value<T>(inj);
}

Expected<void> ask_sigactions(SyscallInjector& inj, ProcessSelfReport& out) {
    for (int sig = 1; sig <= 64; ++sig) {
        if (auto r = must(inj, "rt_sigaction", SYS_rt_sigaction, uint64_t(sig), 0, inj.scratch(), 8); !r) return r.error();
        auto sa = scratch_value<SigactionState>(inj);
        if (!sa) return sa.error();
        out.sigactions[size_t(sig - 1)] = *sa;
    }
    return {};
}

}  // namespace

Expected<ProcessSelfReport> ask_process(SyscallInjector& inj) {
    ProcessSelfReport out;
    if (auto r = ask_sigactions(inj, out); !r) return r.error();
    for (int which = 0; which < 3; ++which) {
        if (auto r = must(inj, "getitimer", SYS_getitimer, uint64_t(which), inj.scratch()); !r) return r.error();
        auto t = scratch_value<ItimerState>(inj);
        if (!t) return t.error();
        out.itimers[size_t(which)] = *t;
    }
    auto brk = must(inj, "brk", SYS_brk, 0);
    if (!brk) return brk.error();
    out.brk = uint64_t(*brk);
    auto dumpable = must(inj, "prctl(PR_GET_DUMPABLE)", SYS_prctl, PR_GET_DUMPABLE);
    if (!dumpable) return dumpable.error();
    out.dumpable = int32_t(*dumpable);
    auto thp = must(inj, "prctl(PR_GET_THP_DISABLE)", SYS_prctl, PR_GET_THP_DISABLE);
    if (!thp) return thp.error();
    out.thp_disabled = *thp != 0;
    auto reaper = prctl_out<int32_t>(inj, "prctl(PR_GET_CHILD_SUBREAPER)", PR_GET_CHILD_SUBREAPER);
    if (!reaper) return reaper.error();
    out.child_subreaper = *reaper != 0;
    return out;
}

Expected<ThreadSelfReport> ask_thread(SyscallInjector& inj) {
    ThreadSelfReport out;
    auto tid_addr = prctl_out<uint64_t>(inj, "prctl(PR_GET_TID_ADDRESS)", PR_GET_TID_ADDRESS);
    if (!tid_addr) return tid_addr.error();
    out.clear_tid_addr = *tid_addr;
    if (auto r = must(inj, "sigaltstack", SYS_sigaltstack, 0, inj.scratch()); !r) return r.error();
    auto b = inj.read_scratch(24);   // stack_t: ss_sp, ss_flags (int, padded), ss_size
    if (!b) return b.error();
    std::memcpy(&out.sas_sp, b->data(), 8);
    std::memcpy(&out.sas_flags, b->data() + 8, 4);
    std::memcpy(&out.sas_size, b->data() + 16, 8);
    auto pdeath = prctl_out<int32_t>(inj, "prctl(PR_GET_PDEATHSIG)", PR_GET_PDEATHSIG);
    if (!pdeath) return pdeath.error();
    out.pdeath_sig = uint32_t(*pdeath);
    auto sec = must(inj, "prctl(PR_GET_SECUREBITS)", SYS_prctl, PR_GET_SECUREBITS);
    if (!sec) return sec.error();
    out.securebits = uint32_t(*sec);
    return out;
}

}  // namespace img
