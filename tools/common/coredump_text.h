// img-coredump's results as the tool shows them in text: one line per core written, a skipped
// task's reason, a failed task's error on stderr. The JSON of the same report is the library's.
#pragma once

#include <cstdio>

#include "img/coredump/coredump_writer.h"

namespace img {

// "PATH: PID (COMM), N threads, N segments, N KiB of pages, N KiB absent in N ranges" for a core;
// "task PID (COMM): REASON" for a skipped task; errors go to err whatever `quiet` says.
void print_task_core_text(const TaskCoredump& t, bool quiet, std::FILE* out, std::FILE* err);

}  // namespace img
