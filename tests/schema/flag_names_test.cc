// Flag and enum values named by the tables of tables.proto (img/schema/flag_names.h).
#include <gtest/gtest.h>

#include "harness/schema.h"   // before any generated header: undoes <signal.h>'s sigmask macro

#include "img/schema/flag_names.h"
#include "tables.pb.h"

namespace {

using namespace img;

TEST(FlagNames, SetBitsByNameAndTheRestInHex) {
    const auto* prot = cimg::MmapProt::Bits_descriptor();
    EXPECT_EQ(flag_names(0x5, prot), "PROT_READ|PROT_EXEC");
    EXPECT_EQ(flag_names(0x0, prot), "");
    EXPECT_EQ(flag_names(0x13, prot), "PROT_READ|PROT_WRITE|0x10");
    EXPECT_EQ(flag_names(0x40, prot), "0x40");
    EXPECT_EQ(flag_names(0x3, prot, ","), "PROT_READ,PROT_WRITE");
    // A value of 0 in the table (VMA_AREA_NONE) names no bit.
    EXPECT_EQ(flag_names(0x21, cimg::MmapStatus::Bits_descriptor()), "VMA_AREA_REGULAR|VMA_AREA_HEAP");
}

TEST(EnumName, NameOrNumber) {
    const auto* type = cimg::SkType::Names_descriptor();
    EXPECT_EQ(enum_name(1, type), "STREAM");
    EXPECT_EQ(enum_name(5, type), "SEQPACKET");
    EXPECT_EQ(enum_name(4, type), "4");
    EXPECT_EQ(enum_name(0x100000000ull, type), "4294967296") << "past int: a number, not a lookup";
}

TEST(OpenFlags, AccessModeFirstAndORdonlyForZero) {
    EXPECT_EQ(open_flags(0), "O_RDONLY");
    EXPECT_EQ(open_flags(0100000), "O_RDONLY|O_LARGEFILE");
    EXPECT_EQ(open_flags(02 | 0100000), "O_RDWR|O_LARGEFILE");
    EXPECT_EQ(open_flags(01 | 02000 | 0100000), "O_WRONLY|O_APPEND|O_LARGEFILE");
    EXPECT_EQ(open_flags(010000000), "O_RDONLY|0x200000") << "O_PATH is not in the table";
}

}  // namespace
