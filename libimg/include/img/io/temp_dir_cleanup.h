// Temporary folders (an archive's unpacked members) removed on every exit path: by their owner
// when it is dropped, from a signal handler (SIGINT, SIGTERM, SIGHUP, ...) once a tool asks for it,
// and, after a kill -9 that nothing can catch, by the next run that finds their owner gone.
#pragma once

#include <string>

namespace img {

// Installs handlers for SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGPIPE (each left alone when it is
// ignored), and for SIGABRT, SIGSEGV and SIGBUS when nothing handles them yet, that remove every
// registered folder and then die of the same signal with its default action, so the caller's shell
// sees 128+sig. The library never calls this itself: a tool's main does.
void install_cleanup_on_signals();

// Registers `path` (a flat folder of files) for removal by the handlers; a slot to unregister
// with, or -1 when the small fixed table is full (the folder is then removed only by its owner).
int register_temp_dir(const std::string& path);
void unregister_temp_dir(int slot);

// Removes the folder `path` and the files in it (one level of subfolders too), without following
// symbolic links. Async-signal-safe: no allocation, only system calls. False when it stays.
bool remove_temp_dir(const char* path);

// Removes the folders in `parent` named PREFIX<pid>-* whose pid is not a running process and
// that belong to this user: what a run killed with SIGKILL left. Folders of live pids stay.
void remove_stale_temp_dirs(const std::string& parent, const std::string& prefix);

}  // namespace img
