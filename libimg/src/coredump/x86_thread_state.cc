#include "img/coredump/x86_thread_state.h"

#include <algorithm>

#include <fmt/format.h>

#include "le_bytes.h"

namespace img {

namespace {

using coredump_detail::LeBytes;

// XCR0 bits and the standard-format offsets of the xsave components (Intel SDM vol. 1, 13.4).
constexpr uint64_t kX87 = 1, kSse = 2, kAvx = 4, kBndregs = 8, kBndcsr = 16, kOpmask = 32, kZmmHi256 = 64,
                   kHi16Zmm = 128, kPkru = 512;
constexpr uint64_t kGdbKnown = kX87 | kSse | kAvx | kBndregs | kBndcsr | kOpmask | kZmmHi256 | kHi16Zmm | kPkru;
constexpr size_t kFxsaveSize = 512, kXcr0Offset = 464, kXsaveHeader = 512, kAvxOffset = 576, kBndregsOffset = 960,
                 kBndcsrOffset = 1024, kOpmaskOffset = 1088, kZmmHi256Offset = 1152, kHi16ZmmOffset = 1664,
                 kPkruOffset = 2688;

// Copies at most `cap` bytes of the values, each `width` bytes, at `at`; the rest stays zero.
template <class Repeated>
void put_array(std::string& area, size_t at, size_t cap, const Repeated& values, size_t width) {
    size_t n = std::min<size_t>(static_cast<size_t>(values.size()), cap / width);
    for (size_t i = 0; i < n; ++i)
        for (size_t b = 0; b < width; ++b)
            area[at + i * width + b] = static_cast<char>(static_cast<uint64_t>(values[static_cast<int>(i)]) >> (8 * b));
}

std::string fxsave_area(const cimg::UserX86FpregsEntry& fp) {
    LeBytes b;
    b.u16(static_cast<uint16_t>(fp.cwd()));
    b.u16(static_cast<uint16_t>(fp.swd()));
    b.u16(static_cast<uint16_t>(fp.twd()));
    b.u16(static_cast<uint16_t>(fp.fop()));
    b.u64(fp.rip());
    b.u64(fp.rdp());
    b.u32(fp.mxcsr());
    b.u32(fp.mxcsr_mask());
    b.pad_to(kFxsaveSize);
    std::string area = b.take();
    put_array(area, 32, 128, fp.st_space(), 4);
    put_array(area, 160, 256, fp.xmm_space(), 4);
    return area;
}

}  // namespace

Expected<const cimg::ThreadInfoX86*> x86_thread_info(const cimg::CoreEntry& core, uint32_t tid) {
    auto fail = [&](std::string what) {
        Error e = make_error(std::move(what));
        e.file = fmt::format("core-{}.img", tid);
        return e;
    };
    if (!core.has_thread_info())
        return fail("no x86_64 thread state (thread_info): only x86_64 cores are written");
    const auto& ti = core.thread_info();
    if (ti.gpregs().mode() != 1)
        return fail("a 32-bit (compat) task: its core is not written (only native x86_64 tasks are)");
    return &ti;
}

uint64_t xcr0_of(const cimg::UserX86FpregsEntry& fp) {
    uint64_t x = kX87 | kSse;
    if (!fp.has_xsave()) return x;
    const auto& xs = fp.xsave();
    if (xs.ymmh_space_size()) x |= kAvx;
    if (xs.bndreg_state_size()) x |= kBndregs;
    if (xs.bndcsr_state_size()) x |= kBndcsr;
    if (xs.opmask_reg_size()) x |= kOpmask;
    if (xs.zmm_upper_size()) x |= kZmmHi256;
    if (xs.hi16_zmm_size()) x |= kHi16Zmm;
    if (xs.pkru_size()) x |= kPkru;
    return (x | xs.xstate_bv()) & kGdbKnown;
}

size_t xstate_size(uint64_t xcr0) {
    if (xcr0 & kPkru) return 2696;
    if (xcr0 & (kOpmask | kZmmHi256 | kHi16Zmm)) return 2688;
    if (xcr0 & (kBndregs | kBndcsr)) return 1088;
    if (xcr0 & kAvx) return 832;
    return 576;
}

std::string prstatus_note(const cimg::UserX86RegsEntry& r, const ThreadStatus& st) {
    LeBytes b;
    b.i32(static_cast<int32_t>(st.cursig));   // pr_info.si_signo
    b.zeros(8);                               // si_code, si_errno
    b.u16(static_cast<uint16_t>(st.cursig));  // pr_cursig
    b.zeros(2);
    b.u64(0);                                 // pr_sigpend
    b.u64(st.sighold);
    for (uint32_t v : {st.tid, st.ppid, st.pgrp, st.sid}) b.u32(v);
    b.zeros(64);                              // user, system and children's times: not in a dump
    for (uint64_t v : {r.r15(), r.r14(), r.r13(), r.r12(), r.bp(), r.bx(), r.r11(), r.r10(), r.r9(), r.r8(), r.ax(),
                       r.cx(), r.dx(), r.si(), r.di(), r.orig_ax(), r.ip(), r.cs(), r.flags(), r.sp(), r.ss(),
                       r.fs_base(), r.gs_base(), r.ds(), r.es(), r.fs(), r.gs()})
        b.u64(v);
    b.u32(1);                                 // pr_fpvalid: NT_FPREGSET follows
    b.zeros(4);
    return b.take();
}

std::string fpregset_note(const cimg::UserX86FpregsEntry& fp) { return fxsave_area(fp); }

std::string xstate_note(const cimg::UserX86FpregsEntry& fp) {
    if (!fp.has_xsave()) return {};
    const auto& xs = fp.xsave();
    const uint64_t xcr0 = xcr0_of(fp);
    std::string area = fxsave_area(fp);
    area.resize(xstate_size(xcr0), '\0');
    LeBytes words;
    words.u64(xcr0);
    area.replace(kXcr0Offset, 8, words.str());
    LeBytes header;
    header.u64(xs.xstate_bv() & xcr0);        // standard format: xcomp_bv stays 0
    area.replace(kXsaveHeader, 8, header.str());
    if (xcr0 & kAvx) put_array(area, kAvxOffset, 256, xs.ymmh_space(), 4);
    if (xcr0 & kBndregs) put_array(area, kBndregsOffset, 64, xs.bndreg_state(), 8);
    if (xcr0 & kBndcsr) put_array(area, kBndcsrOffset, 64, xs.bndcsr_state(), 8);
    if (xcr0 & kOpmask) put_array(area, kOpmaskOffset, 64, xs.opmask_reg(), 8);
    if (xcr0 & kZmmHi256) put_array(area, kZmmHi256Offset, 512, xs.zmm_upper(), 8);
    if (xcr0 & kHi16Zmm) put_array(area, kHi16ZmmOffset, 1024, xs.hi16_zmm(), 8);
    if (xcr0 & kPkru) put_array(area, kPkruOffset, 8, xs.pkru(), 4);
    return area;
}

}  // namespace img
