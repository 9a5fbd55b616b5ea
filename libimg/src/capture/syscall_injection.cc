#include "syscall_injection.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "proc_maps.h"
#include "seize.h"
#include "thread_regs.h"

namespace img {
namespace {

Expected<void> proc_mem_io(pid_t pid, uint64_t addr, void* buf, size_t n, bool write) {
    int fd = ::open(fmt::format("/proc/{}/mem", pid).c_str(), (write ? O_WRONLY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) return make_error(fmt::format("task {}: cannot open /proc/{}/mem: {}", pid, pid, std::strerror(errno)));
    ssize_t r = write ? ::pwrite(fd, buf, n, off_t(addr)) : ::pread(fd, buf, n, off_t(addr));
    int err = errno;
    ::close(fd);
    if (r != ssize_t(n))
        return make_error(fmt::format("task {}: cannot {} {} bytes at {:#x}: {}", pid, write ? "write" : "read", n, addr,
                                      r < 0 ? std::strerror(err) : "short transfer"));
    return {};
}

const MappedArea* area_of(const std::vector<MappedArea>& areas, uint64_t addr) {
    for (const auto& a : areas) if (addr >= a.start && addr < a.end) return &a;
    return nullptr;
}

bool is_syscall_insn(pid_t tid, uint64_t ip) {
    unsigned char b[2];
    return read_task_memory(tid, ip, b, 2) && b[0] == 0x0f && b[1] == 0x05;
}

// An executable `syscall` (0f 05): where the thread was stopped in one, else the first in the vDSO
// or in another executable mapping.
Expected<uint64_t> find_syscall_insn(pid_t tid, const user_regs_struct& r, const std::vector<MappedArea>& areas) {
    if (int64_t(r.orig_rax) >= 0 && is_syscall_insn(tid, r.rip - 2)) return r.rip - 2;
    for (int pass = 0; pass < 2; ++pass) {
        for (const auto& a : areas) {
            if (!a.exec || !a.read || (pass == 0) != (a.path == "[vdso]")) continue;
            std::string text(std::min<uint64_t>(a.end - a.start, 1 << 20), '\0');
            if (!read_task_memory(tid, a.start, text.data(), text.size())) continue;
            size_t at = text.find("\x0f\x05");
            if (at != std::string::npos) return a.start + at;
        }
    }
    return make_error(fmt::format("thread {}: no syscall instruction found in its executable memory", tid));
}

}  // namespace

Expected<void> read_task_memory(pid_t pid, uint64_t addr, void* buf, size_t n) {
    iovec local{buf, n}, remote{reinterpret_cast<void*>(addr), n};
    if (::process_vm_readv(pid, &local, 1, &remote, 1, 0) == ssize_t(n)) return {};
    return proc_mem_io(pid, addr, buf, n, false);
}

Expected<void> write_task_memory(pid_t pid, uint64_t addr, const void* buf, size_t n) {
    iovec local{const_cast<void*>(buf), n}, remote{reinterpret_cast<void*>(addr), n};
    if (::process_vm_writev(pid, &local, 1, &remote, 1, 0) == ssize_t(n)) return {};
    return proc_mem_io(pid, addr, const_cast<void*>(buf), n, true);
}

Expected<SyscallInjector> SyscallInjector::start(pid_t tid, const user_regs_struct& regs, const std::vector<MappedArea>& areas) {
    auto ip = find_syscall_insn(tid, regs, areas);
    if (!ip) return ip.error();
    // Below the 128-byte red zone, 16-byte aligned, inside the stack's own writable mapping.
    uint64_t scratch = ((regs.rsp - 128 - kScratchSize) & ~uint64_t(15));
    const MappedArea* a = area_of(areas, scratch);
    if (!a || !a->write || scratch + kScratchSize > regs.rsp)
        return make_error(fmt::format("thread {}: no writable stack below sp {:#x} for system call results", tid, regs.rsp));
    std::string saved(kScratchSize, '\0');
    if (auto r = read_task_memory(tid, scratch, saved.data(), saved.size()); !r) return r.error();
    return SyscallInjector(tid, regs, *ip, scratch, std::move(saved));
}

Expected<long> SyscallInjector::call(long nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4) {
    user_regs_struct r = regs_;
    r.rax = uint64_t(nr); r.orig_rax = uint64_t(-1);
    r.rdi = a1; r.rsi = a2; r.rdx = a3; r.r10 = a4; r.r8 = 0; r.r9 = 0;
    r.rip = syscall_ip_;
    if (auto w = write_gp_regs(tid_, r); !w) return w.error();
    for (int stop = 0; stop < 2; ++stop) {   // syscall entry, then syscall exit
        if (::ptrace(PTRACE_SYSCALL, tid_, nullptr, nullptr) != 0)
            return make_error(fmt::format("thread {}: PTRACE_SYSCALL: {}", tid_, std::strerror(errno)));
        auto st = wait_stop(tid_);
        if (!st) return st.error();
        if (!WIFSTOPPED(*st) || WSTOPSIG(*st) != (SIGTRAP | 0x80))
            return make_error(fmt::format("thread {}: unexpected stop (status {:#x}) in an injected system call {}", tid_, *st, nr));
    }
    user_regs_struct out{};
    if (::ptrace(PTRACE_GETREGS, tid_, nullptr, &out) != 0)
        return make_error(fmt::format("thread {}: PTRACE_GETREGS: {}", tid_, std::strerror(errno)));
    return long(out.rax);
}

Expected<std::string> SyscallInjector::read_scratch(size_t n) const {
    std::string out(std::min(n, kScratchSize), '\0');
    if (auto r = read_task_memory(tid_, scratch_, out.data(), out.size()); !r) return r.error();
    return out;
}

Expected<void> SyscallInjector::finish() {
    if (auto r = write_task_memory(tid_, scratch_, saved_.data(), saved_.size()); !r) return r;
    return write_gp_regs(tid_, resume_regs(regs_));
}

}  // namespace img
