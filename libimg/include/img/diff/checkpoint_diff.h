// Comparing two checkpoints: tasks matched by pid (or by command and place in the tree), then what
// each task holds (threads and registers, creds, signals, namespaces, memory map, descriptors and
// files), its memory page by page through each side's pagemap, and the images no task owns.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "img/diff/diff_result.h"
#include "img/model/checkpoint.h"
#include "img/support/error.h"
#include "img/support/progress.h"

namespace img {

struct DiffOptions {
    std::vector<std::string> only;     // aspects to compare (diff_aspects()); empty: all of them
    std::vector<std::string> ignore;   // field names (a path component: "timers", "uptime") or
                                       // image names ("stats-dump") left out of the comparison
    bool match_comm = false;           // match tasks by command and place in the tree, not pid
    bool list_pages = false;           // --pages: a page listing; compares only pages unless `only` says otherwise
    // Memory compared so far, in bytes of address space, of a task's total.
    ProgressFn progress;
};

// A usage problem with the options (an unknown aspect), or "".
std::string diff_options_error(const DiffOptions& o);

Expected<DiffResult> diff_checkpoints(Checkpoint& a, Checkpoint& b, const DiffOptions& o);

// Two single images, entry by entry and field by field (payload bytes included), with JSON-pointer
// paths such as /entries/3/reg/name.
Expected<DiffResult> diff_images(const std::string& a, const std::string& b, const DiffOptions& o);

}  // namespace img
