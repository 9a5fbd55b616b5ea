// The backup folder of an in-place repair: where the originals of the images it replaces are
// saved. A file already there is never replaced, and a default folder is always a new one.
#pragma once

#include <string>
#include <vector>

#include "img/support/error.h"

namespace img {

// Makes "<dump's real path>.fixpaths-backup-<UTC time>" beside the dump or, when that name is
// taken, the first free "...-2", "-3", ...: mkdir(2) fails on a name that exists, so the
// folder made is always new and empty, even when runs race for the name.
Expected<std::string> create_default_backup_dir(const std::string& dump);

// Whether folder `dir` (it need not exist yet) can take the originals of images `names` of
// `dump`: a file of one of those names already there is an Error naming it, unless it is that
// very image (a second name of the file in the dump, or the same bytes: what a killed run of
// the same repair leaves).
Expected<void> check_backup_free(const std::string& dir, const std::string& dump, const std::vector<std::string>& names);

// Saves dump/name as dir/name: a hard link where the file system allows, else a copy written
// beside and renamed into place. Never replaces a file: one that is not this image (a racing
// run's) is an Error naming it. Not synced: the caller syncs `dir` once.
Expected<void> save_original(const std::string& dump, const std::string& dir, const std::string& name);

// Removes the temporaries of processes that no longer run (is_stale_temp) from `dir`.
void remove_stale_temps(const std::string& dir);

}  // namespace img
