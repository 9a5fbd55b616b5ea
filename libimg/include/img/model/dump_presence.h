// Whether what the user named holds a CRIU dump at all: the question every tool asks first, so
// that /etc, an empty folder or a folder of dumps is a usage error, not a dump full of problems.
#pragma once

#include <string>

#include "img/model/checkpoint.h"
#include "img/support/error.h"

namespace img {

// An Error naming `named` (the path the user gave) when `d` has neither inventory.img nor
// pstree.img nor container metadata: "not a CRIU dump (no inventory.img or pstree.img in it)",
// with the dumps it holds when it is a folder of dumps.
Expected<void> require_dump(const Checkpoint& d, const std::string& named);

}  // namespace img
