// What tools/common gives every tool for output: the one progress line (drawn in place, only
// when asked for, erased once) and the one choice of writer (text, JSON, indented JSON).
#include <gtest/gtest.h>

#include <stdio.h>

#include <cstdlib>
#include <string>

#include "common/output_format.h"
#include "common/progress_line.h"

namespace {

// What a function writes to a FILE*, as a string.
template <class F>
std::string captured(F&& write) {
    char* buf = nullptr;
    size_t len = 0;
    FILE* f = open_memstream(&buf, &len);
    write(f);
    std::fclose(f);
    std::string s(buf, len);
    std::free(buf);
    return s;
}

TEST(ProgressLine, RedrawsInPlaceOnlyWhenTheTextChangesAndErasesOnce) {
    auto s = captured([](FILE* f) {
        img::ProgressLine line(f);
        EXPECT_TRUE(line.active());
        line.show("searching: 1 of 4 MiB (25%)");
        line.show("searching: 1 of 4 MiB (25%)");
        line.show("searching: 2 of 4 MiB (50%)");
        line.clear();
        line.clear();
    });
    EXPECT_EQ(s, "\r\033[Ksearching: 1 of 4 MiB (25%)\r\033[Ksearching: 2 of 4 MiB (50%)\r\033[K");
}

TEST(ProgressLine, ErasedAtTheEndAndNeverDrawnWhenOff) {
    auto s = captured([](FILE* f) { img::ProgressLine(f).show("hashing: 100%"); });
    EXPECT_EQ(s, "\r\033[Khashing: 100%\r\033[K");
    img::ProgressLine off(nullptr);
    EXPECT_FALSE(off.active());
    off.show("x");
    EXPECT_EQ(img::ProgressLine::stream(true), nullptr) << "never under -q or --json";
}

TEST(OutputFormat, TextJsonAndIndentedJson) {
    EXPECT_EQ(img::OutputFormat::show(false, true).json, false);
    EXPECT_EQ(img::OutputFormat::show(true, false).indent, 0);
    EXPECT_EQ(img::OutputFormat::show(true, true).indent, 4);
    EXPECT_EQ(img::OutputFormat::report(true).indent, 2);
    auto write = [](const img::OutputFormat& fmt) {
        return captured([&](FILE* f) {
            img::ResultOutput out(fmt, f);
            out.sink().begin_object();
            out.sink().key("name");
            out.sink().string("sleep");
            out.sink().end_object();
            EXPECT_TRUE(out.finish());
        });
    };
    EXPECT_EQ(write(img::OutputFormat::show(true, false)), "{\"name\": \"sleep\"}\n");
    EXPECT_EQ(write(img::OutputFormat::report(true)), "{\n  \"name\": \"sleep\"\n}\n");
    EXPECT_EQ(write(img::OutputFormat::show(false, false)), "name: sleep\n");
}

}  // namespace
