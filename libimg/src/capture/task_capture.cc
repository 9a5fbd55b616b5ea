#include "task_capture.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>

#include <fmt/format.h>

#include "file_collector.h"
#include "frozen_tasks.h"
#include "self_report.h"
#include "syscall_injection.h"
#include "thread_state.h"

namespace img {
namespace {

struct NsKind { const char* name; uint32_t id; };
// The ids CRIU 4.2 gives the namespaces it shares with the tasks it dumps.
constexpr NsKind kNamespaces[] = {{"pid", 1}, {"net", 2}, {"ipc", 3}, {"uts", 4},
                                  {"time", 5}, {"mnt", 6}, {"user", 7}, {"cgroup", 8}};

Expected<void> fill_mm(CapturedProcess& p, const std::vector<VmaPlan>& plans, const ProcessSelfReport& self,
                       FileCollector& files) {
    auto& mm = p.mm;
    const auto& s = p.stat;
    mm.set_mm_start_code(s.start_code); mm.set_mm_end_code(s.end_code);
    mm.set_mm_start_data(s.start_data); mm.set_mm_end_data(s.end_data);
    mm.set_mm_start_stack(s.start_stack); mm.set_mm_start_brk(s.start_brk); mm.set_mm_brk(self.brk);
    mm.set_mm_arg_start(s.arg_start); mm.set_mm_arg_end(s.arg_end);
    mm.set_mm_env_start(s.env_start); mm.set_mm_env_end(s.env_end);
    auto exe = files.add_file(p.pid, "exe");
    if (!exe) return exe.error();
    mm.set_exe_file_id(*exe);
    auto auxv = read_proc_text(proc_path(p.pid, "auxv"));
    if (!auxv) return auxv.error();
    // Type/value pairs up to, not including, the AT_NULL that ends them (as CRIU keeps them).
    for (size_t i = 0; i + 16 <= auxv->size(); i += 16) {
        uint64_t kv[2];
        std::memcpy(kv, auxv->data() + i, 16);
        if (kv[0] == 0) break;
        mm.add_mm_saved_auxv(kv[0]);
        mm.add_mm_saved_auxv(kv[1]);
    }
    for (const auto& plan : plans) {
        auto* v = mm.add_vmas();
        v->set_start(plan.area.start); v->set_end(plan.area.end);
        v->set_pgoff(plan.file_backed ? plan.area.pgoff : 0);
        v->set_shmid(0); v->set_prot(plan.prot); v->set_flags(plan.flags); v->set_status(plan.status); v->set_fd(-1);
        if (plan.madv) v->set_madv(plan.madv);
        if (!plan.file_backed) continue;
        auto id = files.add_mapping(p.pid, plan);
        if (!id) return id.error();
        v->set_shmid(*id);
        v->set_fdflags(plan.writable_shared ? O_RDWR : O_RDONLY);
    }
    mm.set_dumpable(self.dumpable);
    mm.set_thp_disabled(self.thp_disabled);
    return {};
}

// The per-process and per-thread answers only the task can give, through injected calls.
Expected<void> ask_task(const FrozenTasks& frozen, CapturedProcess& p, const std::vector<MappedArea>& areas,
                        ProcessSelfReport& proc, std::vector<ThreadSelfReport>& threads) {
    for (const auto* t : frozen.threads_of(p.pid)) {
        auto inj = SyscallInjector::start(t->tid, t->regs.gp, areas);
        if (!inj) return inj.error();
        if (t->tid == p.pid) {
            auto r = ask_process(*inj);
            if (!r) return r.error();
            proc = *r;
            auto timers = ask_posix_timers(p.pid, *inj);
            if (!timers) return timers.error();
            proc.posix_timers = std::move(*timers);
        }
        auto r = ask_thread(*inj);
        if (!r) return r.error();
        threads.push_back(*r);
        if (auto f = inj->finish(); !f) return f;
    }
    return {};
}

Expected<void> fill_cores(const FrozenTasks& frozen, CapturedProcess& p, const ProcessSelfReport& proc,
                          const std::vector<ThreadSelfReport>& self) {
    auto threads = frozen.threads_of(p.pid);
    for (size_t i = 0; i < threads.size(); ++i) {
        const auto* t = threads[i];
        auto core = std::make_unique<cimg::CoreEntry>();
        core->set_mtype(1);   // X86_64
        fill_thread_info(t->regs, *core->mutable_thread_info());
        core->mutable_thread_info()->set_clear_tid_addr(self[i].clear_tid_addr);
        bool leader = t->tid == p.pid;
        if (auto r = fill_thread_core(t->tid, self[i], leader, *core->mutable_thread_core()); !r) return r;
        if (leader)
            if (auto r = fill_task_core(p.pid, proc, *core->mutable_tc()); !r) return r;
        p.tids.push_back(t->tid);
        p.cores.push_back(std::move(core));
    }
    return {};
}

}  // namespace

uint64_t CapturedProcess::pages() const {
    uint64_t n = 0;
    for (const auto& r : runs) n += r.nr_pages;
    return n;
}

Expected<void> check_same_namespaces(pid_t pid) {
    for (const auto& ns : kNamespaces) {
        struct stat mine{}, theirs{};
        std::string own = fmt::format("/proc/self/ns/{}", ns.name), task = proc_path(pid, fmt::format("ns/{}", ns.name));
        if (::stat(own.c_str(), &mine) != 0) continue;   // a namespace this kernel lacks
        if (::stat(task.c_str(), &theirs) != 0) return make_error(fmt::format("cannot stat: {}", std::strerror(errno))).in_file(task);
        if (mine.st_ino != theirs.st_ino)
            return make_error(fmt::format("task {}: is in another {} namespace than img-dump (namespaces are not supported)", pid, ns.name));
    }
    return {};
}

void fill_namespace_ids(cimg::TaskKobjIdsEntry& ids) {
    ids.set_pid_ns_id(1); ids.set_net_ns_id(2); ids.set_ipc_ns_id(3); ids.set_uts_ns_id(4);
    ids.set_time_ns_id(5); ids.set_mnt_ns_id(6); ids.set_user_ns_id(7); ids.set_cgroup_ns_id(8);
}

Expected<CapturedProcess> capture_process(const FrozenTasks& frozen, pid_t pid, FileCollector& files, uint32_t object_id) {
    CapturedProcess p;
    p.pid = pid;
    auto stat_text = read_proc_text(proc_path(pid, "stat"));
    if (!stat_text) return stat_text.error();
    auto stat = parse_proc_stat(*stat_text);
    if (!stat) return stat.error().in_file(proc_path(pid, "stat"));
    p.stat = *stat;
    auto maps_text = read_proc_text(proc_path(pid, "smaps"));
    if (!maps_text) return maps_text.error();
    auto areas = parse_proc_maps(*maps_text);
    if (!areas) return areas.error().in_file(proc_path(pid, "smaps"));
    auto plans = plan_vmas(*areas, pid);
    if (!plans) return plans.error();
    ProcessSelfReport proc;
    std::vector<ThreadSelfReport> self;
    if (auto r = ask_task(frozen, p, *areas, proc, self); !r) return r.error();
    if (auto r = fill_cores(frozen, p, proc, self); !r) return r.error();
    if (auto r = fill_mm(p, *plans, proc, files); !r) return r.error();
    auto fds = files.add_descriptors(pid);
    if (!fds) return fds.error();
    p.fds = std::move(*fds);
    auto cwd = files.add_file(pid, "cwd"), root = files.add_file(pid, "root");
    if (!cwd) return cwd.error();
    if (!root) return root.error();
    p.fs.set_cwd_id(*cwd); p.fs.set_root_id(*root);
    if (auto st = read_proc_text(proc_path(pid, "status")); st)
        if (auto s = parse_proc_status(*st); s) p.fs.set_umask(s->umask);
    auto runs = find_page_runs(pid, *plans);
    if (!runs) return runs.error();
    p.runs = std::move(*runs);
    p.ids.set_vm_id(object_id); p.ids.set_files_id(object_id); p.ids.set_fs_id(object_id); p.ids.set_sighand_id(object_id);
    fill_namespace_ids(p.ids);
    return p;
}

}  // namespace img
