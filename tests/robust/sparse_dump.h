// A real dump (shared/criu-images/sleep) given a big anonymous VMA whose pages
// lead pages-1.img: a page of head bytes, a hole of any size left unwritten
// (sparse: it costs no disk and reads as zeros), a page of tail bytes. The
// shape of issue 15's 64 GiB probe, made at test time by our own encoder.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace img::test {

struct SparseDump {
    static constexpr uint64_t kVma = 0x100000000000;   // below everything sleep maps
    static constexpr uint32_t kPid = 13181;
    std::string dir;
    uint64_t hole = 0;
    // The address of the first byte of the hole, and of the tail page.
    uint64_t hole_start() const { return kVma + 4096; }
    uint64_t tail_start() const { return kVma + 4096 + hole; }
};

// Writes the dump into `dir` (which must not exist). `head` and `tail` are placed at the end of the
// head page and at the start of the tail page. nullopt (with a test failure) when shared/ or a
// step is missing.
std::optional<SparseDump> make_sparse_dump(const std::string& dir, uint64_t hole, const std::string& head,
                                           const std::string& tail);

}  // namespace img::test
