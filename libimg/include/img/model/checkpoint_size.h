// CheckpointSize: how big a checkpoint is, counted the way checkpointctl counts it (the files of
// checkpoint/, those of them that are memory pages, the root file system's diff beside them).
#pragma once

#include <cstdint>
#include <optional>

namespace img {

class Checkpoint;

struct CheckpointSize {
    uint64_t files = 0;    // regular files among the images (0: the checkpoint holds no images)
    uint64_t bytes = 0;    // their sizes (an archive's declared sizes: nothing is unpacked to count)
    uint64_t pages = 0;    // of which pages-*.img
    std::optional<uint64_t> rootfs_diff;   // rootfs-diff.tar of a container checkpoint, when there is one
};

// The size of `d`: for a container checkpoint as its archive or directory recorded it, for a plain
// dump directory from the directory's regular files.
CheckpointSize checkpoint_size(const Checkpoint& d);

}  // namespace img
