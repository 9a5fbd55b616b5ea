// Matcher: finds a pattern in a stream of chunks (the present runs of a task's
// memory, in address order). A chunk that starts where the previous one ended
// continues the same stream, so a match may cross from one to the next; a gap
// ends the stream. Implementations keep only what such a crossing needs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

#include "img/support/error.h"

namespace img::memory {

class Matcher {
public:
    // A match at [addr, addr+len); returns false to stop the search.
    using Emit = std::function<bool(uint64_t addr, uint64_t len)>;
    virtual ~Matcher() = default;
    // The next chunk; `continues`: it starts at the end of the previous one. False: emit said stop.
    virtual Expected<bool> feed(uint64_t addr, const unsigned char* data, size_t len, bool continues,
                                const Emit& emit) = 0;
    // The stream ended: report what was held back for a possible crossing.
    virtual Expected<bool> finish(const Emit& emit) = 0;
    // Bytes that cannot be part of a match were passed over: what was held back is reported and
    // dropped, but the stream goes on (an anchor such as ^ does not match after the gap).
    virtual Expected<bool> gap(const Emit& emit) = 0;
};

}  // namespace img::memory
