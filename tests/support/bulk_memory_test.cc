// bulk_alloc: heap blocks below 256 KiB, mapped and populated blocks above, all usable and freed.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "img/support/bulk_memory.h"
#include "img/model/model_arena.h"

namespace {

TEST(BulkMemory, EverySizeIsWritableAlignedAndFreed) {
    for (size_t n : {size_t{1}, size_t{4096}, (size_t{256} << 10) - 1, size_t{256} << 10, (size_t{512} << 10) - 1,
                     size_t{512} << 10, size_t{960} << 10, (size_t{2} << 20) - 1, size_t{2} << 20, (size_t{2} << 20) + 1,
                     size_t{5} << 20}) {
        auto* p = static_cast<unsigned char*>(img::bulk_alloc(n));
        ASSERT_NE(p, nullptr) << n;
        EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % alignof(std::max_align_t), 0u) << n;
        if (n >= (size_t{512} << 10)) {   // from 512 KiB: whole huge pages
            EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % (size_t{2} << 20), 0u) << "huge-page aligned: " << n;
        }
        std::memset(p, 0xa5, n);
        EXPECT_EQ(p[0], 0xa5);
        EXPECT_EQ(p[n - 1], 0xa5);
        img::bulk_free(p, n);
    }
}

TEST(BulkMemory, MappedBlocksStartZeroed) {
    size_t n = size_t{3} << 20;
    auto* p = static_cast<unsigned char*>(img::bulk_alloc(n));
    std::vector<unsigned char> zero(n, 0);
    EXPECT_EQ(std::memcmp(p, zero.data(), n), 0);
    img::bulk_free(p, n);
}

TEST(BulkMemory, AllocatorBacksAGrowingVector) {
    std::vector<uint64_t, img::BulkAllocator<uint64_t>> v;
    for (uint64_t i = 0; i < 1000000; ++i) v.push_back(i * 3);   // grows through heap and mapped blocks
    uint64_t sum = 0;
    for (uint64_t x : v) sum += x;
    EXPECT_EQ(sum, 3ull * 999999ull * 1000000ull / 2);
}

// True when [p, p + n) lies in one mapping of this process whose flags include `flag` ("hg":
// marked for transparent huge pages), read from /proc/self/smaps.
[[maybe_unused]] bool in_mapping_with_flag(const void* p, size_t n, const std::string& flag) {
    std::ifstream smaps("/proc/self/smaps");
    auto a = reinterpret_cast<uintptr_t>(p);
    std::string line;
    bool inside = false;
    while (std::getline(smaps, line)) {
        uintptr_t lo = 0, hi = 0;
        if (std::sscanf(line.c_str(), "%lx-%lx ", &lo, &hi) == 2) {   // a mapping's first line
            inside = a >= lo && a + n <= hi;
        } else if (inside && line.rfind("VmFlags:", 0) == 0) {
            return (line + " ").find(" " + flag + " ") != std::string::npos;
        }
    }
    return false;
}

TEST(BulkMemory, HugePageHeapServesTheNextBlocksFromHugePages) {
    bool ok = img::use_huge_page_heap();
    EXPECT_EQ(img::use_huge_page_heap(), ok) << "decided once per process";
#if defined(__SANITIZE_ADDRESS__)
    EXPECT_FALSE(ok) << "the sanitizer's allocator has no glibc heap to mark";
    GTEST_SKIP() << "AddressSanitizer replaces the heap";
#else
    ASSERT_TRUE(ok);
    // Small blocks and a block of 4 MiB (above glibc's usual mapping threshold) all come from
    // the marked heap, stay usable, and are freed.
    std::vector<std::string> small;
    for (int i = 0; i < 20000; ++i) small.push_back(std::string(100, static_cast<char>('a' + i % 26)));
    EXPECT_TRUE(in_mapping_with_flag(small.back().data(), 100, "hg"));
    EXPECT_TRUE(in_mapping_with_flag(small[10000].data(), 100, "hg"));
    size_t big = size_t{4} << 20;
    auto* p = static_cast<unsigned char*>(std::malloc(big));
    ASSERT_NE(p, nullptr);
    EXPECT_TRUE(in_mapping_with_flag(p, big, "hg"));
    std::memset(p, 0x5a, big);
    EXPECT_EQ(p[big - 1], 0x5a);
    std::free(p);
    for (int i = 0; i < 20000; i += 777) EXPECT_EQ(small[static_cast<size_t>(i)][99], static_cast<char>('a' + i % 26));
#endif
}

TEST(ModelArena, HoldsManyValuesAcrossHeapAndMappedBlocks) {
    auto arena = img::new_model_arena();
    std::vector<uint64_t*> ptrs;
    for (int i = 0; i < 200000; ++i) {   // about 1.6 MiB: heap blocks, then mapped ones
        auto* p = google::protobuf::Arena::Create<uint64_t>(arena.get(), static_cast<uint64_t>(i));
        ptrs.push_back(p);
    }
    for (int i = 0; i < 200000; i += 997) EXPECT_EQ(*ptrs[static_cast<size_t>(i)], static_cast<uint64_t>(i));
    EXPECT_GE(arena->SpaceAllocated(), 200000u * sizeof(uint64_t));
}

TEST(ModelArena, SizedForWhatIsExpected) {
    // Expecting 3 MiB: one first block of whole huge pages holds it all.
    auto big = img::new_model_arena(3 << 20);
    std::vector<uint64_t*> ptrs;
    for (int i = 0; i < 300000; ++i) ptrs.push_back(google::protobuf::Arena::Create<uint64_t>(big.get(), static_cast<uint64_t>(i)));
    for (int i = 0; i < 300000; i += 1009) EXPECT_EQ(*ptrs[static_cast<size_t>(i)], static_cast<uint64_t>(i));
    EXPECT_EQ(big->SpaceAllocated(), 4u << 20);
    // Expecting little (or nothing said): the first block stays small.
    for (size_t expect : {size_t{0}, size_t{500} << 10}) {
        auto small = img::new_model_arena(expect);
        google::protobuf::Arena::Create<uint64_t>(small.get(), 1);
        EXPECT_LE(small->SpaceAllocated(), 64u << 10) << expect;
    }
    EXPECT_GE(img::parsed_size_estimate(1 << 20), 4u << 20) << "messages take several times their wire size";
    // However big the image says it is, no more than 64 MiB is taken before anything is parsed.
    auto huge = img::new_model_arena(size_t{1} << 40);
    google::protobuf::Arena::Create<uint64_t>(huge.get(), 1);
    EXPECT_EQ(huge->SpaceAllocated(), 64u << 20);
}

}  // namespace
