// WireRenderer: printing from the wire bytes must give exactly what the parsed
// message prints (render_fields), on every real entry, plain and --pretty, and
// it must refuse (so the parser takes over) every encoding it does not handle.
#include <gtest/gtest.h>

#include "support/schema.h"

#include "img/entry_decoder.h"
#include "img/image_reader.h"
#include "img/json_writer.h"
#include "img/schema_hints.h"
#include "img/text_writer.h"
#include "img/wire_render.h"
#include "support/corpus.h"
#include "support/fixtures.h"

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

TEST(WireRender, RenderImageKeepsUnknownFieldsThroughTheParser) {
    // An entry the wire printer refuses still prints, losslessly, through the parser.
    std::string img_bytes = common_header(0x56303138 /* FILES */) + frame(reg_file("/a") + vfield(99, 5));
    auto r = img::test::render_bytes("files.img", img_bytes);
    ASSERT_TRUE(r.ok) << r.error.message();
    EXPECT_NE(r.json.find("_unknown_fields"), std::string::npos) << r.json;
    EXPECT_NE(r.json.find("\"/a\""), std::string::npos) << r.json;
}

}  // namespace
