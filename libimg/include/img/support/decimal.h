// write_decimal: unsigned and signed integers in base 10, as std::to_chars writes them, but
// eight digits at a time in 32-bit arithmetic (most numbers in an image are 10-16 digit
// addresses and sizes, and formatting them was the JSON printer's largest cost).
#pragma once

#include <cstdint>
#include <cstring>

namespace img {

namespace decimal_detail {

inline constexpr char kPairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// Exactly two digits of v < 100.
inline char* two(char* p, uint32_t v) {
    std::memcpy(p, kPairs + 2 * v, 2);
    return p + 2;
}

// Exactly eight digits of v < 100000000, leading zeros kept.
inline char* eight(char* p, uint32_t v) {
    uint32_t hi = v / 10000, lo = v % 10000;
    p = two(p, hi / 100);
    p = two(p, hi % 100);
    p = two(p, lo / 100);
    return two(p, lo % 100);
}

// The digits of v < 10000, no leading zeros.
inline char* up_to_four(char* p, uint32_t v) {
    if (v < 100) {
        if (v < 10) { *p = static_cast<char>('0' + v); return p + 1; }
        return two(p, v);
    }
    if (v < 1000) { *p++ = static_cast<char>('0' + v / 100); return two(p, v % 100); }
    p = two(p, v / 100);
    return two(p, v % 100);
}

// The digits of v < 100000000, no leading zeros.
inline char* up_to_eight(char* p, uint32_t v) {
    if (v < 10000) return up_to_four(p, v);
    uint32_t lo = v % 10000;
    p = up_to_four(p, v / 10000);
    p = two(p, lo / 100);
    return two(p, lo % 100);
}

}  // namespace decimal_detail

// Writes v at p (at most 20 bytes) and returns the end.
inline char* write_decimal(char* p, uint64_t v) {
    using namespace decimal_detail;
    if (v < 100000000) return up_to_eight(p, static_cast<uint32_t>(v));
    if (v < 10000000000000000ull) {
        p = up_to_eight(p, static_cast<uint32_t>(v / 100000000));
        return eight(p, static_cast<uint32_t>(v % 100000000));
    }
    uint64_t low16 = v % 10000000000000000ull;
    p = up_to_eight(p, static_cast<uint32_t>(v / 10000000000000000ull));
    p = eight(p, static_cast<uint32_t>(low16 / 100000000));
    return eight(p, static_cast<uint32_t>(low16 % 100000000));
}

// Writes v at p (at most 20 bytes) and returns the end.
inline char* write_decimal(char* p, int64_t v) {
    if (v >= 0) return write_decimal(p, static_cast<uint64_t>(v));
    *p = '-';
    return write_decimal(p + 1, ~static_cast<uint64_t>(v) + 1);
}

}  // namespace img
