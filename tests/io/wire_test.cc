// wire::varint_field: the framing's view of a message, without the schema.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>

#include "img/io/wire.h"
#include "harness/fixtures.h"

namespace {

namespace wb = img::test::wire_bytes;
using img::wire::varint_field;

std::optional<uint64_t> field(const std::string& msg, uint32_t n) {
    auto v = varint_field(img::as_bytes(msg), n);
    EXPECT_TRUE(v.ok()) << (v.ok() ? "" : v.error().message());
    return v.ok() ? *v : std::nullopt;
}

img::Error failure(const std::string& msg, uint32_t n) {
    auto v = varint_field(img::as_bytes(msg), n);
    EXPECT_FALSE(v.ok()) << "expected malformed wire data to be rejected: " << img::test::hex(msg);
    return v.ok() ? img::Error{} : v.error();
}

TEST(WireVarintField, AbsentFieldIsNullopt) {
    std::string m = wb::vfield(1, 5) + wb::vfield(3, 7);
    EXPECT_EQ(field(m, 2), std::nullopt);
    EXPECT_EQ(field("", 1), std::nullopt);
}

TEST(WireVarintField, FindsFieldAmongOtherWireTypes) {
    std::string m = wb::lfield(1, "abc") + wb::varint((4u << 3) | 1) + std::string(8, '\x7f') +
                    wb::varint((5u << 3) | 5) + std::string(4, '\x01') + wb::vfield(2, 300);
    EXPECT_EQ(field(m, 2), 300u);
    EXPECT_EQ(field(m, 1), std::nullopt) << "field 1 is length-delimited, not a varint";
}

TEST(WireVarintField, LastOccurrenceWins) {
    std::string m = wb::vfield(2, 10) + wb::vfield(1, 1) + wb::vfield(2, 20) + wb::vfield(2, 30);
    EXPECT_EQ(field(m, 2), 30u);
}

TEST(WireVarintField, FullWidthValues) {
    std::string m = wb::vfield(9, UINT64_MAX) + wb::vfield(10, uint64_t{1} << 63);
    EXPECT_EQ(field(m, 9), UINT64_MAX);
    EXPECT_EQ(field(m, 10), uint64_t{1} << 63);
}

TEST(WireVarintField, TruncatedVarintValueRejected) {
    failure("\x08\x80", 1);
    failure("\x08\xff\xff", 1);
}

TEST(WireVarintField, TruncatedTagRejected) { failure("\x80", 1); }

TEST(WireVarintField, OverlongVarintRejected) {
    std::string eleven = "\x08" + std::string(10, '\x80') + "\x01";
    auto e = failure(eleven, 1);
    EXPECT_NE(e.what.find("varint"), std::string::npos) << e.what;
    // 10 bytes whose last one carries more than the 64th bit.
    std::string overflow = "\x08" + std::string(9, '\xff') + "\x02";
    failure(overflow, 1);
}

TEST(WireVarintField, TruncatedLengthDelimitedRejected) {
    std::string m = wb::varint((2u << 3) | 2) + wb::varint(10) + "abc";
    auto e = failure(m, 1);
    EXPECT_GE(e.offset, 0) << "the error should say where";
    // A length that would wrap a 64-bit position.
    std::string huge = wb::varint((2u << 3) | 2) + wb::varint(UINT64_MAX) + "abc";
    failure(huge, 1);
}

TEST(WireVarintField, TruncatedFixedRejected) {
    failure(wb::varint((1u << 3) | 1) + "1234567", 2);
    failure(wb::varint((1u << 3) | 5) + "123", 2);
}

TEST(WireVarintField, GroupWireTypesRejected) {
    auto e3 = failure(wb::varint((1u << 3) | 3) + wb::vfield(2, 1), 2);
    EXPECT_NE(e3.what.find("wire type 3"), std::string::npos) << e3.what;
    auto e4 = failure(wb::varint((1u << 3) | 4), 2);
    EXPECT_NE(e4.what.find("wire type 4"), std::string::npos) << e4.what;
    failure(wb::varint((1u << 3) | 6), 2);
    failure(wb::varint((1u << 3) | 7), 2);
}

TEST(WireVarintField, FieldNumberZeroRejected) { failure(wb::varint(0) + wb::varint(1), 1); }

TEST(WireVarintField, ErrorAfterTheWantedFieldStillFails) {
    // The field was seen, but the message is broken afterwards: a reader must not trust it.
    failure(wb::vfield(2, 5) + "\x1a\x05" "ab", 2);
}

TEST(WirePutVarint, KnownEncodings) {
    EXPECT_EQ(wb::varint(0), std::string("\x00", 1));
    EXPECT_EQ(wb::varint(1), "\x01");
    EXPECT_EQ(wb::varint(127), "\x7f");
    EXPECT_EQ(wb::varint(128), "\x80\x01");
    EXPECT_EQ(wb::varint(300), "\xac\x02");
    EXPECT_EQ(wb::varint(UINT64_MAX), std::string(9, '\xff') + "\x01");
}

TEST(WirePutVarint, RoundTripsThroughVarintField) {
    for (uint64_t v : {uint64_t{0}, uint64_t{1}, uint64_t{127}, uint64_t{128}, uint64_t{16383}, uint64_t{16384},
                       uint64_t{0xffffffff}, uint64_t{1} << 35, UINT64_MAX - 1, UINT64_MAX}) {
        EXPECT_EQ(field(wb::vfield(7, v), 7), v);
    }
}

TEST(WireEncodeVarint, KnownEncodingsAndTheLongest) {
    const std::pair<uint64_t, std::string> known[] = {
        {0, std::string("\x00", 1)}, {1, "\x01"}, {127, "\x7f"}, {128, "\x80\x01"}, {300, "\xac\x02"},
        {uint64_t{1} << 63, std::string(9, '\x80') + "\x01"}, {UINT64_MAX, std::string(9, '\xff') + "\x01"}};
    for (const auto& [v, bytes] : known) {
        char buf[img::wire::kMaxVarint];
        size_t n = img::wire::encode_varint(v, buf);
        EXPECT_EQ(std::string(buf, n), bytes) << v;
    }
    EXPECT_EQ(std::string(9, '\xff').size() + 1, img::wire::kMaxVarint) << "UINT64_MAX takes the most room";
}

}  // namespace
