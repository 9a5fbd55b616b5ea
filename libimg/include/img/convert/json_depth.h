// A bound on how deeply a JSON text nests its arrays and objects, checked by one cheap scan
// before any parser builds a tree: 32 Mi '[' would otherwise cost gigabytes of nested values.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "img/support/error.h"

namespace img {

// Deeper than this is refused: crit's documents nest about ten levels, Podman's config a few.
inline constexpr size_t kMaxJsonDepth = 256;

// An Error naming `file` and the offset of the bracket that went deeper than `max_depth`, or
// nothing. Brackets inside strings do not count; the text need not be valid JSON (the parser
// says what else is wrong).
Expected<void> check_json_depth(std::string_view text, const std::string& file, size_t max_depth = kMaxJsonDepth);

}  // namespace img
