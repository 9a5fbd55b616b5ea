// ThreadRegs: a stopped thread's registers (general, FPU/xsave, TLS descriptors) as ptrace reads
// them, the restart fix-up of an interrupted system call, and their CRIU x86-64 form.
#pragma once

#include <cstdint>
#include <string>
#include <sys/types.h>
#include <sys/user.h>
#include <vector>

#include "img/support/error.h"

namespace cimg { class ThreadInfoX86; }

namespace img {

struct ThreadRegs {
    user_regs_struct gp{};
    std::string xsave;            // NT_X86_XSTATE bytes (legacy area, header, components)
    struct Tls { uint32_t entry, base, limit, flags; };   // flags: struct user_desc's bit fields
    std::vector<Tls> tls;
};

Expected<ThreadRegs> read_thread_regs(pid_t tid);
Expected<void> write_gp_regs(pid_t tid, const user_regs_struct& gp);

// Registers for the thread to go on with, as the kernel itself would restart the system call it
// was stopped in (no handler runs): -ERESTART* becomes the call again (ip back over `syscall`),
// -ERESTART_RESTARTBLOCK becomes restart_syscall. orig_ax is -1 so no restart happens twice.
user_regs_struct resume_regs(const user_regs_struct& r);
// Registers as the image keeps them: restartable calls are re-issued on restore; a call that
// needs the kernel's restart block (lost in a dump) returns -EINTR to the program instead.
user_regs_struct image_regs(const user_regs_struct& r);

// Fills CRIU's x86-64 thread info (clear_tid_addr is the caller's).
void fill_thread_info(const ThreadRegs& regs, cimg::ThreadInfoX86& out);

}  // namespace img
