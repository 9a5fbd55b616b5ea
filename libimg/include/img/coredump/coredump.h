// write_cores: img-coredump's work, an ELF core file core.PID per task of a checkpoint (or of
// the one task chosen), each written whole or not at all; CoredumpReport says what each holds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "img/coredump/core_file.h"
#include "img/model/checkpoint.h"
#include "img/support/error.h"
#include "img/support/progress.h"

namespace img {

struct CoredumpOptions {
    std::string out_dir = ".";
    std::optional<uint32_t> pid;   // only this task (a pid or one of its thread ids)
    std::string root;              // NT_FILE names the mapped files under this directory ("" or "/": as recorded)
    ProgressFn progress;           // page bytes written of all selected tasks
};

// One task: its core, or why it has none.
struct TaskCoredump {
    uint32_t pid = 0;
    std::string comm;
    std::string path;                  // OUTDIR/core.PID ("" when none was written)
    std::vector<uint32_t> threads;
    std::string args;                  // as NT_PRPSINFO holds them
    uint32_t signal = 0;
    size_t file_mappings = 0;
    size_t xstate_size = 0;
    CoreFileStats file;
    std::optional<std::string> skipped;   // why no core was meant to be written (a zombie)
    std::optional<Error> error;           // why none could be written
};

struct CoredumpReport {
    std::string dump, out_dir;
    std::vector<TaskCoredump> tasks;
    bool ok() const;   // every selected task that has memory got its core
};

// An Error when the checkpoint cannot be read at all (no pstree, an unknown --pid) or OUTDIR is
// not a directory (made when missing); a task whose core cannot be written whole fails in its TaskCoredump, and the
// others are still written.
Expected<CoredumpReport> write_cores(Checkpoint& dump, const CoredumpOptions& o);

}  // namespace img
