// diff_json: every difference once, named by an RFC 6901 pointer.
#include "img/diff/json_diff.h"

#include <gtest/gtest.h>

namespace {

using json = nlohmann::json;

struct Seen {
    img::Change change;
    std::string path;
    std::string a, b;
};

std::vector<Seen> diffs(const json& a, const json& b) {
    std::vector<Seen> out;
    img::diff_json(a, b, "", [&](img::Change c, const std::string& p, const json* va, const json* vb) {
        out.push_back({c, p, va ? va->dump() : "", vb ? vb->dump() : ""});
    });
    return out;
}

TEST(JsonDiff, EqualDocumentsHaveNoDifference) {
    json j = json::parse(R"({"entries": [{"reg": {"name": "/bin/sh", "pos": 3}}], "magic": "FILES"})");
    EXPECT_TRUE(diffs(j, j).empty());
}

TEST(JsonDiff, ChangedAddedAndRemovedFieldsAndElements) {
    json a = json::parse(R"({"entries": [{"reg": {"name": "/bin/sh", "pos": 3}}, {"id": 1}], "gone": true})");
    json b = json::parse(R"({"entries": [{"reg": {"name": "/bin/bash", "size": 9}}], "new": 1})");
    auto d = diffs(a, b);
    ASSERT_EQ(d.size(), 6u);
    EXPECT_EQ(d[0].path, "/entries/0/reg/name");
    EXPECT_EQ(d[0].change, img::Change::Changed);
    EXPECT_EQ(d[0].a, "\"/bin/sh\"");
    EXPECT_EQ(d[0].b, "\"/bin/bash\"");
    EXPECT_EQ(d[1].path, "/entries/0/reg/pos");
    EXPECT_EQ(d[1].change, img::Change::Removed);
    EXPECT_EQ(d[2].path, "/entries/0/reg/size");
    EXPECT_EQ(d[2].change, img::Change::Added);
    EXPECT_EQ(d[3].path, "/entries/1");
    EXPECT_EQ(d[3].change, img::Change::Removed);
    EXPECT_EQ(d[4].path, "/gone");
    EXPECT_EQ(d[5].path, "/new");
    EXPECT_EQ(d[5].change, img::Change::Added);
}

TEST(JsonDiff, PointerTokensEscapeSlashAndTilde) {
    auto d = diffs(json{{"a/b~c", 1}}, json{{"a/b~c", 2}});
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].path, "/a~1b~0c");
}

TEST(JsonDiff, AValueOfAnotherTypeIsOneChange) {
    auto d = diffs(json{{"x", json::array({1, 2})}}, json{{"x", "text"}});
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].path, "/x");
    EXPECT_EQ(d[0].change, img::Change::Changed);
}

}  // namespace
