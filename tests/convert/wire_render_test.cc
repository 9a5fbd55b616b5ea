// WireRenderer: printing from the wire bytes must give exactly what the parsed
// message prints (render_fields), on every real entry, plain and --pretty, and
// it must refuse (so the parser takes over) every encoding it does not handle.
#include <gtest/gtest.h>

#include <random>

#include <nlohmann/json.hpp>

#include "harness/schema.h"

#include "img/schema/entry_decoder.h"
#include "img/io/image_reader.h"
#include "img/output/json_writer.h"
#include "img/schema/schema_hints.h"
#include "img/output/text_writer.h"
#include "img/convert/wire_render.h"
#include "harness/corpus.h"
#include "harness/fixtures.h"

namespace {

namespace gp = google::protobuf;
using namespace img::test::wire_bytes;

img::Bytes as_bytes(std::string_view s) { return {reinterpret_cast<const std::byte*>(s.data()), s.size()}; }

std::string via_parser(const gp::Message& m, bool pretty) {
    img::JsonWriter w(nullptr);
    img::RenderOptions o{pretty};
    w.begin_object();
    img::render_fields(m, w, o);
    w.end_object();
    return w.str();
}

std::string via_wire(img::WireRenderer& r, const gp::Descriptor* d, img::Bytes b) {
    img::JsonWriter w(nullptr);
    w.begin_object();
    r.render_fields(d, b, w);
    w.end_object();
    return w.str();
}

// Every entry of every real image: the wire printer takes it and prints what the parser prints.
void check_image(const std::string& path, size_t& entries, size_t& taken) {
    auto rd = img::ImageReader::open(path);
    ASSERT_TRUE(rd) << rd.error().message();
    img::EntryDecoder dec;
    img::WireRenderer plain(img::RenderOptions{false}), pretty(img::RenderOptions{true});
    img::RawEntry e;
    for (;;) {
        auto more = rd->next(e);
        ASSERT_TRUE(more) << more.error().message();
        if (!*more) break;
        ++entries;
        auto m = dec.decode(e, path);
        ASSERT_TRUE(m) << m.error().message();
        const gp::Descriptor* d = img::find_message_type(e.message_type);
        if (!plain.handles(d, e.message)) continue;
        ASSERT_TRUE(pretty.handles(d, e.message));
        ++taken;
        EXPECT_EQ(via_wire(plain, d, e.message), via_parser(**m, false)) << path << " entry " << e.index;
        EXPECT_EQ(via_wire(pretty, d, e.message), via_parser(**m, true)) << path << " entry " << e.index;
    }
}

TEST(WireRender, PrintsEveryRealEntryAsTheParserDoes) {
    size_t entries = 0, taken = 0;
    auto images = img::test::captured_images();
    for (const auto& c : img::test::shared_images()) images.push_back(c);
    for (const auto& c : images) check_image(c.path, entries, taken);
    ASSERT_GT(entries, 100u);
    // CRIU writes canonical protobuf: the wire printer should take nearly every entry.
    EXPECT_GE(taken * 100, entries * 95) << taken << " of " << entries;
}

TEST(WireRender, TextWriterGetsTheSameCalls) {
    // The readable view goes through ValueSink, not the typed JSON path.
    auto rd = img::ImageReader::open(img::test::captured_dir() + "/sleep/core-13181.img");
    ASSERT_TRUE(rd);
    img::RawEntry e;
    ASSERT_TRUE(*rd->next(e));
    img::EntryDecoder dec;
    auto m = dec.decode(e, "core");
    ASSERT_TRUE(m);
    const gp::Descriptor* d = img::find_message_type(e.message_type);
    img::WireRenderer r(img::RenderOptions{true});
    ASSERT_TRUE(r.handles(d, e.message));
    char* a = nullptr; size_t an = 0;
    char* b = nullptr; size_t bn = 0;
    {
        std::FILE* fa = open_memstream(&a, &an);
        img::TextWriter w(fa);
        w.begin_object(); r.render_fields(d, e.message, w); w.end_object(); w.flush();
        std::fclose(fa);
    }
    {
        std::FILE* fb = open_memstream(&b, &bn);
        img::TextWriter w(fb);
        w.begin_object(); img::render_fields(**m, w, img::RenderOptions{true}); w.end_object(); w.flush();
        std::fclose(fb);
    }
    std::string sa(a, an), sb(b, bn);
    std::free(a); std::free(b);
    EXPECT_GT(sa.size(), 100u);
    EXPECT_EQ(sa, sb);
}

// A FileEntry (type 1 = REG) with its required fields; reg is field 3 of FileEntry.
std::string reg_file(std::string_view name) {
    std::string fown = vfield(1, 0) + vfield(2, 0) + vfield(3, 0) + vfield(4, 0) + vfield(5, 0);
    std::string reg = vfield(1, 7) + vfield(2, 0) + vfield(3, 0) + lfield(5, fown) + lfield(6, name);
    return vfield(1, 1) + vfield(2, 7) + lfield(3, reg);
}

TEST(WireRender, TakesACanonicalEntry) {
    const gp::Descriptor* d = img::find_message_type("cimg.FileEntry");
    ASSERT_NE(d, nullptr);
    img::WireRenderer r(img::RenderOptions{false});
    std::string ok = reg_file("/bin/busybox");
    EXPECT_TRUE(r.handles(d, as_bytes(ok)));
    cimg::FileEntry m;
    ASSERT_TRUE(m.ParseFromString(ok));
    EXPECT_EQ(via_wire(r, d, as_bytes(ok)), via_parser(m, false));
}

// Varints of every length from 1 to 10 bytes, in the first, middle and last field of an entry
// (so with eight bytes or fewer left after them), print as the parser reads them.
TEST(WireRender, VarintsOfEveryLengthPrintAsTheParserDoes) {
    const gp::Descriptor* d = img::find_message_type("cimg.VmaEntry");
    ASSERT_NE(d, nullptr);
    img::WireRenderer r(img::RenderOptions{false});
    std::vector<uint64_t> values = {0, 1, 127, UINT64_MAX, UINT64_MAX - 1, uint64_t{1} << 63};
    for (int bits = 7; bits < 64; bits += 7) {
        values.push_back((uint64_t{1} << bits) - 1);   // the longest of a length
        values.push_back(uint64_t{1} << bits);         // the shortest of the next
        values.push_back((uint64_t{1} << bits) | 0x5a5a5a5a5a5a5a5aull >> (64 - bits));
    }
    size_t checked = 0;
    for (uint64_t v : values) {
        // start, end, pgoff, shmid (uint64); prot, flags, status (uint32); fd (sint64); madv.
        std::string first = vfield(1, v) + vfield(2, 2) + vfield(3, 3) + vfield(4, 4) + vfield(5, 5) + vfield(6, 6) +
                            vfield(7, 7) + vfield(8, 1);
        std::string middle = vfield(1, 1) + vfield(2, 2) + vfield(3, v) + vfield(4, 4) + vfield(5, v) + vfield(6, 6) +
                             vfield(7, 7) + vfield(8, v);
        std::string last = vfield(1, 1) + vfield(2, 2) + vfield(3, 3) + vfield(4, 4) + vfield(5, 5) + vfield(6, 6) +
                           vfield(7, 7) + vfield(8, 1) + vfield(9, v);
        for (const std::string& wire : {first, middle, last}) {
            cimg::VmaEntry m;
            ASSERT_TRUE(m.ParseFromString(wire)) << v;
            ASSERT_TRUE(r.handles(d, as_bytes(wire))) << v;
            EXPECT_EQ(via_wire(r, d, as_bytes(wire)), via_parser(m, false)) << v;
            ++checked;
        }
    }
    EXPECT_EQ(checked, 3 * values.size());
}

TEST(WireRender, RefusesWhatOnlyTheParserHandles) {
    const gp::Descriptor* d = img::find_message_type("cimg.FileEntry");
    img::WireRenderer r(img::RenderOptions{false});
    std::string ok = reg_file("/bin/busybox");
    struct Case { const char* what; std::string bytes; };
    std::vector<Case> cases = {
        {"an unknown field", ok + vfield(99, 1)},
        {"fields out of number order", vfield(2, 7) + vfield(1, 1) + ok.substr(4)},
        {"a singular field twice", vfield(1, 1) + ok},
        {"a missing required field", ok.substr(2)},
        {"a wrong wire type", lfield(1, "x") + ok.substr(2)},
        {"a truncated varint", ok + "\x08\xff"},
        {"a length past the end", ok + "\x1a\x7f"},
        {"an eleven-byte varint", std::string("\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 12) + ok.substr(2)},
        {"a group", ok + "\x0b\x0c"},
        {"a nested message lacking a required field", vfield(1, 1) + vfield(2, 7) + lfield(3, vfield(1, 7))},
        {"field number zero", std::string("\x00\x01", 2) + ok},
    };
    for (const auto& c : cases) EXPECT_FALSE(r.handles(d, as_bytes(c.bytes))) << c.what;
    EXPECT_FALSE(r.handles(nullptr, as_bytes(ok))) << "no type";
}

// An MmEntry too big to be held: its top-level fields, then `vmas` (field 14), one per element.
std::string big_mm(const std::vector<std::string>& vmas) {
    cimg::MmEntry top;
    for (int i = 1; i <= 11; ++i) top.GetReflection()->SetUInt64(&top, top.GetDescriptor()->FindFieldByNumber(i), 0x5555000000 + i);
    top.set_exe_file_id(3);
    top.add_mm_saved_auxv(33);
    std::string out = top.SerializeAsString();
    for (const auto& v : vmas) out += lfield(14, v);
    return out + vfield(15, 1);
}

cimg::VmaEntry vma(uint64_t i) {
    cimg::VmaEntry v;
    v.set_start(0x7f0000000000 + i * 0x3000);
    v.set_end(v.start() + 0x2000);
    v.set_pgoff(0);
    v.set_shmid(0);
    v.set_prot(3);
    v.set_flags(0x22);
    v.set_status(i % 3 ? 0x201 : 0x41);
    v.set_fd(-1);
    return v;
}

std::string vma_bytes(uint64_t i) { return vma(i).SerializeAsString(); }

// The VMA without its start and end, which the caller writes as it wants.
std::string vma_tail(uint64_t i) {
    auto v = vma(i);
    v.clear_start();
    v.clear_end();
    return v.SerializePartialAsString();
}

std::vector<std::string> many_vmas() {
    std::vector<std::string> v;
    for (uint64_t i = 0; i < 5000; ++i) v.push_back(vma_bytes(i));
    return v;
}

struct RenderedStream {
    img::WireRenderer::Streamed how;
    std::string json;
};

RenderedStream via_stream(const std::string& bytes, bool pretty) {
    img::WireRenderer r(img::RenderOptions{pretty});
    img::JsonWriter w(nullptr);
    auto how = r.stream_fields(img::find_message_type("cimg.MmEntry"), as_bytes(bytes), w);
    if (how == img::WireRenderer::Streamed::Done) w.end_object();
    return {how, w.str()};
}

// Prints it through the level-by-level path and expects exactly what the parser prints.
void expect_streams_as_parsed(const std::string& bytes, const char* what) {
    ASSERT_GT(bytes.size(), img::WireRenderer::kSpeculativeBytes) << what;
    cimg::MmEntry m;
    ASSERT_TRUE(m.ParseFromString(bytes)) << what;
    for (bool pretty : {false, true}) {
        auto s = via_stream(bytes, pretty);
        EXPECT_EQ(s.how, img::WireRenderer::Streamed::Done) << what;
        EXPECT_EQ(s.json, via_parser(m, pretty)) << what << (pretty ? " (pretty)" : "");
    }
}

TEST(WireRenderStream, BigCanonicalEntryPrintsAsTheParserDoes) {
    expect_streams_as_parsed(big_mm(many_vmas()), "canonical");
}

TEST(WireRenderStream, ASubMessageItRefusesGoesThroughTheParserAlone) {
    auto vmas = many_vmas();
    vmas[17] += vfield(99, 5);                                       // an unknown field
    vmas[1000] = vfield(2, 0x2000) + vfield(1, 0x1000) + vma_tail(1000);   // out of order
    vmas[4000] = vma_bytes(4000) + vfield(5, 7);                     // prot twice: the last one wins
    std::string bytes = big_mm(vmas);
    expect_streams_as_parsed(bytes, "three odd VMAs");
    EXPECT_NE(via_stream(bytes, false).json.find("_unknown_fields"), std::string::npos);
}

TEST(WireRenderStream, ARefusedTopLevelWritesNothing) {
    std::string bytes = big_mm(many_vmas());
    auto s = via_stream(bytes + vfield(1, 1), false);                 // a top-level field after 15
    EXPECT_EQ(s.how, img::WireRenderer::Streamed::Refused);
    EXPECT_EQ(s.json, "") << "nothing is written when the top level is refused";
    EXPECT_EQ(via_stream(bytes + vfield(99, 1), false).how, img::WireRenderer::Streamed::Refused);
}

// Sets every unset required field of m (and of its required or present sub-messages) to zero.
void fill_required(gp::Message& m) {
    using FD = gp::FieldDescriptor;
    const auto* d = m.GetDescriptor();
    const auto* r = m.GetReflection();
    for (int i = 0; i < d->field_count(); ++i) {
        const FD* f = d->field(i);
        if (f->cpp_type() == FD::CPPTYPE_MESSAGE && !f->is_repeated() && (f->is_required() || r->HasField(m, f)))
            fill_required(*r->MutableMessage(&m, f));
        if (!f->is_required()) continue;
        if (f->cpp_type() == FD::CPPTYPE_MESSAGE) continue;
        if (r->HasField(m, f)) continue;
        switch (f->cpp_type()) {
        case FD::CPPTYPE_INT32: r->SetInt32(&m, f, 0); break;
        case FD::CPPTYPE_INT64: r->SetInt64(&m, f, 0); break;
        case FD::CPPTYPE_UINT32: r->SetUInt32(&m, f, 0); break;
        case FD::CPPTYPE_UINT64: r->SetUInt64(&m, f, 0); break;
        case FD::CPPTYPE_DOUBLE: r->SetDouble(&m, f, 0); break;
        case FD::CPPTYPE_FLOAT: r->SetFloat(&m, f, 0); break;
        case FD::CPPTYPE_BOOL: r->SetBool(&m, f, false); break;
        case FD::CPPTYPE_ENUM: r->SetEnum(&m, f, f->enum_type()->value(0)); break;
        case FD::CPPTYPE_STRING: r->SetString(&m, f, ""); break;
        case FD::CPPTYPE_MESSAGE: break;
        }
    }
}

TEST(WireRenderStream, ABigSubMessageIsTakenLevelByLevelToo) {
    // A core whose task core holds more rlimits than the hold size: two nested levels stream.
    cimg::CoreEntry c;
    c.set_mtype(1);
    auto* rl = c.mutable_tc()->mutable_rlimits();
    for (int i = 0; i < 6000; ++i) {
        auto* e = rl->add_rlimits();
        e->set_cur(i);
        e->set_max(~0ull);
        if (i == 4321) e->mutable_unknown_fields()->AddVarint(77, 1);
    }
    fill_required(c);
    ASSERT_TRUE(c.IsInitialized()) << c.InitializationErrorString();
    std::string bytes = c.SerializeAsString();
    ASSERT_GT(c.tc().ByteSizeLong(), img::WireRenderer::kSpeculativeBytes);
    ASSERT_GT(c.tc().rlimits().ByteSizeLong(), img::WireRenderer::kSpeculativeBytes);
    for (bool pretty : {false, true}) {
        img::WireRenderer r(img::RenderOptions{pretty});
        img::JsonWriter w(nullptr);
        ASSERT_EQ(r.stream_fields(c.GetDescriptor(), as_bytes(bytes), w), img::WireRenderer::Streamed::Done);
        w.end_object();
        EXPECT_EQ(w.str(), via_parser(c, pretty));
        EXPECT_NE(w.str().find("_unknown_fields"), std::string::npos);
    }
}

TEST(WireRenderStream, ABrokenSubMessageIsReportedWithItsEntry) {
    auto vmas = many_vmas();
    vmas[2500] = vfield(2, 0x2000) + vma_tail(2500);   // lacks the required `start`
    std::string bytes = big_mm(vmas);
    EXPECT_EQ(via_stream(bytes, false).how, img::WireRenderer::Streamed::Broken);
    std::string image = common_header(0x57492820 /* MM */) + frame(bytes);
    auto r = img::test::render_bytes("mm-1.img", image);
    ASSERT_FALSE(r.ok);
    EXPECT_NE(r.error.message().find("mm-1.img"), std::string::npos) << r.error.message();
    EXPECT_NE(r.error.message().find("lacks required"), std::string::npos) << r.error.message();
    EXPECT_EQ(r.error.entry, 0);
}

TEST(WireRenderStream, RenderImageStreamsABigEntryLikeTheParser) {
    auto vmas = many_vmas();
    vmas[3] += vfield(99, 5);
    std::string bytes = big_mm(vmas);
    std::string image = common_header(0x57492820 /* MM */) + frame(bytes);
    auto r = img::test::render_bytes("mm-1.img", image);
    ASSERT_TRUE(r.ok) << r.error.message();
    cimg::MmEntry m;
    ASSERT_TRUE(m.ParseFromString(bytes));
    EXPECT_NE(r.json.find(via_parser(m, false)), std::string::npos);
}

// Damaged big entries: whatever the damage, rendering either fails with an error naming the
// file and the entry, or prints exactly what the parser makes of the bytes.
TEST(WireRenderStream, DamagedBigEntriesErrOrPrintWhatTheParserReads) {
    auto vmas = many_vmas();
    vmas[40] += vfield(99, 5);
    const std::string good = big_mm(vmas);
    const std::string header = common_header(0x57492820 /* MM */);
    std::mt19937 rng(7);
    int printed = 0, failed = 0;
    for (int round = 0; round < 300; ++round) {
        std::string bytes = good;
        if (round % 3 == 0) {
            bytes.resize(rng() % bytes.size());                                  // truncated
        } else {
            for (int k = 0; k < 1 + round % 4; ++k) bytes[rng() % bytes.size()] ^= static_cast<char>(1u << (rng() % 8));
        }
        auto r = img::test::render_bytes("mm-9.img", header + frame(bytes));
        cimg::MmEntry m;
        bool parses = m.ParsePartialFromString(bytes) && m.IsInitialized();
        if (!r.ok) {
            ++failed;
            EXPECT_FALSE(parses) << "round " << round << ": the parser reads these bytes but rendering failed: "
                                 << r.error.message();
            EXPECT_NE(r.error.message().find("mm-9.img"), std::string::npos) << r.error.message();
            EXPECT_EQ(r.error.entry, 0) << r.error.message();
            continue;
        }
        ++printed;
        ASSERT_TRUE(parses) << "round " << round << ": rendered bytes the parser rejects";
        auto got = nlohmann::json::parse(r.json);
        EXPECT_EQ(got["entries"][0], nlohmann::json::parse(via_parser(m, false))) << "round " << round;
    }
    EXPECT_GT(printed, 20);
    EXPECT_GT(failed, 20);
}

TEST(WireRender, RenderImageKeepsUnknownFieldsThroughTheParser) {
    // An entry the wire printer refuses still prints, losslessly, through the parser.
    std::string img_bytes = common_header(0x56303138 /* FILES */) + frame(reg_file("/a") + vfield(99, 5));
    auto r = img::test::render_bytes("files.img", img_bytes);
    ASSERT_TRUE(r.ok) << r.error.message();
    EXPECT_NE(r.json.find("_unknown_fields"), std::string::npos) << r.json;
    EXPECT_NE(r.json.find("\"/a\""), std::string::npos) << r.json;
}

// VMAs whose every field takes values of every varint length (fd both signs), with and
// without the optional fields, as sub-messages of an MmEntry small enough to be held and of one
// big enough to stream: the simple loop (all numbers) prints what the parser prints, plain and pretty.
std::vector<std::string> varied_vmas() {
    std::vector<uint64_t> values = {0, 1, 127, 128, UINT64_MAX, uint64_t{1} << 63};
    for (int bits = 14; bits < 64; bits += 7) values.push_back((uint64_t{1} << bits) - 1);
    std::vector<std::string> vmas;
    for (size_t i = 0; i < values.size(); ++i) {
        uint64_t v = values[i], w = values[(i + 3) % values.size()];
        cimg::VmaEntry m;
        m.set_start(v);
        m.set_end(w);
        m.set_pgoff(v >> 3);
        m.set_shmid(w >> 5);
        m.set_prot(static_cast<uint32_t>(v));
        m.set_flags(static_cast<uint32_t>(w));
        m.set_status(static_cast<uint32_t>(v >> 32));
        m.set_fd(i % 2 ? -static_cast<int64_t>(v >> 1) : static_cast<int64_t>(w >> 1));
        if (i % 3 == 0) m.set_madv(v);
        if (i % 4 != 1) m.set_fdflags(static_cast<uint32_t>(w));
        vmas.push_back(m.SerializeAsString());
    }
    return vmas;
}

void expect_held_and_streamed_as_parsed(const std::vector<std::string>& vmas, const char* what) {
    // Held: the whole entry is under the hold size (the wire printer takes it or, when a VMA is
    // odd, the parser does; either way the image prints what the parser prints).
    std::string small = big_mm(vmas);
    ASSERT_LE(small.size(), img::WireRenderer::kSpeculativeBytes) << what;
    cimg::MmEntry m;
    ASSERT_TRUE(m.ParseFromString(small)) << what;
    auto r = img::test::render_bytes("mm-1.img", common_header(0x57492820 /* MM */) + frame(small));
    ASSERT_TRUE(r.ok) << what << ": " << r.error.message();
    EXPECT_EQ(nlohmann::json::parse(r.json)["entries"][0], nlohmann::json::parse(via_parser(m, false))) << what;
    // Streamed: the same VMAs among many canonical ones.
    auto many = many_vmas();
    for (size_t i = 0; i < vmas.size(); ++i) many.insert(many.begin() + static_cast<long>(std::min(i * 200, many.size())), vmas[i]);
    expect_streams_as_parsed(big_mm(many), what);
}

TEST(WireRenderSimple, VmasOfEveryWidthAndSignPrintAsTheParserDoes) {
    auto vmas = varied_vmas();
    expect_held_and_streamed_as_parsed(vmas, "varied VMAs");
    // Canonical, so the wire printer itself takes the held entry, plain and pretty (pretty
    // prints addresses in hex, and the simple loop prints compact JSON only).
    std::string small = big_mm(vmas);
    cimg::MmEntry m;
    ASSERT_TRUE(m.ParseFromString(small));
    for (bool pretty : {false, true}) {
        img::WireRenderer r(img::RenderOptions{pretty});
        img::JsonWriter w(nullptr, pretty ? 4 : 0);
        w.begin_object();
        ASSERT_TRUE(r.try_render_fields(m.GetDescriptor(), as_bytes(small), w));
        w.end_object();
        img::JsonWriter want(nullptr, pretty ? 4 : 0);
        want.begin_object();
        img::render_fields(m, want, img::RenderOptions{pretty});
        want.end_object();
        EXPECT_EQ(w.str(), want.str()) << (pretty ? "pretty" : "plain");
    }
}

// Encodings the simple loop does not take (it writes nothing then): the general walk decides, and
// it either prints them as the parser reads them or hands them to the parser.
TEST(WireRenderSimple, WhatTheLoopRefusesTheGeneralWalkOrTheParserPrints) {
    auto vmas = varied_vmas();
    std::string tail = vma_tail(5);
    // A tag written in two bytes (0x88 0x00: field 1, varint): canonical to protobuf's parser.
    vmas.push_back(std::string("\x88\x00", 2) + std::string("\x01", 1) + vfield(2, 0x2000) + tail);
    vmas.push_back(vfield(2, 0x2000) + vfield(1, 0x1000) + tail);                       // out of order
    vmas.push_back(vma_bytes(7) + vfield(8, 3));                                        // fd twice
    vmas.push_back(vma_bytes(8) + vfield(20, 1));                                       // unknown, two-byte tag
    vmas.push_back(vma_bytes(9) + vfield(11, 1));                                       // unknown, one-byte tag
    vmas.push_back(vma_bytes(10) + lfield(10, "x"));                                    // a wrong wire type
    // And a canonical one after them (pgoff a six-byte varint): the loop takes it again.
    vmas.push_back(vfield(1, 0x1000) + vfield(2, 0x2000) + vfield(3, uint64_t{1} << 40) + vma_tail(11).substr(2));
    expect_held_and_streamed_as_parsed(vmas, "odd VMAs");
}

TEST(WireRenderSimple, ABrokenVmaStillFailsTheEntry) {
    for (std::string bad : {vfield(2, 0x2000) + vma_tail(3),                 // no start (required)
                            vma_bytes(4) + std::string("\x48\xff", 2)}) {    // madv's varint cut short
        auto vmas = many_vmas();
        vmas[10] = bad;
        std::string image = common_header(0x57492820 /* MM */) + frame(big_mm(vmas));
        auto r = img::test::render_bytes("mm-2.img", image);
        EXPECT_FALSE(r.ok) << "streamed";
        std::vector<std::string> few = {vma_bytes(1), bad, vma_bytes(2)};
        auto small = img::test::render_bytes("mm-3.img", common_header(0x57492820) + frame(big_mm(few)));
        EXPECT_FALSE(small.ok) << "held";
        if (!small.ok) {
            EXPECT_NE(small.error.message().find("mm-3.img"), std::string::npos) << small.error.message();
        }
    }
}

// The simple loop takes messages whose present fields are numbers, booleans, named enum values,
// plain text or messages of the same kind (a file entry, its owner, a pipe); anything else in them
// sends the whole message to the general walk. Either way a FILES image prints what the parser
// prints, and what the parser rejects fails.
std::string file_entry(uint64_t type, const std::string& body_field) { return vfield(1, type) + vfield(2, 7) + body_field; }
std::string fown_bytes() { return vfield(1, 0) + vfield(2, 0) + vfield(3, 0) + vfield(4, 0) + vfield(5, 0); }
std::string reg(std::string_view name, const std::string& after = "") {
    return lfield(3, vfield(1, 7) + vfield(2, 0x8002) + vfield(3, 12) + lfield(5, fown_bytes()) + lfield(6, name) + after);
}

void expect_files_print_as_parsed(const std::vector<std::pair<const char*, std::string>>& cases) {
    for (const auto& [what, entry] : cases) {
        std::string image = common_header(0x56303138 /* FILES */) + frame(vfield(1, 1) + vfield(2, 1) + reg("/a")) +
                            frame(entry) + frame(vfield(1, 1) + vfield(2, 2) + reg("/b"));
        auto r = img::test::render_bytes("files.img", image);
        cimg::FileEntry m;
        bool parses = m.ParseFromString(entry);
        if (!parses) {
            EXPECT_FALSE(r.ok) << what;
            continue;
        }
        ASSERT_TRUE(r.ok) << what << ": " << r.error.message();
        auto got = nlohmann::json::parse(r.json);
        EXPECT_EQ(got["entries"][1], nlohmann::json::parse(via_parser(m, false))) << what;
        EXPECT_EQ(got["entries"][2]["reg"]["name"], "/b") << what << ": the next entry is untouched";
        // The same bytes as a sub-message would be printed by the general walk of a held entry's
        // parent; here compare the plain text too, byte for byte with the parser's printer.
        img::JsonWriter want(nullptr);
        want.begin_object();
        img::render_fields(m, want, img::RenderOptions{false});
        want.end_object();
        EXPECT_NE(r.json.find(want.str()), std::string::npos) << what << "\n" << want.str() << "\n" << r.json;
    }
}

TEST(WireRenderSimple, FileEntriesOfEveryKindOfFieldPrintAsTheParserDoes) {
    std::string long_name(5000, 'n');
    expect_files_print_as_parsed({
        {"a plain regular file", file_entry(1, reg("/bin/busybox"))},
        {"optional fields: mnt_id (negative sint32), size, ext, mode",
         file_entry(1, reg("/x", vfield(7, 3) + vfield(8, 1u << 31) + vfield(9, 1) + vfield(10, 0100644)))},
        {"a boolean written as 2", file_entry(1, reg("/x", vfield(9, 2)))},
        {"a boolean false", file_entry(1, reg("/x", vfield(9, 0)))},
        {"a pipe", file_entry(2, lfield(18, vfield(1, 7) + vfield(2, 99) + vfield(3, 1) + lfield(4, fown_bytes())))},
        {"an empty name", file_entry(1, reg(""))},
        // What the simple loop does not take: the general walk or the parser prints it.
        {"a name with a quote", file_entry(1, reg("/a\"b"))},
        {"a name with a backslash and a tab", file_entry(1, reg("/a\\b\tc"))},
        {"a UTF-8 name", file_entry(1, reg("/caf\xc3\xa9"))},
        {"a name that is not UTF-8", file_entry(1, reg("/bad\xff\xfe"))},
        {"a name longer than the loop takes", file_entry(1, reg(long_name))},
        {"a type newer than our names (50)", file_entry(50, reg("/x"))},
        {"a type past the name table (CTL_TTY)", file_entry(65534, reg("/x"))},
        {"a type wider than 32 bits", file_entry((uint64_t{1} << 32) | 1, reg("/x"))},
        {"a repeated field (build_id)", file_entry(1, reg("/x", vfield(11, 0xdead) + vfield(11, 0xbeef)))},
        {"an unknown field in the owner", file_entry(1, lfield(3, vfield(1, 7) + vfield(2, 0) + vfield(3, 0) +
                                                                  lfield(5, fown_bytes() + vfield(9, 1)) + lfield(6, "/x")))},
        {"fields out of order", vfield(2, 7) + vfield(1, 1) + reg("/x")},
        {"no owner (required)", file_entry(1, lfield(3, vfield(1, 7) + vfield(2, 0) + vfield(3, 0) + lfield(6, "/x")))},
        {"a name cut short", file_entry(1, lfield(3, vfield(1, 7) + vfield(2, 0) + vfield(3, 0) + lfield(5, fown_bytes()) +
                                                         std::string("\x32\x05/ab", 4)))},
    });
}

// A message with nothing in it prints as {} (the caller's braces, and nothing between them).
TEST(WireRenderSimple, AnEmptyEntryPrintsAsTheParserDoes) {
    cimg::FileEntry m;
    EXPECT_FALSE(m.ParseFromString("")) << "a file entry's type and id are required";
    EXPECT_FALSE(img::test::render_bytes("files.img", common_header(0x56303138 /* FILES */) + frame("")).ok);
    // A STATS entry's two fields are optional.
    std::string stats = img::test::wire_bytes::service_header(0x57093306) + frame("");
    auto s = img::test::render_bytes("stats-dump", stats);
    ASSERT_TRUE(s.ok) << s.error.message();
    EXPECT_EQ(nlohmann::json::parse(s.json)["entries"], nlohmann::json::parse("[{}]")) << s.json;
    EXPECT_NE(s.json.find("[{}]"), std::string::npos) << s.json;
}

}  // namespace
