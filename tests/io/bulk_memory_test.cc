// bulk_alloc: heap blocks below 256 KiB, mapped and populated blocks above, all usable and freed.
#include <cstdint>
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "img/bulk_memory.h"
#include "img/model_arena.h"

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
