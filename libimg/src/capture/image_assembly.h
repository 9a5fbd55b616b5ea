// Image assembly: the CRIU 4.2 image files of a dump made from the captured processes and the
// file table (inventory, pstree, core/ids/mm/fs/pagemap per task, fdinfo, files, seccomp,
// timens), and the pages copied into each task's pages-N.img.
#pragma once

#include <cstdint>
#include <vector>

#include "img/support/error.h"
#include "img/support/progress.h"

namespace cimg { class SeccompEntry; }

namespace img {

class DumpFolder;
class FileCollector;
struct CapturedProcess;

// pstree entries name a parent only when it is dumped too (else 0, as for CRIU's root task).
Expected<void> write_task_images(DumpFolder& folder, const std::vector<CapturedProcess>& procs, const FileCollector& files,
                                 const cimg::SeccompEntry& seccomp);
// Copies every process's page runs into pages-<i+1>.img, described by pagemap-<pid>.img.
Expected<void> write_memory_images(DumpFolder& folder, const std::vector<CapturedProcess>& procs, const ProgressFn& progress);

}  // namespace img
