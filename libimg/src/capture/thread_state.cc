#include "thread_state.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <sched.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fmt/format.h>

#include "proc_task.h"

namespace img {
namespace {

constexpr long kGetRseqConfiguration = 0x420f;   // PTRACE_GET_RSEQ_CONFIGURATION
constexpr long kPeekSiginfo = 0x4209;            // PTRACE_PEEKSIGINFO
constexpr uint32_t kPeekShared = 1;
constexpr uint32_t kTaskAlive = 1;

struct RseqConfig { uint64_t pointer; uint32_t size, signature, flags, pad; };
struct PeekArgs { uint64_t off; uint32_t flags; int32_t nr; };

void set_caps(uint64_t v, google::protobuf::RepeatedField<uint32_t>* out) {
    out->Add(uint32_t(v));
    out->Add(uint32_t(v >> 32));
}

void fill_creds(const ProcStatus& s, uint32_t securebits, cimg::CredsEntry& c) {
    c.set_uid(s.uid[0]); c.set_euid(s.uid[1]); c.set_suid(s.uid[2]); c.set_fsuid(s.uid[3]);
    c.set_gid(s.gid[0]); c.set_egid(s.gid[1]); c.set_sgid(s.gid[2]); c.set_fsgid(s.gid[3]);
    set_caps(s.cap_inh, c.mutable_cap_inh()); set_caps(s.cap_prm, c.mutable_cap_prm());
    set_caps(s.cap_eff, c.mutable_cap_eff()); set_caps(s.cap_bnd, c.mutable_cap_bnd());
    set_caps(s.cap_amb, c.mutable_cap_amb());
    c.set_secbits(securebits);
    for (uint32_t g : s.groups) c.add_groups(g);
    if (s.no_new_privs) c.set_no_new_privs(s.no_new_privs);
}

// Queued signals of a thread (shared: of its process), 128 bytes of siginfo each.
Expected<void> pending_signals(pid_t tid, bool shared, cimg::SignalQueueEntry& out) {
    for (uint64_t off = 0;; ++off) {
        PeekArgs args{off, shared ? kPeekShared : 0, 1};
        char info[128];
        long n = ::ptrace(static_cast<__ptrace_request>(kPeekSiginfo), tid, &args, info);
        if (n < 0) return make_error(fmt::format("thread {}: PTRACE_PEEKSIGINFO: {}", tid, std::strerror(errno)));
        if (n == 0) return {};
        out.add_signals()->set_siginfo(std::string(info, sizeof info));
    }
}

Expected<ProcStatus> status_of(pid_t tid) {
    std::string path = proc_path(tid, "status");
    auto t = read_proc_text(path);
    if (!t) return t.error();
    auto s = parse_proc_status(*t);
    if (!s) return s.error().in_file(path);
    return s;
}

Expected<void> fill_sched(pid_t tid, cimg::ThreadCoreEntry& out) {
    int policy = ::sched_getscheduler(tid);
    if (policy < 0) return make_error(fmt::format("thread {}: sched_getscheduler: {}", tid, std::strerror(errno)));
    errno = 0;
    int nice = ::getpriority(PRIO_PROCESS, id_t(tid));
    if (errno != 0) return make_error(fmt::format("thread {}: getpriority: {}", tid, std::strerror(errno)));
    out.set_sched_policy(uint32_t(policy & ~SCHED_RESET_ON_FORK));
    out.set_sched_nice(nice);
    if (policy == SCHED_FIFO || policy == SCHED_RR) {
        sched_param sp{};
        ::sched_getparam(tid, &sp);
        out.set_sched_prio(uint32_t(sp.sched_priority));
    }
    return {};
}

}  // namespace

Expected<void> fill_thread_core(pid_t tid, const ThreadSelfReport& self, bool leader, cimg::ThreadCoreEntry& out) {
    uint64_t head = 0;
    size_t len = 0;
    if (::syscall(SYS_get_robust_list, tid, &head, &len) != 0)
        return make_error(fmt::format("thread {}: get_robust_list: {}", tid, std::strerror(errno)));
    out.set_futex_rla(head);
    out.set_futex_rla_len(uint32_t(len));
    if (auto r = fill_sched(tid, out); !r) return r;
    uint64_t mask = 0;
    if (::ptrace(PTRACE_GETSIGMASK, tid, sizeof mask, &mask) != 0)
        return make_error(fmt::format("thread {}: PTRACE_GETSIGMASK: {}", tid, std::strerror(errno)));
    if (!leader) out.set_blk_sigset(mask);
    auto* sas = out.mutable_sas();
    sas->set_ss_sp(self.sas_sp); sas->set_ss_size(self.sas_size); sas->set_ss_flags(self.sas_flags);
    if (self.pdeath_sig) out.set_pdeath_sig(self.pdeath_sig);
    if (auto r = pending_signals(tid, false, *out.mutable_signals_p()); !r) return r;
    auto status = status_of(tid);
    if (!status) return status.error();
    if (status->seccomp == 1) return make_error(fmt::format("thread {}: seccomp strict mode is not supported by img-dump", tid));
    if (status->seccomp != 0) out.set_seccomp_mode(status->seccomp);   // filters: seccomp_filters.h, once all are seized
    fill_creds(*status, self.securebits, *out.mutable_creds());
    auto comm = read_proc_text(fmt::format("/proc/{}/comm", tid));
    if (!comm) return comm.error();
    if (!comm->empty() && comm->back() == '\n') comm->pop_back();
    out.set_comm(*comm);
    RseqConfig rseq{};
    if (::ptrace(static_cast<__ptrace_request>(kGetRseqConfiguration), tid, sizeof rseq, &rseq) > 0 && rseq.pointer) {
        auto* r = out.mutable_rseq_entry();
        r->set_rseq_abi_pointer(rseq.pointer); r->set_rseq_abi_size(rseq.size); r->set_signature(rseq.signature);
    }
    return {};
}

namespace {

// One POSIX timer into the core, with the fields CRIU 4.2 fills.
void add_posix_timer(const PosixTimerState& t, cimg::TaskTimersEntry& out) {
    auto* e = out.add_posix();
    e->set_it_id(t.id); e->set_clock_id(t.clock_id); e->set_si_signo(t.signo);
    e->set_it_sigev_notify(t.notify); e->set_sival_ptr(t.sival); e->set_overrun(t.overrun);
    e->set_isec(t.isec); e->set_insec(t.insec); e->set_vsec(t.vsec); e->set_vnsec(t.vnsec);
    if (t.notify & SIGEV_THREAD_ID) e->set_notify_thread_id(t.notify_tid);
}

}  // namespace

Expected<void> fill_task_core(pid_t pid, const ProcessSelfReport& self, cimg::TaskCoreEntry& out) {
    auto stat_text = read_proc_text(proc_path(pid, "stat"));
    if (!stat_text) return stat_text.error();
    auto stat = parse_proc_stat(*stat_text);
    if (!stat) return stat.error();
    out.set_task_state(kTaskAlive);
    out.set_exit_code(0);
    auto pers = read_proc_text(proc_path(pid, "personality"));
    out.set_personality(pers ? uint32_t(std::strtoul(pers->c_str(), nullptr, 16)) : 0);
    out.set_flags(uint32_t(stat->flags));
    uint64_t mask = 0;
    if (::ptrace(PTRACE_GETSIGMASK, pid, sizeof mask, &mask) != 0)
        return make_error(fmt::format("task {}: PTRACE_GETSIGMASK: {}", pid, std::strerror(errno)));
    out.set_blk_sigset(mask);
    auto comm = read_proc_text(proc_path(pid, "comm"));
    if (!comm) return comm.error();
    if (!comm->empty() && comm->back() == '\n') comm->pop_back();
    out.set_comm(*comm);
    auto* timers = out.mutable_timers();
    cimg::ItimerEntry* its[3] = {timers->mutable_real(), timers->mutable_virt(), timers->mutable_prof()};
    for (size_t i = 0; i < 3; ++i) {
        its[i]->set_isec(self.itimers[i].isec); its[i]->set_iusec(self.itimers[i].iusec);
        its[i]->set_vsec(self.itimers[i].vsec); its[i]->set_vusec(self.itimers[i].vusec);
    }
    for (const auto& t : self.posix_timers) add_posix_timer(t, *timers);
    for (int res = 0; res < RLIM_NLIMITS; ++res) {
        rlimit lim{};
        if (::prlimit(pid, __rlimit_resource(res), nullptr, &lim) != 0)
            return make_error(fmt::format("task {}: prlimit: {}", pid, std::strerror(errno)));
        auto* e = out.mutable_rlimits()->add_rlimits();
        e->set_cur(lim.rlim_cur); e->set_max(lim.rlim_max);
    }
    if (auto r = pending_signals(pid, true, *out.mutable_signals_s()); !r) return r;
    auto loginuid = read_proc_text(proc_path(pid, "loginuid"));
    if (loginuid) out.set_loginuid(uint32_t(std::strtoul(loginuid->c_str(), nullptr, 10)));
    auto oom = read_proc_text(proc_path(pid, "oom_score_adj"));
    if (oom) out.set_oom_score_adj(int32_t(std::strtol(oom->c_str(), nullptr, 10)));
    for (size_t i = 0; i < self.sigactions.size(); ++i) {
        if (i + 1 == SIGKILL || i + 1 == SIGSTOP) continue;   // their actions cannot change: CRIU keeps 62
        const auto& sa = self.sigactions[i];
        auto* e = out.add_sigactions();
        e->set_sigaction(sa.handler); e->set_flags(sa.flags); e->set_restorer(sa.restorer); e->set_mask(sa.mask);
        e->set_compat_sigaction(false);
    }
    out.set_child_subreaper(self.child_subreaper);
    return {};
}

}  // namespace img
