// LiteralFinder: the next occurrence of a fixed byte string in a buffer. Two
// needle bytes chosen for rarity are compared 32 (AVX2) or 16 (SSE2) positions
// at a time and only candidates are checked whole, which keeps a scan of
// memory-mapped pages at memory speed (glibc's memmem is 3-5x slower here).
#pragma once

#include <cstddef>
#include <string>

namespace img::memory {

class LiteralFinder {
public:
    explicit LiteralFinder(std::string needle);

    // The first occurrence starting in [begin, end) that fits before end, or nullptr.
    const unsigned char* find(const unsigned char* begin, const unsigned char* end) const;
    size_t size() const { return needle_.size(); }
    const std::string& needle() const { return needle_; }

private:
    std::string needle_;
    size_t rare1_ = 0, rare2_ = 0;   // offsets of the two filter bytes, rare1_ < rare2_ (when size >= 2)
    bool avx2_ = false;
};

}  // namespace img::memory
