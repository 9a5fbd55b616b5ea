// Path rewriting inside images: every field our schema marks as a path is
// passed through a BranchMap; only entries that change are re-encoded, every
// other byte of the image is kept as it was.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "img/rewrite/branch_map.h"
#include "img/support/error.h"
#include "img/io/image_kind.h"

namespace img {

struct PathChange {
    std::string image;     // file name inside the dump
    int64_t entry = -1;
    std::string field;     // e.g. "reg.name", "usk.name_dir", "root"
    std::string old_path;
    std::string new_path;
};

struct RewriteOptions {
    const BranchMap* map = nullptr;
    std::optional<int32_t> mnt_id;   // set reg.mnt_id of every rewritten regular file
};

struct ImageRewrite {
    std::vector<PathChange> changes;   // empty: the image stays as it is
    std::string new_bytes;             // the whole new image when changes is not empty
};

// True when the kind's messages can hold a path at all (others are never read).
bool kind_has_paths(const ImageKind& kind);

// Plans the rewrite of one image file; `label` names it in the changes.
Expected<ImageRewrite> rewrite_image_paths(const std::string& path, const std::string& label, const RewriteOptions& opt);

}  // namespace img
