// Whole images <-> crit-shaped JSON, on the fixtures of testdata/gen/ (each
// a readable crit-style description encoded by our own encoder).
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "img/convert/image_json.h"
#include "img/io/image_kind.h"
#include "img/io/image_reader.h"
#include "img/io/mapped_file.h"
#include "harness/fixtures.h"
#include "harness/paths.h"
#include "harness/schema.h"

namespace {

using json = nlohmann::json;
namespace wb = img::test::wire_bytes;
using img::test::gen_image;
using img::test::gen_json;
using img::test::hex;
using img::test::render_bytes;

// Fixture names (image file names) in testdata/gen/.
std::vector<std::string> fixtures() {
    std::vector<std::string> v;
    for (const auto& e : std::filesystem::directory_iterator(img::test::gen_dir())) {
        std::string n = e.path().filename().string();
        if (n.ends_with(".json")) v.push_back(n.substr(0, n.size() - 5));
    }
    std::sort(v.begin(), v.end());
    return v;
}

// Fixtures written in an older crit's shape, which do not render back to the same JSON text.
bool legacy_shape(const std::string& name) { return name == "pagemap-5.img"; }

struct Entry {
    std::string message, payload;
};

std::vector<Entry> read_entries(const std::string& name, const std::string& bytes) {
    std::vector<Entry> out;
    auto r = img::ImageReader::from_file(img::MappedFile::from_string(name, bytes));
    if (!r.ok()) { ADD_FAILURE() << r.error().message(); return out; }
    img::RawEntry e;
    for (;;) {
        auto more = r->next(e);
        if (!more.ok()) { ADD_FAILURE() << more.error().message(); break; }
        if (!*more) break;
        out.push_back({img::to_string(e.message), img::to_string(e.payload)});
    }
    return out;
}

TEST(GenFixtures, ThereAreFixtures) { EXPECT_GE(fixtures().size(), 12u); }

TEST(GenFixtures, EveryFixtureEncodesAndRoundTrips) {
    for (const auto& name : fixtures()) {
        SCOPED_TRACE(name);
        std::string bytes = gen_image(name);
        ASSERT_FALSE(bytes.empty());
        for (bool pretty : {false, true}) {
            for (int indent : {0, 4}) {
                auto r = render_bytes(name, bytes, pretty, indent);
                ASSERT_TRUE(r.ok) << r.error.message();
                auto again = img::encode_image_json(r.json, name + ".json");
                ASSERT_TRUE(again.ok()) << again.error().message() << "\n" << r.json;
                EXPECT_EQ(*again, bytes) << "pretty=" << pretty << " indent=" << indent << "\n" << hex(*again) << "\n" << hex(bytes);
            }
        }
    }
}

TEST(GenFixtures, CanonicalFixturesRenderToThemselves) {
    for (const auto& name : fixtures()) {
        if (legacy_shape(name)) continue;
        SCOPED_TRACE(name);
        auto r = render_bytes(name, gen_image(name));
        ASSERT_TRUE(r.ok) << r.error.message();
        EXPECT_EQ(json::parse(r.json), json::parse(gen_json(name))) << r.json;
    }
}

TEST(GenFixtures, PipesDataBytesAsCritWritesThem) {
    // format reference §4.6: ...0a00 0000 08c0 c407 1006 1880 8004 | 68 65 6c 6c 6f 0a
    std::string b = gen_image("pipes-data.img");
    std::string first = std::string("\x0a\x00\x00\x00\x08\xc0\xc4\x07\x10\x06\x18\x80\x80\x04", 14) + "hello\n";
    ASSERT_GE(b.size(), 8 + first.size());
    EXPECT_EQ(b.substr(0, 8), wb::common_header(0x56453709));
    EXPECT_EQ(b.substr(8, first.size()), first) << hex(b);
    auto v = read_entries("pipes-data.img", b);
    ASSERT_EQ(v.size(), 3u);
    EXPECT_EQ(v[1].payload, "");
    EXPECT_EQ(v[2].payload, std::string("\x00\xff\x10", 3));
}

TEST(GenFixtures, SkQueuesPayloads) {
    auto v = read_entries("sk-queues.img", gen_image("sk-queues.img"));
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[0].payload, "hello");
    EXPECT_EQ(v[1].payload, "xyz");
}

TEST(GenFixtures, TcpStreamQueuesFollowTheMessage) {
    std::string b = gen_image("tcp-stream-3f2.img");
    EXPECT_TRUE(b.ends_with("abcxy")) << hex(b);
    auto v = read_entries("tcp-stream-3f2.img", b);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].payload, "abcxy");
    auto pretty = render_bytes("tcp-stream-3f2.img", b, true);
    ASSERT_TRUE(pretty.ok);
    json j = json::parse(pretty.json);
    EXPECT_EQ(j["entries"][0]["extra"], json::parse(R"({"inq": "YWJj\n", "outq": "eHk=\n"})"));
    EXPECT_EQ(j["entries"][0]["opt_mask"], "0x7");
}

TEST(GenFixtures, GhostChunked) {
    std::string b = gen_image("ghost-file-1a.img");
    auto v = read_entries("ghost-file-1a.img", b);
    ASSERT_EQ(v.size(), 3u);
    EXPECT_EQ(v[0].payload, "");
    EXPECT_EQ(v[1].payload, "ABCD");
    EXPECT_EQ(v[2].payload, "XY");
    EXPECT_TRUE(b.ends_with("XY"));
    auto pretty = render_bytes("ghost-file-1a.img", b, true);
    ASSERT_TRUE(pretty.ok);
    json j = json::parse(pretty.json);
    EXPECT_EQ(j["entries"][0]["dev"], "0:44");
    EXPECT_FALSE(j["entries"][0].contains("extra")) << "a chunked ghost's head has no payload";
    EXPECT_EQ(j["entries"][2]["extra"], "WFk=\n");
}

TEST(GenFixtures, GhostWhole) {
    std::string b = gen_image("ghost-file-2.img");
    EXPECT_TRUE(b.ends_with("ghost file contents\n"));
    auto v = read_entries("ghost-file-2.img", b);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].payload, "ghost file contents\n");
    auto pretty = render_bytes("ghost-file-2.img", b, true);
    ASSERT_TRUE(pretty.ok);
    EXPECT_EQ(json::parse(pretty.json)["entries"][0]["dev"], "8:1");
}

TEST(GenFixtures, IpcShmPaddingAndInPagemaps) {
    auto v = read_entries("ipcns-shm-7.img", gen_image("ipcns-shm-7.img"));
    ASSERT_EQ(v.size(), 3u);
    EXPECT_EQ(v[0].payload, "") << "in_pagemaps: content is in a shmem pagemap";
    EXPECT_EQ(v[1].payload, std::string("hello\0\0\0", 8)) << "5 bytes padded to 4";
    EXPECT_EQ(v[2].payload, "12345678");
    auto r = render_bytes("ipcns-shm-7.img", gen_image("ipcns-shm-7.img"));
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(json::parse(r.json)["entries"][1]["extra"], "aGVsbG8=\n") << "padding is not part of the data";
}

TEST(GenFixtures, IpcSemValuesPaddedToEight) {
    auto v = read_entries("ipcns-sem-7.img", gen_image("ipcns-sem-7.img"));
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[0].payload, std::string("\x01\x00\x02\x00\x03\x00\x00\x00", 8));
    EXPECT_EQ(v[1].payload, std::string("\x0a\x00\x14\x00\x1e\x00\xff\xff", 8));
}

TEST(GenFixtures, IpcMsgRecords) {
    auto v = read_entries("ipcns-msg-7.img", gen_image("ipcns-msg-7.img"));
    ASSERT_EQ(v.size(), 2u);
    std::string m1 = "\x08\x01\x10\x05", m2 = "\x08\x02\x10\x08";
    std::string expected = wb::u32(4) + m1 + std::string("hello\0\0\0", 8) + wb::u32(4) + m2 + "12345678";
    EXPECT_EQ(v[0].payload, expected) << hex(v[0].payload);
    EXPECT_EQ(v[1].payload, "");
}

TEST(GenFixtures, BpfmapKeysAndValues) {
    auto v = read_entries("bpfmap-data.img", gen_image("bpfmap-data.img"));
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].payload.size(), 16u);
}

TEST(GenFixtures, NonUtf8NameKeepsItsBytes) {
    std::string b = gen_image("files.img");
    EXPECT_NE(b.find("/tmp/caf\xe9.txt"), std::string::npos) << hex(b);
    auto r = render_bytes("files.img", b);
    ASSERT_TRUE(r.ok);
    json j = json::parse(r.json);
    EXPECT_EQ(j["entries"][0]["reg"]["name"]["text"], "/tmp/caf\\xe9.txt");
    EXPECT_EQ(j["entries"][2]["type"], 77) << "an fd type our schema lacks stays a number";
}

TEST(GenFixtures, UnixNameQuotedPrintable) {
    std::string b = gen_image("unixsk.img");
    EXPECT_NE(b.find(std::string("\0abstract=name\xff", 15)), std::string::npos) << hex(b);
}

TEST(GenFixtures, ZombieCore) {
    std::string b = gen_image("core-77.img");
    auto pretty = render_bytes("core-77.img", b, true);
    ASSERT_TRUE(pretty.ok);
    EXPECT_EQ(json::parse(pretty.json)["entries"][0]["tc"]["task_state"], "Dead");
    auto plain = render_bytes("core-77.img", b, false);
    EXPECT_EQ(json::parse(plain.json)["entries"][0]["tc"]["task_state"], 2);
}

TEST(GenFixtures, LegacyPagemapShape) {
    auto v = read_entries("pagemap-5.img", gen_image("pagemap-5.img"));
    ASSERT_EQ(v.size(), 3u);
    cimg::PagemapHead h;
    ASSERT_TRUE(h.ParseFromString(v[0].message));
    EXPECT_EQ(h.pages_id(), 1u);
    cimg::PagemapEntry old;
    ASSERT_TRUE(old.ParseFromString(v[1].message));
    EXPECT_EQ(old.compat_nr_pages(), 2u);
    EXPECT_FALSE(old.has_nr_pages());
    cimg::PagemapEntry cur;
    ASSERT_TRUE(cur.ParseFromString(v[2].message));
    EXPECT_EQ(cur.compat_nr_pages(), 0u);
    EXPECT_EQ(cur.nr_pages(), 300u);
}

TEST(EncodeImageJson, CritZombieEncodesToThree) {
    auto b = img::encode_image_json(R"({"magic": "CORE", "entries": [{"mtype": "X86_64", "tc": {"task_state": "Zombie",
        "exit_code": 0, "personality": 0, "flags": 0, "blk_sigset": "0x0", "comm": "sleep"}}]})", "core-1.json");
    ASSERT_TRUE(b.ok()) << b.error().message();
    auto v = read_entries("core-1.img", *b);
    ASSERT_EQ(v.size(), 1u);
    cimg::CoreEntry c;
    ASSERT_TRUE(c.ParseFromString(v[0].message));
    EXPECT_EQ(c.tc().task_state(), 3u);
    auto pretty = render_bytes("core-1.img", *b, true);
    EXPECT_EQ(json::parse(pretty.json)["entries"][0]["tc"]["task_state"], "Stopped");
}

TEST(EncodeImageJson, HeaderFollowsTheKind) {
    auto inv = img::encode_image_json(R"({"magic": "INVENTORY", "entries": [{"img_version": 2, "fdinfo_per_id": true}]})", "i.json");
    ASSERT_TRUE(inv.ok()) << inv.error().message();
    EXPECT_EQ(inv->substr(0, 4), wb::u32(img::kInventoryMagic));
    EXPECT_EQ(inv->substr(4, 4), wb::u32(4)) << "no common magic before inventory entries";
    auto stats = img::encode_image_json(R"({"magic": "STATS", "entries": []})", "s.json");
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(*stats, wb::service_header(0x57093306));
    auto ps = img::encode_image_json(R"({"magic": "PSTREE", "entries": []})", "p.json");
    ASSERT_TRUE(ps.ok());
    EXPECT_EQ(*ps, wb::common_header(0x50273030));
    auto alias = img::encode_image_json(R"({"magic": "SHMEM_PAGEMAP", "entries": []})", "p.json");
    ASSERT_TRUE(alias.ok());
    EXPECT_EQ(*alias, wb::common_header(0x56084025));
    auto no_entries = img::encode_image_json(R"({"magic": "PSTREE"})", "p.json");
    ASSERT_TRUE(no_entries.ok());
    EXPECT_EQ(*no_entries, wb::common_header(0x50273030));
}

std::string encode_error(const std::string& text, const std::string& src = "bad.json") {
    auto b = img::encode_image_json(text, src);
    EXPECT_FALSE(b.ok()) << text;
    if (b.ok()) return "";
    std::string m = b.error().message();
    EXPECT_NE(m.find(src), std::string::npos) << m;
    return m;
}

TEST(EncodeImageJson, InvalidJsonNamesFileAndOffset) {
    std::string m = encode_error("{\"magic\": \"PSTREE\", \"entries\": [}", "broken.json");
    EXPECT_NE(m.find("not valid JSON"), std::string::npos) << m;
    EXPECT_NE(m.find("offset"), std::string::npos) << m;
    encode_error("", "empty.json");
}

TEST(EncodeImageJson, ShapeErrors) {
    EXPECT_NE(encode_error("[1, 2]").find("magic"), std::string::npos);
    EXPECT_NE(encode_error(R"({"magic": "NOPE", "entries": []})").find("NOPE"), std::string::npos);
    EXPECT_NE(encode_error(R"({"magic": "pages", "entries": []})").find("pages"), std::string::npos)
        << "raw kinds cannot be encoded";
    encode_error(R"({"magic": 5, "entries": []})");
    EXPECT_NE(encode_error(R"({"magic": "PSTREE", "entries": {}})").find("entries"), std::string::npos);
}

// Entries are encoded as the parser completes them when "magic" comes first (crit's order), and
// from the whole document otherwise; other top-level keys are ignored. The image is the same.
TEST(EncodeImageJson, KeyOrderDoesNotChangeTheImage) {
    const std::string entries = R"([{"pid": 1, "ppid": 0, "pgid": 1, "sid": 1, "threads": [1, 7]},
                                     {"pid": 2, "ppid": 1, "pgid": 1, "sid": 1}])";
    auto first = img::encode_image_json(R"({"magic": "PSTREE", "entries": )" + entries + "}", "a.json");
    ASSERT_TRUE(first.ok()) << first.error().message();
    EXPECT_EQ(read_entries("a.img", *first).size(), 2u);
    for (const std::string& text : {R"({"entries": )" + entries + R"(, "magic": "PSTREE"})",
                                    R"({"note": [1, {"x": 2}], "magic": "PSTREE", "y": {}, "entries": )" + entries + "}",
                                    R"({"entries": )" + entries + R"(, "note": 1, "magic": "PSTREE", "z": []})"}) {
        auto b = img::encode_image_json(text, "b.json");
        ASSERT_TRUE(b.ok()) << b.error().message();
        EXPECT_EQ(*b, *first) << text;
    }
}

// One message of each type serves every entry in turn: nothing of one entry stays in the next.
TEST(EncodeImageJson, EachEntryStandsAlone) {
    const std::string a = R"({"pid": 1, "ppid": 0, "pgid": 1, "sid": 1, "threads": [1, 2, 3]})";
    const std::string b = R"({"pid": 9, "ppid": 1, "pgid": 9, "sid": 9})";
    auto both = img::encode_image_json(R"({"magic": "PSTREE", "entries": [)" + a + ", " + b + "]}", "p.json");
    auto alone = img::encode_image_json(R"({"magic": "PSTREE", "entries": [)" + b + "]}", "p.json");
    ASSERT_TRUE(both.ok() && alone.ok());
    auto v = read_entries("p.img", *both), w = read_entries("p.img", *alone);
    ASSERT_EQ(v.size(), 2u);
    ASSERT_EQ(w.size(), 1u);
    EXPECT_EQ(v[1].message, w[0].message);
    cimg::PstreeEntry p;
    ASSERT_TRUE(p.ParseFromString(v[1].message));
    EXPECT_EQ(p.threads_size(), 0);
}

TEST(EncodeImageJson, AKeyGivenTwiceIsAnError) {
    EXPECT_NE(encode_error(R"({"magic": "PSTREE", "magic": "CORE", "entries": []})").find("\"magic\" is given more"),
              std::string::npos);
    EXPECT_NE(encode_error(R"({"magic": "PSTREE", "entries": [], "entries": []})").find("\"entries\" is given more"),
              std::string::npos);
}

// The document's syntax is judged first: a bad entry before a syntax error is not what is reported.
TEST(EncodeImageJson, ABrokenDocumentIsReportedBeforeItsEntries) {
    std::string m = encode_error(R"({"magic": "PSTREE", "entries": [{"pid": "x"}, ])", "late.json");
    EXPECT_NE(m.find("not valid JSON"), std::string::npos) << m;
    // Entry errors name the first bad entry, in either key order.
    for (const std::string& text :
         {std::string(R"({"magic": "PSTREE", "entries": [{"pid": 1, "ppid": 0, "pgid": 1, "sid": 1}, {"pid": 2}, {"x": 1}]})"),
          std::string(R"({"entries": [{"pid": 1, "ppid": 0, "pgid": 1, "sid": 1}, {"pid": 2}, {"x": 1}], "magic": "PSTREE"})")}) {
        std::string e = encode_error(text);
        EXPECT_NE(e.find("entry #1"), std::string::npos) << e;
        EXPECT_NE(e.find("ppid"), std::string::npos) << e;
    }
}

TEST(EncodeImageJson, MissingRequiredFieldNamesEntry) {
    std::string m = encode_error(R"({"magic": "PSTREE", "entries": [{"pid": 1, "ppid": 0, "pgid": 1, "sid": 1}, {"pid": 2}]})");
    EXPECT_NE(m.find("entry #1"), std::string::npos) << m;
    EXPECT_NE(m.find("ppid"), std::string::npos) << m;
}

TEST(EncodeImageJson, FieldErrorsNameEntryAndField) {
    std::string m = encode_error(R"({"magic": "PSTREE", "entries": [{"pid": 1, "ppid": 0, "pgid": 1, "sid": 1}, {"pid": 1, "ppid": 0, "pgid": 1, "sid": "x"}]})");
    EXPECT_NE(m.find("entry #1"), std::string::npos) << m;
    EXPECT_NE(m.find("'sid'"), std::string::npos) << m;
}

TEST(EncodeImageJson, PayloadErrors) {
    std::string base = R"({"magic": "PIPES_DATA", "entries": [{"pipe_id": 1, "bytes": 6, "extra": %s}]})";
    auto with = [&](const char* extra) { char buf[256]; std::snprintf(buf, sizeof buf, base.c_str(), extra); return std::string(buf); };
    EXPECT_NE(encode_error(with("\"... <6B>\"")).find("--nopl"), std::string::npos);
    EXPECT_NE(encode_error(with("\"!!\"")).find("base64"), std::string::npos);
    encode_error(with("5"));
    std::string sem = encode_error(R"({"magic": "IPCNS_SEM", "entries": [{"desc": {"key": 1, "uid": 0, "gid": 0, "cuid": 0, "cgid": 0, "mode": 0, "id": 0}, "nsems": 1, "extra": [70000]}]})");
    EXPECT_NE(sem.find("65535"), std::string::npos) << sem;
    encode_error(R"({"magic": "IPCNS_MSG", "entries": [{"desc": {"key": 1, "uid": 0, "gid": 0, "cuid": 0, "cgid": 0, "mode": 0, "id": 0}, "qbytes": 1, "qnum": 1, "extra": [{"mtype": 1, "msize": 1}]}]})");
    encode_error(R"({"magic": "TCP_STREAM", "entries": [{"inq_len": 0, "inq_seq": 0, "outq_len": 0, "outq_seq": 0, "opt_mask": 0, "snd_wscale": 0, "mss_clamp": 0, "extra": "YQ==\n"}]})");
}

TEST(EncodeImageJson, NoplRendering) {
    auto r = render_bytes("pipes-data.img", gen_image("pipes-data.img"), false, 0, /*payloads=*/false);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(json::parse(r.json)["entries"][0]["extra"], "... <6B>");
}

TEST(ImageJson, UnknownFieldsSurviveBinaryJsonBinary) {
    // A pstree entry written by a newer CRIU with a field our schema lacks (#99).
    std::string msg = wb::vfield(1, 1) + wb::vfield(2, 0) + wb::vfield(3, 1) + wb::vfield(4, 1) + wb::vfield(99, 7);
    std::string bytes = wb::common_header(0x50273030) + wb::frame(msg);
    for (bool pretty : {false, true}) {
        auto r = render_bytes("pstree.img", bytes, pretty, pretty ? 4 : 0);
        ASSERT_TRUE(r.ok) << r.error.message();
        json j = json::parse(r.json);
        ASSERT_TRUE(j["entries"][0].contains("_unknown_fields")) << r.json;
        auto back = img::encode_image_json(r.json, "pstree.json");
        ASSERT_TRUE(back.ok()) << back.error().message();
        EXPECT_EQ(*back, bytes) << hex(*back);
    }
}

TEST(ImageJson, UnknownEnumValueRoundTripsThroughAnImage) {
    // FileEntry type 77 with field 22 set (like a PIDFD entry seen by an older schema).
    std::string msg = wb::vfield(1, 77) + wb::vfield(2, 11);
    std::string bytes = wb::common_header(0x56303138) + wb::frame(msg);
    auto r = render_bytes("files.img", bytes);
    ASSERT_TRUE(r.ok) << r.error.message();
    EXPECT_EQ(json::parse(r.json)["entries"][0]["type"], 77);
    auto back = img::encode_image_json(r.json, "files.json");
    ASSERT_TRUE(back.ok()) << back.error().message();
    EXPECT_EQ(*back, bytes);
}

TEST(ImageInfo, CountsEntriesAndBytes) {
    std::string b = gen_image("pipes-data.img");
    auto rd = img::ImageReader::from_file(img::MappedFile::from_string("pipes-data.img", b));
    ASSERT_TRUE(rd.ok());
    auto info = img::image_info(*rd);
    ASSERT_TRUE(info.ok()) << info.error().message();
    EXPECT_EQ(info->kind, "PIPES_DATA");
    EXPECT_EQ(info->magic, 0x56453709u);
    EXPECT_EQ(info->header, img::HeaderClass::Common);
    EXPECT_EQ(info->entries, 3u);
    EXPECT_EQ(info->payload_bytes, 9u);
    EXPECT_EQ(info->file_bytes, b.size());
    EXPECT_EQ(info->file_bytes, 8 + 3 * 4 + info->message_bytes + info->payload_bytes);
}

}  // namespace
