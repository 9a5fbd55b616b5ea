// parse_memory_spec and hexdump (text and JSON) on the synthetic dump: lines
// exactly like `hexdump -C` with addresses as offsets, absent spans shown as
// one line each and never as zeros.
#include <gtest/gtest.h>

#include "harness/schema.h"   // before any image header: undoes <signal.h>'s sigmask macro

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "img/model/checkpoint.h"
#include "img/memory/hexdump.h"
#include "img/output/json_writer.h"
#include "memory/synthetic_dump.h"

namespace {

using img::test::SyntheticDump;

TEST(MemorySpec, ParsesPidAddressAndLength) {
    auto a = img::parse_memory_spec("42:7f4a1b58e000");
    ASSERT_TRUE(a.ok()) << a.error().message();
    EXPECT_EQ(a->pid, 42u);
    EXPECT_EQ(a->addr, 0x7f4a1b58e000u);
    EXPECT_EQ(a->len, 256u);
    auto b = img::parse_memory_spec("13438:0x7F4A1B58E000+4096");
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(b->addr, 0x7f4a1b58e000u);
    EXPECT_EQ(b->len, 4096u);
    auto c = img::parse_memory_spec("1:10+0x20");
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->addr, 0x10u);
    EXPECT_EQ(c->len, 0x20u);
}

TEST(MemorySpec, RefusesMalformedRanges) {
    for (const char* s : {"", "42", ":10", "x:10", "0:10", "42:", "42:zz", "42:10+", "42:10+0", "42:10+abc",
                          "42:10+0xzz", "42:ffffffffffffffff+2", "42:1ffffffffffffffff", "99999999999:10"}) {
        auto r = img::parse_memory_spec(s);
        EXPECT_FALSE(r.ok()) << s;
        if (!r.ok()) {
            EXPECT_NE(r.error().what.find("PID:ADDR[+LEN]"), std::string::npos) << r.error().what;
        }
    }
}

struct Fixture {
    SyntheticDump d;
    std::unique_ptr<img::Checkpoint> dump;
    std::optional<img::ProcessMemory> mem;
    Fixture() {
        auto o = img::Checkpoint::open(d.dir);
        EXPECT_TRUE(o.ok());
        dump = std::move(*o);
        auto m = img::ProcessMemory::open(*dump, SyntheticDump::kPid);
        EXPECT_TRUE(m.ok());
        mem = std::move(*m);
    }
};

// The line hexdump -C prints for `bytes` at `addr`.
std::string expected_line(uint64_t addr, const std::string& bytes) {
    std::string hex, ascii;
    for (size_t i = 0; i < bytes.size(); ++i) {
        if (i) hex += i == 8 ? "  " : " ";
        hex += fmt::format("{:02x}", static_cast<unsigned char>(bytes[i]));
        unsigned char c = static_cast<unsigned char>(bytes[i]);
        ascii.push_back(c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '.');
    }
    return fmt::format("{:08x}  {:<48}  |{}|\n", addr, hex, ascii);
}

TEST(Hexdump, TextLinesAreHexdumpCWithAddresses) {
    Fixture f;
    ASSERT_TRUE(f.mem);
    img::HexdumpTextSink sink(nullptr);
    ASSERT_TRUE(img::hexdump(*f.mem, 0x11ff0, 0x20, sink).ok());
    sink.finish(0x12010);
    std::string want = expected_line(0x11ff0, f.d.bytes(0x11ff0, 16)) + expected_line(0x12000, f.d.bytes(0x12000, 16)) +
                       "00012010\n";
    EXPECT_EQ(sink.str(), want);
    // The planted "#id=12" and "3456#" show in the ASCII column.
    EXPECT_NE(sink.str().find("#id=12|"), std::string::npos) << sink.str();
    EXPECT_NE(sink.str().find("|3456#"), std::string::npos) << sink.str();
}

TEST(Hexdump, ShortLinesKeepTheAsciiColumnAligned) {
    Fixture f;
    ASSERT_TRUE(f.mem);
    img::HexdumpTextSink sink(nullptr);
    ASSERT_TRUE(img::hexdump(*f.mem, 0x10003, 5, sink).ok());
    EXPECT_EQ(sink.str(), expected_line(0x10003, f.d.bytes(0x10003, 5)));
    EXPECT_EQ(sink.str().find('|'), std::string("00010003  ").size() + 48 + 2);
}

TEST(Hexdump, AbsentPagesAreMarkedNotZeroFilled) {
    Fixture f;
    ASSERT_TRUE(f.mem);
    img::HexdumpTextSink sink(nullptr, false);
    // 0x16ff0..0x18010: 16 bytes, the absent page 0x17000, 16 bytes of 0x18000.
    ASSERT_TRUE(img::hexdump(*f.mem, 0x16ff0, 0x1020, sink).ok());
    std::string want = expected_line(0x16ff0, f.d.bytes(0x16ff0, 16)) +
                       "00017000  <absent: 4096 bytes not in the dump>\n" +
                       expected_line(0x18000, f.d.bytes(0x18000, 16));
    EXPECT_EQ(sink.str(), want);
}

TEST(Hexdump, ConsecutiveAbsentSpansCollapseIntoOneLine) {
    Fixture f;
    ASSERT_TRUE(f.mem);
    img::HexdumpTextSink sink(nullptr);
    // From the last line of VMA C (0x19ff0) into unmapped space: 16 bytes, then 0x1a000..0x9a000 absent,
    // read in many 64 KiB blocks but reported once.
    ASSERT_TRUE(img::hexdump(*f.mem, 0x19ff0, 0x80010, sink).ok());
    EXPECT_EQ(sink.str(), expected_line(0x19ff0, f.d.bytes(0x19ff0, 16)) +
                              "0001a000  <absent: 524288 bytes not in the dump>\n");
}

TEST(Hexdump, HugeUnmappedRangesCostNothing) {
    Fixture f;
    ASSERT_TRUE(f.mem);
    img::HexdumpTextSink sink(nullptr);
    ASSERT_TRUE(img::hexdump(*f.mem, 0x1000, uint64_t{1} << 46, sink).ok());   // 64 TiB, mostly unmapped
    const std::string& s = sink.str();
    EXPECT_EQ(s.rfind("00001000  <absent: 61440 bytes not in the dump>\n00010000  ", 0), 0u) << s.substr(0, 200);
    EXPECT_NE(s.find(fmt::format("0001a000  <absent: {} bytes not in the dump>\n", (uint64_t{1} << 46) - 0x19000)),
              std::string::npos);
}

TEST(Hexdump, SqueezesRepeatedLinesLikeHexdumpC) {
    img::HexdumpTextSink sink(nullptr, true);
    std::string zeros(16, '\0'), ones(16, '\1');
    auto b = [](const std::string& s) { return img::Bytes(reinterpret_cast<const std::byte*>(s.data()), s.size()); };
    sink.line(0x100, b(zeros));
    sink.line(0x110, b(zeros));
    sink.line(0x120, b(zeros));
    sink.line(0x130, b(ones));
    sink.finish(0x140);
    EXPECT_EQ(sink.str(), expected_line(0x100, zeros) + "*\n" + expected_line(0x130, ones) + "00000140\n");
}

TEST(Hexdump, JsonRecords) {
    Fixture f;
    ASSERT_TRUE(f.mem);
    img::JsonWriter w(nullptr);
    w.begin_array();
    img::HexdumpJsonSink sink(w);
    ASSERT_TRUE(img::hexdump(*f.mem, 0x16ff8, 0x1010, sink).ok());
    w.end_array();
    auto j = nlohmann::json::parse(w.str());
    ASSERT_EQ(j.size(), 3u) << w.str();
    EXPECT_EQ(j[0]["address"], 0x16ff8u);
    EXPECT_EQ(j[0]["hex"].get<std::string>().size(), 8u * 3 - 1);
    EXPECT_EQ(j[0]["ascii"].get<std::string>().size(), 8u);
    EXPECT_EQ(j[1]["address"], 0x17000u);
    EXPECT_EQ(j[1]["absent"], 4096u);
    EXPECT_EQ(j[2]["address"], 0x18000u);
    std::string hex;
    for (unsigned char c : f.d.bytes(0x18000, 8)) hex += fmt::format("{}{:02x}", hex.empty() ? "" : " ", c);
    EXPECT_EQ(j[2]["hex"], hex);
}

}  // namespace
