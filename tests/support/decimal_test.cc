// write_decimal must write exactly what std::to_chars writes, at every digit count and edge.
#include <gtest/gtest.h>

#include <charconv>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "img/support/decimal.h"

namespace {

template <class T>
void expect_like_to_chars(T v) {
    char a[24], b[24];
    char* ea = img::write_decimal(a, v);
    char* eb = std::to_chars(b, b + sizeof b, v).ptr;
    ASSERT_EQ(std::string(a, ea), std::string(b, eb)) << v;
}

TEST(Decimal, EveryPowerOfTenAndItsNeighbours) {
    uint64_t p = 1;
    for (int i = 0; i < 20; ++i, p *= 10) {
        for (uint64_t d : {p - 1, p, p + 1, 2 * p - 1, 9 * p + (p - 1)}) {
            expect_like_to_chars(d);
            expect_like_to_chars(static_cast<int64_t>(d));
            expect_like_to_chars(-static_cast<int64_t>(d & 0x7fffffffffffffff));
        }
    }
}

TEST(Decimal, Limits) {
    expect_like_to_chars(uint64_t{0});
    expect_like_to_chars(std::numeric_limits<uint64_t>::max());
    expect_like_to_chars(std::numeric_limits<int64_t>::max());
    expect_like_to_chars(std::numeric_limits<int64_t>::min());
    expect_like_to_chars(int64_t{-1});
}

TEST(Decimal, RandomValuesOfEveryWidth) {
    std::mt19937_64 rng(42);
    for (int i = 0; i < 200000; ++i) {
        uint64_t v = rng() >> (rng() % 64);
        expect_like_to_chars(v);
        expect_like_to_chars(static_cast<int64_t>(v));
    }
}

// Nothing is written beyond 20 bytes on (the room the JSON printer gives a number), nor before.
TEST(Decimal, NothingIsWrittenBeyondTwentyBytes) {
    std::mt19937_64 rng(7);
    for (int i = 0; i < 100000; ++i) {
        uint64_t v = rng() >> (rng() % 64);
        char buf[48];
        std::memset(buf, '#', sizeof buf);
        img::write_decimal(buf + 8, v);
        for (size_t k = 28; k < sizeof buf; ++k) ASSERT_EQ(buf[k], '#') << v;
        for (size_t k = 0; k < 8; ++k) ASSERT_EQ(buf[k], '#') << v;
        std::memset(buf, '#', sizeof buf);
        img::write_decimal(buf + 8, -static_cast<int64_t>(v >> 1));
        for (size_t k = 28; k < sizeof buf; ++k) ASSERT_EQ(buf[k], '#') << v;
    }
    char buf[48];
    std::memset(buf, '#', sizeof buf);
    img::write_decimal(buf + 8, std::numeric_limits<int64_t>::min());
    for (size_t k = 28; k < sizeof buf; ++k) EXPECT_EQ(buf[k], '#');
}

}  // namespace
