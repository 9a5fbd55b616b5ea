// What the views share: the task walk in tree order with the --pid filter,
// who uses which file, names for files, flags and memory areas, and cells
// that only JSON shows.
// Private to libimg/src/views.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include "img/support/display.h"
#include "img/model/checkpoint.h"
#include "img/support/error.h"
#include "img/model/pagemap_reader.h"
#include "img/model/process_memory.h"
#include "img/output/table.h"
#include "img/views/views.h"

namespace img::viewutil {

struct TaskRef {
    const cimg::PstreeEntry* task = nullptr;
    int depth = 0;
    uint32_t pid() const { return task->pid(); }
};

// Every task of the dump in tree order (a parent, then its children in pstree
// order, depth first), or only the one o.pid names (a pid or one of its thread ids).
Expected<std::vector<TaskRef>> tasks(Checkpoint& d, const ViewOptions& o);
// The task o.pid selects (a thread id resolves to its task), nullopt without --pid; an unknown pid fails.
Expected<std::optional<uint32_t>> selected_task_pid(Checkpoint& d, const ViewOptions& o);
// Every task, unfiltered.
Expected<std::vector<TaskRef>> all_tasks(Checkpoint& d);
// For per-thread views: the thread o.pid names when it is not a task's leader.
std::optional<uint32_t> selected_thread(const std::vector<TaskRef>& tasks, const ViewOptions& o);

// One use of a file object by a task: "fd 3", "cwd", "root", "exe", "map".
struct FileUse {
    uint32_t pid = 0;
    std::string what;    // "3", "cwd", "root", "exe", "map"
    std::string label() const { return std::to_string(pid) + ":" + what; }
};
// file id -> its uses, over every task, in tree order.
Expected<std::map<uint32_t, std::vector<FileUse>>> file_uses(Checkpoint& d);
std::vector<std::string> use_labels(const std::vector<FileUse>& uses);
bool used_by(const std::vector<FileUse>& uses, uint32_t pid);

// What the file views (files, pipes, sockets) start from: the file table, every file's uses, and
// the task o.pid selects (nullopt: all tasks).
struct FileViewInputs {
    const FileTable* files = nullptr;
    std::map<uint32_t, std::vector<FileUse>> uses;
    std::optional<uint32_t> pid;
};
// What the dump lacks for them (files.img, a task's descriptor images) goes to t's warnings.
Expected<FileViewInputs> file_view_inputs(Checkpoint& d, const ViewOptions& o, Table& t);

// FileTable::describe, with memfd objects named after their memfd inode ("memfd:name").
std::string file_label(Checkpoint& d, const cimg::FileEntry& f);
std::string file_label(Checkpoint& d, uint32_t id);
void append_file_label(std::string& out, Checkpoint& d, uint32_t id);   // the same, appended

// "alive", "zombie", "stopped", or "state N".
std::string task_state_name(uint32_t state);
// The state of a task from its leader's core ("" when the core is missing).
Expected<std::string> task_state(Checkpoint& d, uint32_t pid);
// The task's name: tc.comm of its core ("" when missing), made displayable.
Expected<std::string> task_comm(Checkpoint& d, uint32_t pid);

// Names of the set bits of v by an enum of tables.proto, joined by sep; leftover bits as hex.
std::string flag_names(uint64_t v, const google::protobuf::EnumDescriptor* e, std::string_view sep = "|");
// The value's name in an enum, or its number.
std::string enum_name(uint64_t v, const google::protobuf::EnumDescriptor* e);
// Open flags as names ("O_RDWR|O_LARGEFILE"; "O_RDONLY" for 0 access mode).
std::string open_flags(uint32_t flags);

// A cell that JSON shows and the text table leaves blank. Put such columns last:
// the text printer trims trailing blanks, so they take no room there.
Cell json_only(Cell c);
// A cell whose text is blank (a continuation row in text), with its value in JSON.
inline Cell blank_text(Cell c) { return json_only(std::move(c)); }
// A number shown as 0x... in text (and as a number in JSON).
Cell hex0x(uint64_t v);
// A list of strings shown joined by sep in text.
Cell joined(std::vector<std::string> v, std::string_view sep);

// Warnings for what the dump lacks (Table::warnings). A zombie has only a core: nothing else of
// it is ever missing. `consequence` says what the rows cannot show: "its descriptors are unknown".
Expected<void> warn_if_missing(Table& t, Checkpoint& d, uint32_t pid, const std::string& image, std::string_view consequence);
// The images of a task's descriptors: ids-PID.img, the fdinfo image it names, fs-PID.img.
Expected<void> warn_missing_fd_images(Table& t, Checkpoint& d, uint32_t pid);
// files.img missing or unreadable: the files are named by id only.
void warn_files(Table& t, Checkpoint& d);

// Error helper: "<dir>/<name>: <what>".
Error dump_error(const Checkpoint& d, const std::string& name, std::string what);

// The sub-message of a file_entry that matches its type (reg, pipe, usk, ...), or nullptr.
const google::protobuf::Message* file_payload(const cimg::FileEntry& f);
// Its open flags and position, when the sub-message has them.
std::optional<uint32_t> file_open_flags(const cimg::FileEntry& f);
std::optional<uint64_t> file_pos(const cimg::FileEntry& f);

// Pages of [lo, hi) that the runs of pm flagged `flag` (PE_PRESENT by default) hold.
uint64_t count_pages(const PagemapReader& pm, uint64_t lo, uint64_t hi, uint32_t flag = kPePresent);

// How crit x mems names a VMA (§3.2 of the format notes), with [heap], [vvar] and
// memfd names added: "/usr/lib/libc.so.6 + 0x26000", "... (s)", "[stack]", "shmem[5]", "... *".
std::string vma_description(Checkpoint& d, const cimg::MmEntry& mm, const cimg::VmaEntry& v);
void append_vma_description(std::string& out, Checkpoint& d, const cimg::MmEntry& mm, const cimg::VmaEntry& v);
// "start-end" in hex, each at least 8 digits, as crit x mems shows a VMA: "7f0c1a000000-7f0c1a021000".
std::string address_range(uint64_t start, uint64_t end);
void append_address_range(std::string& out, uint64_t start, uint64_t end);
// One address in hex, at least 8 digits.
std::string address_text(uint64_t addr);
// "rw-", "r-x", ...
std::string prot_string(uint32_t prot);

}  // namespace img::viewutil
