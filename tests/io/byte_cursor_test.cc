// ByteCursor: every read is bounded, and a failed read names the absolute offset.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "img/support/byte_cursor.h"
#include "img/support/error.h"
#include "harness/fixtures.h"

namespace {

using img::ByteCursor;
namespace wb = img::test::wire_bytes;

TEST(ByteCursor, ReadsNativeWordsAndAdvances) {
    std::string data = wb::u32(0x11223344) + wb::u16(0xbeef) + "xyz";
    ByteCursor c(img::as_bytes(data), 100);
    EXPECT_EQ(c.pos(), 0u);
    EXPECT_EQ(c.offset(), 100u);
    EXPECT_EQ(c.remaining(), 9u);
    auto w = c.u32("word");
    ASSERT_TRUE(w.ok());
    EXPECT_EQ(*w, 0x11223344u);
    auto h = c.u16("half");
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(*h, 0xbeefu);
    EXPECT_EQ(c.pos(), 6u);
    EXPECT_EQ(c.offset(), 106u);
    auto t = c.take(3, "tail");
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(img::to_string(*t), "xyz");
    EXPECT_TRUE(c.at_end());
    EXPECT_EQ(c.remaining(), 0u);
}

TEST(ByteCursor, ShortU32FailsAtAbsoluteOffsetWithoutMoving) {
    std::string data = "\x01\x02\x03\x04\x05\x06\x07";
    ByteCursor c(img::as_bytes(data), 0x20);
    ASSERT_TRUE(c.u32("first").ok());
    auto w = c.u32("entry length word");
    ASSERT_FALSE(w.ok());
    EXPECT_EQ(w.error().offset, 0x24);
    EXPECT_EQ(c.pos(), 4u) << "a failed read must not consume bytes";
    std::string m = w.error().message();
    EXPECT_NE(m.find("offset 0x24"), std::string::npos) << m;
    EXPECT_NE(m.find("entry length word"), std::string::npos) << m;
    EXPECT_NE(m.find("runs past end"), std::string::npos) << m;
    EXPECT_NE(m.find("0x3 bytes left"), std::string::npos) << m;
}

TEST(ByteCursor, ShortU16Fails) {
    std::string data = "\x01";
    ByteCursor c(img::as_bytes(data));
    EXPECT_FALSE(c.u16("half").ok());
    EXPECT_EQ(c.pos(), 0u);
}

TEST(ByteCursor, TakeExactRemainderThenNothing) {
    std::string data = "abcdef";
    ByteCursor c(img::as_bytes(data));
    auto a = c.take(6, "all");
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(a->size(), 6u);
    auto z = c.take(0, "nothing");
    ASSERT_TRUE(z.ok());
    EXPECT_EQ(z->size(), 0u);
    EXPECT_FALSE(c.take(1, "one more").ok());
}

TEST(ByteCursor, TakeOnePastEndFails) {
    std::string data = "abcdef";
    ByteCursor c(img::as_bytes(data));
    ASSERT_TRUE(c.take(2, "head").ok());
    auto b = c.take(5, "payload");
    ASSERT_FALSE(b.ok());
    EXPECT_EQ(b.error().offset, 2);
    EXPECT_NE(b.error().what.find("0x5 bytes"), std::string::npos) << b.error().what;
    EXPECT_EQ(c.pos(), 2u);
}

TEST(ByteCursor, HugeTakeDoesNotWrap) {
    std::string data(16, 'x');
    ByteCursor c(img::as_bytes(data));
    ASSERT_TRUE(c.take(8, "head").ok());
    for (uint64_t n : {std::numeric_limits<uint64_t>::max(), std::numeric_limits<uint64_t>::max() - 7,
                       uint64_t{1} << 63, uint64_t{0xffffffff}}) {
        auto b = c.take(n, "huge");
        EXPECT_FALSE(b.ok()) << n;
        EXPECT_EQ(c.pos(), 8u);
    }
}

TEST(ByteCursor, RestTakesEverythingLeft) {
    std::string data = "0123456789";
    ByteCursor c(img::as_bytes(data), 5);
    ASSERT_TRUE(c.take(4, "head").ok());
    auto r = c.rest();
    EXPECT_EQ(img::to_string(r), "456789");
    EXPECT_TRUE(c.at_end());
    EXPECT_EQ(c.offset(), 15u);
    EXPECT_EQ(c.rest().size(), 0u);
}

TEST(ByteCursor, EmptyInput) {
    ByteCursor c(img::Bytes{});
    EXPECT_TRUE(c.at_end());
    EXPECT_FALSE(c.u32("word").ok());
    EXPECT_FALSE(c.u16("half").ok());
    EXPECT_TRUE(c.take(0, "none").ok());
}

TEST(ErrorMessage, NamesFileEntryAndOffsetAsTheStyleGuideShows) {
    img::Error e;
    e.file = "core-42.img";
    e.entry = 3;
    e.offset = 0x1c;
    e.what = "size 0x400 runs past end of file (0x200)";
    EXPECT_EQ(e.message(), "core-42.img: entry #3 at offset 0x1c: size 0x400 runs past end of file (0x200)");
}

TEST(ErrorMessage, PartsAreOptional) {
    img::Error e = img::make_error("bad", 0x10);
    EXPECT_EQ(e.message(), "at offset 0x10: bad") << "no made-up file name: the tool names its input";
    EXPECT_EQ(img::make_error("worst").message(), "worst");
    e.in_file("x.img");
    EXPECT_EQ(e.message(), "x.img: at offset 0x10: bad");
    img::Error f = img::make_error("worse");
    EXPECT_EQ(f.in_file("y.img").message(), "y.img: worse");
}

TEST(ErrorMessage, ContextAddedOnTheWayUpKeepsInnerFacts) {
    img::Error e = img::make_error("inner", 8);
    e.in_file("inner.img").at_entry(1).at_offset(99);
    e.in_file("outer.img").at_entry(7);
    EXPECT_EQ(e.file, "inner.img");
    EXPECT_EQ(e.entry, 1);
    EXPECT_EQ(e.offset, 8);
}

}  // namespace
