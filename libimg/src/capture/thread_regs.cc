#include "thread_regs.h"

#include <asm/ldt.h>
#include <cerrno>
#include <cpuid.h>
#include <cstring>
#include <elf.h>
#include <sys/ptrace.h>
#include <sys/uio.h>

#include <fmt/format.h>

#include "core_x86.pb.h"

namespace img {
namespace {

constexpr long kERestartSys = 512, kERestartNoIntr = 513, kERestartNoHand = 514, kERestartBlock = 516;
constexpr long kEIntr = 4;
constexpr uint64_t kNrRestartSyscall = 219;

bool in_syscall(const user_regs_struct& r) { return int64_t(r.orig_rax) >= 0; }

template <class T>
T load(const std::string& b, size_t off) {
    T v{};
    if (off + sizeof(T) <= b.size()) std::memcpy(&v, b.data() + off, sizeof(T));
    return v;
}

template <class T, class Field>
void load_array(const std::string& b, size_t off, size_t n, Field* out) {
    for (size_t i = 0; i < n; ++i) out->Add(load<T>(b, off + i * sizeof(T)));
}

// Where xsave component `i` sits in the standard (non-compacted) layout ptrace uses.
uint32_t component_offset(unsigned i) {
    unsigned a, b, c, d;
    if (!__get_cpuid_count(0xd, i, &a, &b, &c, &d)) return 0;
    return b;
}

}  // namespace

Expected<ThreadRegs> read_thread_regs(pid_t tid) {
    ThreadRegs r;
    if (::ptrace(PTRACE_GETREGS, tid, nullptr, &r.gp) != 0)
        return make_error(fmt::format("thread {}: PTRACE_GETREGS: {}", tid, std::strerror(errno)));
    r.xsave.assign(64 * 1024, '\0');
    iovec iov{r.xsave.data(), r.xsave.size()};
    if (::ptrace(PTRACE_GETREGSET, tid, (void*)(long)NT_X86_XSTATE, &iov) != 0) {
        iov = {r.xsave.data(), 512};   // no xsave: the legacy FXSAVE area only
        if (::ptrace(PTRACE_GETREGSET, tid, (void*)(long)NT_PRFPREG, &iov) != 0)
            return make_error(fmt::format("thread {}: cannot read FPU registers: {}", tid, std::strerror(errno)));
    }
    r.xsave.resize(iov.iov_len);
    for (uint32_t e = 12; e <= 14; ++e) {   // GDT_ENTRY_TLS_MIN..MAX on x86-64
        user_desc d{};
        if (::ptrace(PTRACE_GET_THREAD_AREA, tid, (void*)(long)e, &d) != 0) continue;
        uint32_t bits[4];
        std::memcpy(bits, &d, sizeof bits);
        r.tls.push_back({d.entry_number, d.base_addr, d.limit, bits[3]});
    }
    return r;
}

Expected<void> write_gp_regs(pid_t tid, const user_regs_struct& gp) {
    if (::ptrace(PTRACE_SETREGS, tid, nullptr, &gp) != 0)
        return make_error(fmt::format("thread {}: PTRACE_SETREGS: {}", tid, std::strerror(errno)));
    return {};
}

namespace {

enum class Restart { None, Again, Block };

// What the kernel does with the call a thread was stopped in when no signal handler runs.
Restart restart_of(const user_regs_struct& r) {
    if (!in_syscall(r)) return Restart::None;
    long ret = -long(r.rax);
    if (ret == kERestartSys || ret == kERestartNoIntr || ret == kERestartNoHand) return Restart::Again;
    return ret == kERestartBlock ? Restart::Block : Restart::None;
}

// Back over the two-byte `syscall` instruction, to issue call `nr` again.
void reissue(user_regs_struct& r, uint64_t nr) {
    r.rax = nr;
    r.rip -= 2;
}

}  // namespace

user_regs_struct resume_regs(const user_regs_struct& in) {
    user_regs_struct r = in;
    Restart k = restart_of(in);
    if (k == Restart::Again) reissue(r, in.orig_rax);
    if (k == Restart::Block) reissue(r, kNrRestartSyscall);
    if (in_syscall(in)) r.orig_rax = uint64_t(-1);
    return r;
}

user_regs_struct image_regs(const user_regs_struct& in) {
    user_regs_struct r = in;
    Restart k = restart_of(in);
    if (k == Restart::Again) reissue(r, in.orig_rax);
    if (k == Restart::Block) r.rax = uint64_t(-kEIntr);
    return r;
}

namespace {

void fill_gp(const user_regs_struct& g, cimg::UserX86RegsEntry& o) {
    o.set_r15(g.r15); o.set_r14(g.r14); o.set_r13(g.r13); o.set_r12(g.r12);
    o.set_bp(g.rbp); o.set_bx(g.rbx); o.set_r11(g.r11); o.set_r10(g.r10);
    o.set_r9(g.r9); o.set_r8(g.r8); o.set_ax(g.rax); o.set_cx(g.rcx);
    o.set_dx(g.rdx); o.set_si(g.rsi); o.set_di(g.rdi); o.set_orig_ax(g.orig_rax);
    o.set_ip(g.rip); o.set_cs(g.cs); o.set_flags(g.eflags); o.set_sp(g.rsp);
    o.set_ss(g.ss); o.set_fs_base(g.fs_base); o.set_gs_base(g.gs_base);
    o.set_ds(g.ds); o.set_es(g.es); o.set_fs(g.fs); o.set_gs(g.gs);
    o.set_mode(1);   // NATIVE
}

// The xsave components CRIU keeps, each only when the CPU's XCR0 (in the area's software
// bytes) enables it: YMM upper halves, MPX, AVX-512 opmask / ZMM upper / high ZMM, PKRU.
void fill_xsave(const std::string& x, cimg::UserX86XsaveEntry& o) {
    uint64_t xcr0 = load<uint64_t>(x, 464 + 8);
    o.set_xstate_bv(load<uint64_t>(x, 512));
    auto on = [&](unsigned bit) { return (xcr0 >> bit) & 1; };
    if (on(2)) load_array<uint32_t>(x, component_offset(2), 64, o.mutable_ymmh_space());
    if (on(3)) load_array<uint64_t>(x, component_offset(3), 8, o.mutable_bndreg_state());
    if (on(4)) load_array<uint64_t>(x, component_offset(4), 2, o.mutable_bndcsr_state());
    if (on(5)) load_array<uint64_t>(x, component_offset(5), 8, o.mutable_opmask_reg());
    if (on(6)) load_array<uint64_t>(x, component_offset(6), 64, o.mutable_zmm_upper());
    if (on(7)) load_array<uint64_t>(x, component_offset(7), 128, o.mutable_hi16_zmm());
    if (on(9)) load_array<uint32_t>(x, component_offset(9), 2, o.mutable_pkru());
}

void fill_fpregs(const std::string& x, cimg::UserX86FpregsEntry& o) {
    o.set_cwd(load<uint16_t>(x, 0)); o.set_swd(load<uint16_t>(x, 2));
    o.set_twd(load<uint16_t>(x, 4)); o.set_fop(load<uint16_t>(x, 6));
    o.set_rip(load<uint64_t>(x, 8)); o.set_rdp(load<uint64_t>(x, 16));
    o.set_mxcsr(load<uint32_t>(x, 24)); o.set_mxcsr_mask(load<uint32_t>(x, 28));
    load_array<uint32_t>(x, 32, 32, o.mutable_st_space());
    load_array<uint32_t>(x, 160, 64, o.mutable_xmm_space());
    if (x.size() > 576) fill_xsave(x, *o.mutable_xsave());
}

}  // namespace

void fill_thread_info(const ThreadRegs& regs, cimg::ThreadInfoX86& out) {
    fill_gp(image_regs(regs.gp), *out.mutable_gpregs());
    fill_fpregs(regs.xsave, *out.mutable_fpregs());
    for (const auto& t : regs.tls) {
        auto* d = out.add_tls();
        d->set_entry_number(t.entry); d->set_base_addr(t.base); d->set_limit(t.limit);
        // struct user_desc: seg_32bit:1 contents:2 read_exec_only:1 limit_in_pages:1 seg_not_present:1 useable:1
        d->set_seg_32bit(t.flags & 1); d->set_contents_h(t.flags & 4); d->set_contents_l(t.flags & 2);
        d->set_read_exec_only(t.flags & 8); d->set_limit_in_pages(t.flags & 16);
        d->set_seg_not_present(t.flags & 32); d->set_usable(t.flags & 64);
    }
}

}  // namespace img
