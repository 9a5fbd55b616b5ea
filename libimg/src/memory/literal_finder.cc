#include "literal_finder.h"

#include <immintrin.h>

#include <cstring>

namespace img::memory {

namespace {

// How often a byte value turns up in process memory, roughly: zero fill and
// 0xff masks everywhere, then text. The filter bytes are the least common ones
// of the needle, so a needle like "\0\0\0\0key!" is not filtered on its zeros.
int commonness(unsigned char c) {
    if (c == 0x00) return 255;
    if (c == 0xff) return 200;
    if (c == ' ' || c == 'e' || c == 't' || c == 'a' || c == 'o' || c == 'i' || c == 'n' || c == 's') return 150;
    if (c >= 'a' && c <= 'z') return 120;
    if (c >= '0' && c <= '9') return 110;
    if (c == 0x01 || c == 0x48 || c == 0x8b || c == 0x89 || c == 0x7f || c == 0x80 || c == 0x40) return 105;
    if (c >= 'A' && c <= 'Z') return 95;
    if (c < 0x20) return 90;
    return 50;
}

inline bool equal_at(const unsigned char* c, const std::string& n) { return std::memcmp(c, n.data(), n.size()) == 0; }

__attribute__((target("avx2"))) const unsigned char* find_avx2(const unsigned char* p, const unsigned char* end,
                                                              const std::string& n, size_t r1, size_t r2) {
    const __m256i f1 = _mm256_set1_epi8(static_cast<char>(n[r1]));
    const __m256i f2 = _mm256_set1_epi8(static_cast<char>(n[r2]));
    const size_t len = n.size();
    // Every candidate start in a block of 32 must leave room for the whole needle.
    while (static_cast<size_t>(end - p) >= len + 31) {
        __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + r1));
        __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + r2));
        uint32_t m = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_and_si256(_mm256_cmpeq_epi8(a, f1), _mm256_cmpeq_epi8(b, f2))));
        while (m) {
            const unsigned char* c = p + __builtin_ctz(m);
            if (equal_at(c, n)) return c;
            m &= m - 1;
        }
        p += 32;
    }
    return p;   // where the scalar tail starts
}

const unsigned char* find_sse2(const unsigned char* p, const unsigned char* end, const std::string& n, size_t r1,
                               size_t r2) {
    const __m128i f1 = _mm_set1_epi8(static_cast<char>(n[r1]));
    const __m128i f2 = _mm_set1_epi8(static_cast<char>(n[r2]));
    const size_t len = n.size();
    while (static_cast<size_t>(end - p) >= len + 15) {
        __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + r1));
        __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + r2));
        uint32_t m = static_cast<uint32_t>(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, f1), _mm_cmpeq_epi8(b, f2))));
        while (m) {
            const unsigned char* c = p + __builtin_ctz(m);
            if (equal_at(c, n)) return c;
            m &= m - 1;
        }
        p += 16;
    }
    return p;
}

}  // namespace

LiteralFinder::LiteralFinder(std::string needle) : needle_(std::move(needle)) {
    const size_t n = needle_.size();
    if (n >= 2) {
        auto rank = [&](size_t i) { return commonness(static_cast<unsigned char>(needle_[i])); };
        size_t a = 0;
        for (size_t i = 1; i < n; ++i)
            if (rank(i) < rank(a)) a = i;
        size_t b = a == 0 ? 1 : 0;
        for (size_t i = 0; i < n; ++i) {
            if (i == a) continue;
            // Prefer a second byte that differs from the first: two equal bytes filter less.
            bool bi = needle_[i] != needle_[a], bb = needle_[b] != needle_[a];
            if ((bi && !bb) || (bi == bb && rank(i) < rank(b))) b = i;
        }
        rare1_ = std::min(a, b);
        rare2_ = std::max(a, b);
    }
    avx2_ = __builtin_cpu_supports("avx2");
}

const unsigned char* LiteralFinder::find(const unsigned char* begin, const unsigned char* end) const {
    const size_t n = needle_.size();
    if (n == 0 || begin >= end || static_cast<size_t>(end - begin) < n) return nullptr;
    if (n == 1) return static_cast<const unsigned char*>(std::memchr(begin, needle_[0], end - begin));
    const unsigned char* p = avx2_ ? find_avx2(begin, end, needle_, rare1_, rare2_)
                                   : find_sse2(begin, end, needle_, rare1_, rare2_);
    // The vector loop returns a match, or the first start it has not looked at: either way
    // every earlier start is ruled out, and the scalar loop below goes on from p.
    const unsigned char f1 = static_cast<unsigned char>(needle_[rare1_]), f2 = static_cast<unsigned char>(needle_[rare2_]);
    for (; static_cast<size_t>(end - p) >= n; ++p)
        if (p[rare1_] == f1 && p[rare2_] == f2 && equal_at(p, needle_)) return p;
    return nullptr;
}

}  // namespace img::memory
