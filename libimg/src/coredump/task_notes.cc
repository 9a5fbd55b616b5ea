#include "img/coredump/task_notes.h"

#include <algorithm>

#include <fmt/format.h>

#include "img/coredump/x86_thread_state.h"
#include "le_bytes.h"

namespace img {

namespace {

using coredump_detail::LeBytes;

constexpr uint32_t kTaskStopped = 3, kTaskDead = 2;
constexpr size_t kPsargsSize = 80;

// An image the core needs is not in the dump: the error names it as the dump shows it.
Error missing(Checkpoint& dump, const std::string& image, std::string what) {
    Error e = make_error(std::move(what));
    e.file = dump.source().shown_path(image);
    return e;
}

std::vector<uint32_t> ordered_threads(const cimg::PstreeEntry& task) {
    std::vector<uint32_t> t{task.pid()};
    for (uint32_t tid : task.threads())
        if (tid != task.pid()) t.push_back(tid);
    return t;
}

// The command line as ps shows it: arg_start..arg_end from the dumped stack, NULs as spaces,
// at most 79 bytes. Empty when the dump does not hold those bytes: never guessed.
std::string psargs(const ProcessMemory& mem, const cimg::MmEntry& mm) {
    if (mm.mm_arg_end() <= mm.mm_arg_start()) return {};
    size_t len = static_cast<size_t>(std::min<uint64_t>(mm.mm_arg_end() - mm.mm_arg_start(), kPsargsSize - 1));
    std::string s(len, '\0');
    std::vector<AddressSpan> absent;
    if (!mem.read(mm.mm_arg_start(), len, reinterpret_cast<std::byte*>(s.data()), absent) || !absent.empty()) return {};
    while (!s.empty() && s.back() == '\0') s.pop_back();
    std::replace(s.begin(), s.end(), '\0', ' ');
    return s;
}

std::string prpsinfo_note(const cimg::TaskCoreEntry& tc, const cimg::CredsEntry* creds, const cimg::PstreeEntry& task,
                          const std::string& args) {
    // pr_state and pr_sname as Linux derives them: 0 R, 3 T (stopped), 4 Z (dead).
    uint8_t state = tc.task_state() == kTaskStopped ? 3 : tc.task_state() == kTaskDead ? 4 : 0;
    LeBytes b;
    b.u8(state);
    b.u8(static_cast<uint8_t>("RSDTZW"[state]));
    b.u8(state == 4);
    b.u8(0);                       // pr_nice: not in the image's task core
    b.zeros(4);
    b.u64(tc.flags());
    b.u32(creds ? creds->uid() : 0);
    b.u32(creds ? creds->gid() : 0);
    for (uint32_t v : {task.pid(), task.ppid(), task.pgid(), task.sid()}) b.u32(v);
    b.fixed(tc.comm(), 16);
    b.fixed(args, kPsargsSize);
    return b.take();
}

// mm's saved auxv pairs up to and with AT_NULL (added when the image stops before one).
std::string auxv_note(const cimg::MmEntry& mm) {
    LeBytes b;
    const auto& a = mm.mm_saved_auxv();
    for (int i = 0; i + 1 < a.size(); i += 2) {
        if (a[i] == 0) break;
        b.u64(a[i]);
        b.u64(a[i + 1]);
    }
    b.u64(0);
    b.u64(0);
    return b.take();
}

// The name the kernel shows for a file-backed VMA: the recorded path (under root), or
// "/memfd:NAME (deleted)"; empty for anything else.
std::string mapped_name(Checkpoint& dump, const FileTable& files, uint32_t id, const std::string& root) {
    std::string path = files.path_of(id);
    if (!path.empty()) return root.empty() || root == "/" ? path : (root.back() == '/' ? root.substr(0, root.size() - 1) : root) + path;
    const cimg::FileEntry* f = files.find(id);
    auto inodes = dump.memfd_inodes();
    if (!f || !f->has_memfd() || !inodes || !*inodes) return {};
    for (const auto& ino : **inodes)
        if (ino.inode_id() == f->memfd().inode_id()) return "/memfd:" + ino.name() + " (deleted)";
    return {};
}

Expected<std::string> file_note(Checkpoint& dump, const cimg::MmEntry& mm, const std::string& root, size_t& count) {
    LeBytes ranges, names;
    count = 0;
    const FileTable* files = nullptr;   // read at the first file-backed VMA
    for (const auto& v : mm.vmas()) {
        if (!(v.status() & (kVmaFilePrivate | kVmaFileShared)) || (v.status() & kVmaSysvipc)) continue;
        if (!files) {
            auto f = dump.files();
            if (!f) return std::move(f).error();
            files = *f;
        }
        std::string name = mapped_name(dump, *files, static_cast<uint32_t>(v.shmid()), root);
        if (name.empty()) continue;
        ranges.u64(v.start());
        ranges.u64(v.end());
        ranges.u64(v.pgoff() / kPageSize);
        names.text(name);
        names.u8(0);
        ++count;
    }
    LeBytes b;
    b.u64(count);
    b.u64(kPageSize);
    return b.str() + ranges.str() + names.str();
}

// NT_PRSTATUS, NT_FPREGSET and NT_X86_XSTATE of one thread.
Expected<void> add_thread(Checkpoint& dump, const cimg::PstreeEntry& task, uint32_t tid, TaskNotes& out,
                          const std::function<void()>& after_prstatus) {
    auto core = dump.core(tid);
    if (!core) return std::move(core).error();
    if (!*core) return missing(dump, fmt::format("core-{}.img", tid), fmt::format("missing: thread {} has no registers", tid));
    auto ti = x86_thread_info(**core, tid);
    if (!ti) return std::move(ti).error();
    ThreadStatus st{tid, task.ppid(), task.pgid(), task.sid(), out.signal, 0};
    const auto& c = **core;
    st.sighold = c.has_thread_core() && c.thread_core().has_blk_sigset() ? c.thread_core().blk_sigset()
                                                                         : c.has_tc() ? c.tc().blk_sigset() : 0;
    out.notes.add("CORE", kNtPrstatus, prstatus_note((*ti)->gpregs(), st));
    after_prstatus();
    out.notes.add("CORE", kNtFpregset, fpregset_note((*ti)->fpregs()));
    std::string xstate = xstate_note((*ti)->fpregs());
    out.xstate_size = xstate.size();
    if (!xstate.empty()) out.notes.add("LINUX", kNtX86Xstate, xstate);
    return {};
}

// NT_PRPSINFO, NT_SIGINFO, NT_AUXV and NT_FILE: the leader's notes after its NT_PRSTATUS.
Expected<void> add_process_notes(Checkpoint& dump, const cimg::PstreeEntry& task, const cimg::CoreEntry& leader,
                                 const ProcessMemory& mem, const std::string& root, TaskNotes& out) {
    auto mm = dump.mm(task.pid());
    if (!mm) return std::move(mm).error();
    if (!*mm) return missing(dump, fmt::format("mm-{}.img", task.pid()), fmt::format("missing: task {} has no memory map", task.pid()));
    out.args = psargs(mem, **mm);
    const cimg::CredsEntry* creds = leader.has_thread_core() && leader.thread_core().has_creds() ? &leader.thread_core().creds() : nullptr;
    out.notes.add("CORE", kNtPrpsinfo, prpsinfo_note(leader.tc(), creds, task, out.args));
    if (out.signal) {
        LeBytes si;   // the dump records the number only: si_code and the rest stay zero
        si.i32(static_cast<int32_t>(out.signal));
        si.pad_to(128);
        out.notes.add("CORE", kNtSiginfo, si.str());
    }
    out.notes.add("CORE", kNtAuxv, auxv_note(**mm));
    auto files = file_note(dump, **mm, root, out.file_mappings);
    if (!files) return std::move(files).error();
    out.notes.add("CORE", kNtFile, *files);
    return {};
}

}  // namespace

Expected<TaskNotes> task_notes(Checkpoint& dump, const cimg::PstreeEntry& task, const ProcessMemory& mem,
                               const std::string& root) {
    TaskNotes out;
    out.threads = ordered_threads(task);
    auto leader = dump.core(task.pid());
    if (!leader) return std::move(leader).error();
    if (!*leader || !(*leader)->has_tc())
        return missing(dump, fmt::format("core-{}.img", task.pid()),
                       fmt::format("missing, or without a task core: task {} has no state to write", task.pid()));
    const auto& tc = (*leader)->tc();
    if (tc.task_state() == kTaskStopped && tc.has_stop_signo()) out.signal = tc.stop_signo();
    std::optional<Error> err;
    for (size_t i = 0; i < out.threads.size(); ++i) {
        auto after = [&] {
            if (i == 0)
                if (auto ok = add_process_notes(dump, task, **leader, mem, root, out); !ok) err = std::move(ok).error();
        };
        auto ok = add_thread(dump, task, out.threads[i], out, after);
        if (!ok) return std::move(ok).error();
        if (err) return std::move(*err);
    }
    return out;
}

}  // namespace img
