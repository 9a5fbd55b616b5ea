// Showing arbitrary bytes as valid UTF-8, and choosing views by name.
#include <gtest/gtest.h>

#include "harness/schema.h"   // before any generated header: undoes <signal.h>'s sigmask macro

#include "img/support/display.h"
#include "img/support/text_codecs.h"
#include "img/views/views.h"

namespace {

TEST(DisplayText, KeepsValidUtf8AndEscapesTheRest) {
    EXPECT_EQ(img::display_text("/tmp/plain.txt"), "/tmp/plain.txt");
    EXPECT_EQ(img::display_text("/tmp/caf\xc3\xa9"), "/tmp/caf\xc3\xa9");
    EXPECT_EQ(img::display_text("/tmp/caf\xe9.txt"), "/tmp/caf\\xe9.txt");
    EXPECT_EQ(img::display_text(std::string("a\0b\nc", 5)), "a\\x00b\\x0ac");
    EXPECT_EQ(img::display_text("back\\slash"), "back\\x5cslash") << "a literal backslash must not look like an escape";
    EXPECT_EQ(img::display_text("\xc3"), "\\xc3") << "truncated sequence";
    EXPECT_EQ(img::display_text("\xed\xa0\x80"), "\\xed\\xa0\\x80") << "surrogate";
    EXPECT_EQ(img::display_text("\xc0\xaf"), "\\xc0\\xaf") << "overlong";
    EXPECT_EQ(img::display_text("\xf0\x9f\x98\x80"), "\xf0\x9f\x98\x80");
}

TEST(DisplayText, ResultIsAlwaysValidUtf8) {
    std::string all;
    for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
    EXPECT_TRUE(img::valid_utf8(img::display_text(all)));
    EXPECT_TRUE(img::valid_utf8(img::display_text(all + all.substr(128) + "\xe2\x82")));
}

TEST(DisplayText, AppendsAfterWhatIsThere) {
    std::string out = "file: ";
    img::append_display_text(out, "/srv/caf\xc3\xa9/\x01x");
    EXPECT_EQ(out, "file: /srv/caf\xc3\xa9/\\x01x");
    // Long plain runs between bytes that need escaping, at every position.
    for (size_t at = 0; at < 40; ++at) {
        std::string s(40, 'p');
        s[at] = '\n';
        std::string want = std::string(at, 'p') + "\\x0a" + std::string(39 - at, 'p');
        std::string got = "<";
        img::append_display_text(got, s);
        EXPECT_EQ(got, "<" + want) << at;
    }
}

TEST(DisplayUnixName, AbstractTerminatedAndUnnamed) {
    EXPECT_EQ(img::display_unix_name(""), "");
    EXPECT_EQ(img::display_unix_name(std::string("/run/app.sock\0", 14)), "/run/app.sock");
    EXPECT_EQ(img::display_unix_name(std::string("\0abstract", 9)), "@abstract");
    EXPECT_EQ(img::display_unix_name(std::string("\0a\0b", 4)), "@a\\x00b");
}

TEST(DisplayWidth, CountsCharactersNotBytes) {
    EXPECT_EQ(img::display_width("abc"), 3u);
    EXPECT_EQ(img::display_width("caf\xc3\xa9"), 4u);
    EXPECT_EQ(img::display_width(""), 0u);
    // Counted eight bytes at a time: characters of 1 to 4 bytes at every offset and length
    // give the same count as one byte at a time.
    const std::string chars[] = {"a", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\x7f", "\xff"};
    for (int seed = 0; seed < 200; ++seed) {
        std::string s;
        size_t want = 0;
        for (int k = 0; k < seed % 37; ++k) {
            const std::string& c = chars[(seed * 7 + k * 3) % 6];
            s += c;
            want += 1;
        }
        EXPECT_EQ(img::display_width(s), want) << seed;
    }
    EXPECT_EQ(img::display_width(std::string(1000, 'x') + "\xc3\xa9"), 1001u);
    EXPECT_EQ(img::display_width(std::string(16, '\x80')), 0u) << "continuation bytes alone start nothing";
}

TEST(SelectViews, DefaultIsTheOverview) {
    auto s = img::select_views({});
    ASSERT_TRUE(s.ok());
    ASSERT_EQ(s->size(), 1u);
    EXPECT_EQ((*s)[0]->name, "overview");
}

TEST(SelectViews, CommaListsRepeatsAndAll) {
    auto s = img::select_views({"ps,fds", "mems", "ps"});
    ASSERT_TRUE(s.ok());
    ASSERT_EQ(s->size(), 3u);
    EXPECT_EQ((*s)[0]->name, "ps");
    EXPECT_EQ((*s)[1]->name, "fds");
    EXPECT_EQ((*s)[2]->name, "mems");
    auto all = img::select_views({"all"});
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all->size(), img::views().size());
}

TEST(SelectViews, UnknownNameListsTheKnownOnes) {
    auto s = img::select_views({"ps,nosuch"});
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().what.find("nosuch"), std::string::npos) << s.error().what;
    EXPECT_NE(s.error().what.find("mems"), std::string::npos) << s.error().what;
}

TEST(Registry, EveryViewHasANameTitleHelpAndFunction) {
    for (const auto& v : img::views()) {
        EXPECT_FALSE(v.name.empty());
        EXPECT_FALSE(v.title.empty()) << v.name;
        EXPECT_FALSE(v.help.empty()) << v.name;
        EXPECT_NE(v.fn, nullptr) << v.name;
        EXPECT_EQ(img::find_view(v.name), &v);
    }
}

}  // namespace
