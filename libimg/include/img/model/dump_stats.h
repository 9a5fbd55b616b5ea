// The dump statistics CRIU leaves in stats-dump: how long the tasks took to freeze and stayed frozen,
// how long their memory took to dump and to write (microseconds), how many pages were scanned and
// written. Decoded with our schema, as every image is.
#pragma once

#include <optional>

#include "img/model/checkpoint.h"
#include "img/support/error.h"
#include "stats.pb.h"

namespace img {

// The `dump` entry of the checkpoint's stats-dump (among the images, or beside checkpoint/ as
// Podman keeps it); nullopt when there is no stats-dump or it holds no dump entry. A stats-dump
// that is not a STATS image, or is cut, is an Error naming it.
Expected<std::optional<cimg::DumpStatsEntry>> dump_stats(Checkpoint& d);

}  // namespace img
