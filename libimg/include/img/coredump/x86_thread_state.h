// The x86_64 register notes of one thread, from its core image: NT_PRSTATUS (general registers,
// signal, ids), NT_FPREGSET (the 512-byte fxsave area) and NT_X86_XSTATE (the standard-format
// xsave area, as long as gdb expects for the XCR0 it finds inside).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core.pb.h"
#include "img/support/error.h"

namespace img {

// What NT_PRSTATUS says about a thread besides its registers.
struct ThreadStatus {
    uint32_t tid = 0, ppid = 0, pgrp = 0, sid = 0;
    uint32_t cursig = 0;     // the signal it stopped with, 0 when none is known
    uint64_t sighold = 0;    // blocked signals
};

// The thread's x86_64 state, or an Error naming core-TID.img when it has none or is a 32-bit
// (compat) task, which this writer does not lay out.
Expected<const cimg::ThreadInfoX86*> x86_thread_info(const cimg::CoreEntry& core, uint32_t tid);

// XCR0 as the dump implies it: x87 and SSE, plus each xsave component the dump recorded (CRIU
// saves exactly the components the dumping CPU had enabled) and every bit of xstate_bv.
uint64_t xcr0_of(const cimg::UserX86FpregsEntry& fp);
// The size of the standard-format xsave area holding those components, the size gdb requires of
// NT_X86_XSTATE: 576 (SSE), 832 (AVX), 1088 (MPX), 2688 (AVX-512), 2696 (PKRU).
size_t xstate_size(uint64_t xcr0);

std::string prstatus_note(const cimg::UserX86RegsEntry& regs, const ThreadStatus& st);   // 336 bytes
std::string fpregset_note(const cimg::UserX86FpregsEntry& fp);                           // 512 bytes
// The xsave area (xstate_size(xcr0_of(fp)) bytes), XCR0 in the fxsave's software bytes (offset 464)
// as Linux's ptrace and cores put it; empty when the dump has no xsave state.
std::string xstate_note(const cimg::UserX86FpregsEntry& fp);

}  // namespace img
