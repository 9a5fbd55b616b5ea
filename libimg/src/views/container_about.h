// The facts above a view's rows about the checkpoint as a whole: the container it came from (engine,
// name, image, network, sizes, as checkpointctl shows them) and, for the checkpoint view, the lists
// (network interfaces, spec.dump's mounts, dump statistics, socket buffers). Private to libimg/src/views.
#pragma once

#include "img/model/checkpoint.h"
#include "img/model/checkpoint_archive.h"
#include "img/model/checkpoint_size.h"
#include "img/output/table.h"
#include "img/support/error.h"

namespace img {

// The facts of a container checkpoint (m) or of a plain dump (m == nullptr: only its sizes), under
// JSON key `key` with text heading `title`.
TableAbout checkpoint_facts(const ContainerMetadata* m, const CheckpointSize& size, std::string key, std::string title);

// The checkpoint view's lists added to `a`: networks, mounts and deleted files (a container's),
// dump statistics and socket buffers (any dump). An unreadable stats-dump is a warning on `t`.
Expected<void> add_checkpoint_lists(TableAbout& a, Table& t, Checkpoint& d);

// "checkpoint/ holds no images" on `t` when `d` is a container checkpoint with only its metadata.
void warn_images_absent(Table& t, const Checkpoint& d);

}  // namespace img
