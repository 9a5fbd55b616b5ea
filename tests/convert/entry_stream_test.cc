// EntryStream: the entries of a document in crit's key order are handed over one by one, whole
// and in order, and dropped; everything else is the tree nlohmann's parser builds.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "img/convert/entry_stream.h"

namespace {

using json = nlohmann::json;

struct Streamed {
    bool ok = false;
    size_t offset = 0;
    std::vector<json> magics, entries;
    json doc;
    bool handed_over = false;
    int magic_keys = 0, entries_keys = 0;
};

Streamed stream(const std::string& text, bool want = true) {
    Streamed s;
    img::EntryStream es([&](const json& m) { s.magics.push_back(m); return want; },
                        [&](json& e) { s.entries.push_back(std::move(e)); });
    s.ok = es.parse(text);
    s.offset = es.error_offset();
    s.doc = es.document();
    s.handed_over = es.entries_handed_over();
    s.magic_keys = es.magic_keys();
    s.entries_keys = es.entries_keys();
    return s;
}

TEST(EntryStream, HandsOverEachEntryWholeAndInOrder) {
    const std::string entries = R"([{"a": 1, "b": {"c": [1, 2, {"d": null}]}}, 5, "x", [1, [2]], {}, [], true, -3, 1.5])";
    auto s = stream(R"({"magic": "FILES", "note": {"n": [1]}, "entries": )" + entries + R"(, "z": 2})");
    ASSERT_TRUE(s.ok);
    EXPECT_TRUE(s.handed_over);
    EXPECT_EQ(s.magic_keys, 1);
    EXPECT_EQ(s.entries_keys, 1);
    ASSERT_EQ(s.magics.size(), 1u);
    EXPECT_EQ(s.magics[0], "FILES");
    EXPECT_EQ(json(s.entries), json::parse(entries));
    // The rest of the tree is as the parser builds it, with the entries taken out.
    EXPECT_EQ(s.doc, json::parse(R"({"magic": "FILES", "note": {"n": [1]}, "entries": [], "z": 2})"));
}

TEST(EntryStream, ABigNestedArrayStaysInItsEntry) {
    // One entry holding 100,000 objects (an mm of 100,000 VMAs): linear, and kept together.
    std::string text = R"({"magic": "MM", "entries": [{"vmas": [)";
    for (int i = 0; i < 100000; ++i) text += (i ? ", " : "") + std::string(R"({"start": )") + std::to_string(i) + "}";
    text += "]}]}";
    auto s = stream(text);
    ASSERT_TRUE(s.ok);
    ASSERT_EQ(s.entries.size(), 1u);
    ASSERT_EQ(s.entries[0]["vmas"].size(), 100000u);
    EXPECT_EQ(s.entries[0]["vmas"][99999]["start"], 99999);
}

TEST(EntryStream, NothingIsHandedOverWithoutMagicFirst) {
    const std::string entries = R"([{"a": 1}, 2])";
    for (const std::string& text : {R"({"entries": )" + entries + R"(, "magic": "PSTREE"})",
                                    R"({"entries": )" + entries + "}"}) {
        auto s = stream(text);
        ASSERT_TRUE(s.ok);
        EXPECT_FALSE(s.handed_over) << text;
        EXPECT_EQ(s.entries_keys, 1) << text;
        EXPECT_TRUE(s.entries.empty()) << text;
        EXPECT_EQ(s.doc, json::parse(text)) << "the whole tree is kept";
    }
    // A magic the caller refuses (returns false): the entries stay in the tree.
    auto refused = stream(R"({"magic": 7, "entries": [1, 2]})", false);
    ASSERT_TRUE(refused.ok);
    ASSERT_EQ(refused.magics.size(), 1u);
    EXPECT_EQ(refused.magics[0], 7);
    EXPECT_TRUE(refused.entries.empty());
    EXPECT_EQ(refused.doc["entries"], json::parse("[1, 2]"));
}

TEST(EntryStream, OnlyTheTopLevelEntriesArrayIsStreamed) {
    // "entries" deeper down, an "entries" object, a root array: all kept as they are.
    for (const std::string& text : {std::string(R"({"magic": "X", "inner": {"entries": [1, 2]}})"),
                                    std::string(R"({"magic": "X", "entries": {"a": [1]}})"),
                                    std::string(R"([{"magic": "X"}, {"entries": [1]}])")}) {
        auto s = stream(text);
        ASSERT_TRUE(s.ok) << text;
        EXPECT_TRUE(s.entries.empty()) << text;
        EXPECT_EQ(s.doc, json::parse(text)) << text;
    }
}

TEST(EntryStream, ADocumentThatIsOneValue) {
    for (const char* text : {"5", "\"magic\"", "null", "[]", "{}", "[[[]]]", "-1.5e3"}) {
        auto s = stream(text);
        ASSERT_TRUE(s.ok) << text;
        EXPECT_TRUE(s.magics.empty() && s.entries.empty()) << text;
        EXPECT_EQ(s.doc, json::parse(text)) << text;
    }
}

TEST(EntryStream, KeysGivenTwiceAreCounted) {
    auto s = stream(R"({"magic": "A", "magic": "B", "entries": [1], "entries": [2]})");
    ASSERT_TRUE(s.ok);
    EXPECT_EQ(s.magic_keys, 2);
    EXPECT_EQ(s.entries_keys, 2);
    ASSERT_EQ(s.magics.size(), 1u) << "the first magic only";
    EXPECT_EQ(s.magics[0], "A");
}

TEST(EntryStream, ASyntaxErrorIsAtTheParsersOffset) {
    for (const std::string& text :
         {std::string(""), std::string("{"), std::string(R"({"magic": "X", "entries": [{"a": 1}, ]})"),
          std::string(R"({"magic": "X", "entries": [1, 2)"), std::string(R"({"magic" "X"})"), std::string("[1] x"),
          std::string("{\"a\": \"\x01\"}")}) {
        auto s = stream(text);
        EXPECT_FALSE(s.ok) << text;
        size_t want = 0;
        try {
            json probe = json::parse(text);
            ADD_FAILURE() << "parses: " << probe.dump();
        } catch (const json::parse_error& e) {
            want = e.byte;
        }
        EXPECT_EQ(s.offset, want) << text;
    }
}

}  // namespace
