// check_json_depth: the scan that runs ahead of every JSON parse refuses nesting past the bound,
// names the file and the offset of the bracket that went too deep, and ignores brackets in strings.
#include <gtest/gtest.h>

#include <string>

#include "img/convert/json_depth.h"

namespace {

TEST(JsonDepth, AtTheBoundIsAccepted) {
    std::string t = std::string(img::kMaxJsonDepth, '[') + std::string(img::kMaxJsonDepth, ']');
    EXPECT_TRUE(img::check_json_depth(t, "x.json").ok());
}

TEST(JsonDepth, OneDeeperIsRefusedAtThatBracket) {
    std::string t = "{\"a\": " + std::string(img::kMaxJsonDepth, '[') + std::string(img::kMaxJsonDepth, ']') + "}";
    auto r = img::check_json_depth(t, "x.json");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().file, "x.json");
    EXPECT_EQ(r.error().offset, static_cast<int64_t>(6 + img::kMaxJsonDepth - 1));
    EXPECT_NE(r.error().message().find("deeper than 256"), std::string::npos) << r.error().message();
}

TEST(JsonDepth, BracketsInStringsAndEscapedQuotesDoNotCount) {
    std::string t = "[\"" + std::string(1000, '[') + "\\\"{{{\", \"\\\\\"]";
    EXPECT_TRUE(img::check_json_depth(t, "x.json").ok());
    EXPECT_FALSE(img::check_json_depth("[[[", "x.json", 2).ok());
    EXPECT_TRUE(img::check_json_depth("[[]][[]]", "x.json", 2).ok());
}

}  // namespace
