// JsonWriter must print exactly what Python's json.dumps prints (crit's
// output), compact and with indent=4. Expected strings come from Python 3.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "img/output/json_writer.h"
#include "harness/paths.h"

namespace {

// {"a": [1, {"b": null, "c": true}], "d": {}, "e": [], "f": [[]], "g": [{}]}
void sample(img::JsonWriter& w) {
    w.begin_object();
    w.key("a");
    w.begin_array();
    w.number(uint64_t{1});
    w.begin_object();
    w.key("b"); w.null();
    w.key("c"); w.boolean(true);
    w.end_object();
    w.end_array();
    w.key("d"); w.begin_object(); w.end_object();
    w.key("e"); w.begin_array(); w.end_array();
    w.key("f"); w.begin_array(); w.begin_array(); w.end_array(); w.end_array();
    w.key("g"); w.begin_array(); w.begin_object(); w.end_object(); w.end_array();
    w.end_object();
}

TEST(JsonWriter, CompactMatchesJsonDumps) {
    img::JsonWriter w(nullptr);
    sample(w);
    EXPECT_EQ(w.str(), R"({"a": [1, {"b": null, "c": true}], "d": {}, "e": [], "f": [[]], "g": [{}]})");
}

TEST(JsonWriter, IndentFourMatchesJsonDumps) {
    img::JsonWriter w(nullptr, 4);
    sample(w);
    EXPECT_EQ(w.str(),
              "{\n"
              "    \"a\": [\n"
              "        1,\n"
              "        {\n"
              "            \"b\": null,\n"
              "            \"c\": true\n"
              "        }\n"
              "    ],\n"
              "    \"d\": {},\n"
              "    \"e\": [],\n"
              "    \"f\": [\n"
              "        []\n"
              "    ],\n"
              "    \"g\": [\n"
              "        {}\n"
              "    ]\n"
              "}");
}

TEST(JsonWriter, EmptyContainersAtTopLevel) {
    for (int indent : {0, 4}) {
        img::JsonWriter o(nullptr, indent);
        o.begin_object(); o.end_object();
        EXPECT_EQ(o.str(), "{}");
        img::JsonWriter a(nullptr, indent);
        a.begin_array(); a.end_array();
        EXPECT_EQ(a.str(), "[]");
    }
}

TEST(JsonWriter, Numbers) {
    img::JsonWriter w(nullptr);
    w.begin_array();
    w.number(uint64_t{0});
    w.number(uint64_t{18446744073709551615ull});
    w.number(int64_t{-1});
    w.number(int64_t{INT64_MIN});
    w.boolean(false);
    w.end_array();
    EXPECT_EQ(w.str(), "[0, 18446744073709551615, -1, -9223372036854775808, false]");
}

std::string json_quoted(std::string_view s) {
    std::string out;
    img::append_json_string(out, s);
    return out;
}

// padded_key_number writes what key_number writes: first and later in an object, in objects
// inside arrays, indented (its slow path), with keys up to the padded size, signed and not,
// and across the buffer's growth.
TEST(JsonWriter, PaddedKeyNumberWritesWhatKeyNumberWrites) {
    auto padded = [](const std::string& key) {
        std::string k = key;
        k.resize(img::JsonWriter::kKeyPad, '\0');
        return k;
    };
    const std::vector<std::string> keys = {"\"a\": ", "\"start\": ", "\"mm_start_stack\": ",
                                           "\"" + std::string(img::JsonWriter::kKeyPad - 4, 'k') + "\": "};
    for (int indent : {0, 4}) {
        img::JsonWriter want(nullptr, indent), got(nullptr, indent);
        for (img::JsonWriter* w : {&want, &got}) {
            bool fast = w == &got;
            w->begin_object();
            w->key("vmas");
            w->begin_array();
            for (int i = 0; i < 3000; ++i) {   // well past the first buffer's size
                w->begin_object();
                for (size_t k = 0; k < keys.size(); ++k) {
                    uint64_t u = uint64_t{1} << (i * 7 % 64) | static_cast<uint64_t>(i);
                    int64_t sv = -static_cast<int64_t>(i) * 1000003;
                    std::string pk = padded(keys[k]);
                    if (k % 2 == 0) {
                        if (fast) w->padded_key_number(pk.data(), keys[k].size(), u);
                        else w->key_number(keys[k], u);
                    } else {
                        if (fast) w->padded_key_number(pk.data(), keys[k].size(), sv);
                        else w->key_number(keys[k], sv);
                    }
                }
                w->end_object();
            }
            w->end_array();
            w->end_object();
        }
        EXPECT_EQ(got.str(), want.str()) << "indent " << indent;
        EXPECT_GT(got.str().size(), 3000u * 60) << "indent " << indent;
    }
}

TEST(JsonString, EscapesLikeJsonDumps) {
    EXPECT_EQ(json_quoted(""), R"("")");
    EXPECT_EQ(json_quoted("plain /path"), R"("plain /path")") << "json.dumps does not escape '/'";
    EXPECT_EQ(json_quoted("\"\\"), R"("\"\\")");
    EXPECT_EQ(json_quoted("\n\t\b\f\r"), R"("\n\t\b\f\r")");
    EXPECT_EQ(json_quoted(std::string("\0\x01\x1f", 3)), R"("\u0000\u0001\u001f")");
}

TEST(JsonString, DeleteCharacterIsEscaped) {
    // Regression (a bug found by review, fixed in libimg/src/json/json_writer.cc): bytes below
    // 0x80 other than controls were copied as they are, but json.dumps (ensure_ascii) escapes everything
    // outside ' '..'~', so DEL (0x7f), e.g. in a file name, prints as a raw byte where crit prints
    // "\u007f": our JSON then differs from crit's text for that string.
    // json.dumps("\x7f") == '"\\u007f"'.
    EXPECT_EQ(json_quoted("a\x7f" "b"), R"("a\u007fb")");
}

TEST(JsonString, NonAsciiAsUnicodeEscapes) {
    EXPECT_EQ(json_quoted("x\xc3\xa9"), R"("x\u00e9")");
    EXPECT_EQ(json_quoted("\xe2\x80\xa8"), R"("\u2028")");
    EXPECT_EQ(json_quoted("\xed\x9f\xbf"), R"("\ud7ff")");
    EXPECT_EQ(json_quoted("\xee\x80\x80"), R"("\ue000")");
    EXPECT_EQ(json_quoted("\xef\xbf\xbf"), R"("\uffff")");
}

TEST(JsonString, AstralCharactersAsSurrogatePairs) {
    EXPECT_EQ(json_quoted("\xf0\x9f\x98\x80"), R"("\ud83d\ude00")");   // U+1F600
    EXPECT_EQ(json_quoted("\xf0\x90\x80\x80"), R"("\ud800\udc00")");   // U+10000
    EXPECT_EQ(json_quoted("\xf4\x8f\xbf\xbf"), R"("\udbff\udfff")");   // U+10FFFF
}

TEST(JsonString, KeysAreEscapedToo) {
    img::JsonWriter w(nullptr);
    w.begin_object();
    w.key("k\xc3\xa9\"");
    w.string("v");
    w.end_object();
    EXPECT_EQ(w.str(), R"({"k\u00e9\"": "v"})");
}

TEST(JsonWriter, WritesToAFileOnFlush) {
    std::FILE* f = std::tmpfile();
    ASSERT_NE(f, nullptr);
    {
        img::JsonWriter w(f, 0);
        w.begin_array();
        w.string("x");
        w.end_array();
        w.newline();
    }   // the destructor flushes
    std::rewind(f);
    char buf[64] = {};
    size_t n = std::fread(buf, 1, sizeof buf, f);
    std::fclose(f);
    EXPECT_EQ(std::string(buf, n), "[\"x\"]\n");
}

TEST(JsonWriter, LargeOutputIsFlushedInFull) {
    std::FILE* f = std::tmpfile();
    ASSERT_NE(f, nullptr);
    std::string expected = "[";
    {
        img::JsonWriter w(f, 0);
        w.begin_array();
        for (int i = 0; i < 20000; ++i) {
            w.string("0123456789");
            expected += (i ? ", " : "");
            expected += "\"0123456789\"";
        }
        w.end_array();
        w.flush();
        EXPECT_FALSE(w.failed());
    }
    expected += "]";
    std::fseek(f, 0, SEEK_END);
    long size = std::ftell(f);
    std::rewind(f);
    std::string got(static_cast<size_t>(size), '\0');
    ASSERT_EQ(std::fread(got.data(), 1, got.size(), f), got.size());
    std::fclose(f);
    EXPECT_EQ(got, expected);
}

// Many small objects (each closing one may write the buffer's whole chunks), a speculative
// part taken back across a chunk boundary, and text the stream printed before and after: the
// file holds exactly what a string writer collects, in order.
TEST(JsonWriter, ChunkedWritesKeepTheStreamsOrderAndDropWhatIsRewound) {
    img::test::TempDir t;
    std::FILE* f = std::fopen(t.file("out.json").c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fputs("before\n", f);
    auto fill = [](img::JsonWriter& w) {
        w.begin_array();
        for (int i = 0; i < 30000; ++i) {
            w.begin_object();
            w.key_number(std::string_view("\"n\": "), static_cast<uint64_t>(i) * 1000003);
            w.end_object();
            if (i == 20000) {   // about 300 KB in: a part taken back
                auto m = w.mark();
                for (int j = 0; j < 10000; ++j) { w.begin_object(); w.string("dropped"); w.end_object(); }
                w.rewind(m);
            }
        }
        w.end_array();
        w.newline();
    };
    img::JsonWriter want(nullptr);
    fill(want);
    {
        img::JsonWriter w(f, 0);
        fill(w);
        w.flush();
        EXPECT_FALSE(w.failed());
    }
    std::fputs("after\n", f);
    ASSERT_EQ(std::fclose(f), 0);
    std::FILE* r = std::fopen(t.file("out.json").c_str(), "rb");
    ASSERT_NE(r, nullptr);
    std::string got;
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, r)) > 0) got.append(buf, n);
    std::fclose(r);
    ASSERT_GT(want.str().size(), 4 * img::ChunkedOutput::kChunk);
    EXPECT_EQ(got, "before\n" + want.str() + "after\n");
}

TEST(JsonWriter, AFullDeviceIsAFailure) {
    std::FILE* f = std::fopen("/dev/full", "wb");
    if (!f) GTEST_SKIP() << "no /dev/full on this machine";
    {
        img::JsonWriter w(f, 0);
        w.begin_array();
        for (int i = 0; i < 20000; ++i) { w.begin_object(); w.string("0123456789"); w.end_object(); }
        w.end_array();
        w.flush();
        EXPECT_TRUE(w.failed());
    }
    std::fclose(f);
}

// A raw value gets the separator its place needs (none at the top, after a key or first in a
// container), and one begun but never ended leaves the writer as it was.
TEST(JsonWriter, RawValuesTakeTheirPlacesSeparator) {
    auto raw = [](img::JsonWriter& w, std::string_view text) {
        char* p = w.begin_raw(text.size());
        std::memcpy(p, text.data(), text.size());
        w.end_raw(p + text.size());
    };
    img::JsonWriter w(nullptr);
    EXPECT_TRUE(w.compact());
    w.begin_object();
    w.key("a");
    raw(w, "{\"x\": 1}");
    w.key("b");
    w.begin_array();
    raw(w, "1");
    w.begin_raw(100);   // abandoned: nothing counts
    raw(w, "2");
    w.number(uint64_t{3});
    raw(w, "4");
    w.end_array();
    w.end_object();
    EXPECT_EQ(w.str(), R"({"a": {"x": 1}, "b": [1, 2, 3, 4]})");
    img::JsonWriter top(nullptr);
    raw(top, "[]");
    EXPECT_EQ(top.str(), "[]");
    EXPECT_FALSE(img::JsonWriter(nullptr, 4).compact());
}

}  // namespace
