// ProcTask: what /proc says about one task or thread (stat, status, the few single-value files)
// read at dump time; the parsers take text so that tests can feed recorded /proc data.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <sys/types.h>
#include <vector>

#include "img/support/error.h"

namespace img {

struct ProcStat {
    char state = '?';
    pid_t ppid = 0, pgid = 0, sid = 0;
    uint64_t flags = 0;
    uint64_t start_code = 0, end_code = 0, start_stack = 0;
    uint64_t start_data = 0, end_data = 0, start_brk = 0;
    uint64_t arg_start = 0, arg_end = 0, env_start = 0, env_end = 0;
};

struct ProcStatus {
    std::array<uint32_t, 4> uid{}, gid{};   // real, effective, saved, fs
    uint64_t cap_inh = 0, cap_prm = 0, cap_eff = 0, cap_bnd = 0, cap_amb = 0;
    std::vector<uint32_t> groups;
    uint32_t umask = 022;
    uint32_t seccomp = 0;
    uint32_t no_new_privs = 0;
    uint64_t sig_blk = 0;
};

// The text of /proc/<pid>/<what> (or any path), an Error naming the file when unreadable.
Expected<std::string> read_proc_text(const std::string& path);
std::string proc_path(pid_t pid, const std::string& what);

Expected<ProcStat> parse_proc_stat(const std::string& text);
Expected<ProcStatus> parse_proc_status(const std::string& text);
// A task's own state letter, or '\0' when it no longer exists.
char task_state(pid_t pid);

// The numbers of the entries of /proc/<pid>/task (threads) or /proc/<pid>/fd, sorted.
std::vector<int> list_proc_numbers(const std::string& dir);
// Direct children of a task (every thread's children file), sorted.
std::vector<pid_t> task_children(pid_t pid);

}  // namespace img
