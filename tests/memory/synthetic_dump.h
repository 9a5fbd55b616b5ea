// The two-level incremental dump of testdata/gen/memory (see its README),
// written into a temporary directory: images from JSON by our encoder, pages
// files filled from a hash so that every 8 bytes are unique, and a few marker
// strings planted across page boundaries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "harness/fixtures.h"
#include "harness/paths.h"

namespace img::test {

struct SyntheticDump {
    TempDir tmp;
    std::string dir;      // the child dump (with `parent` -> parent dump)
    std::string parent;

    static constexpr uint32_t kPid = 100;
    static constexpr uint64_t kPage = 4096;

    SyntheticDump();

    // Where the byte at `addr` comes from: 'C' (child pages-2.img) or 'P' (parent pages-1.img) and the page
    // index in that file; nullopt where the dump has nothing (0x17000 and outside the VMAs).
    struct Origin { char file; uint64_t page; };
    static std::optional<Origin> origin(uint64_t addr);
    // The byte the dump holds at addr (origin(addr) must be set).
    uint8_t byte_at(uint64_t addr) const;
    std::string bytes(uint64_t addr, uint64_t len) const;

    std::string child_pages, parent_pages;   // file contents, after planting
};

}  // namespace img::test
