// The JSON of the memory commands, written by the library's sinks (HexdumpJsonSink with
// begin/end, SearchJsonSink) without the tools' glue, as a TUI would call them: on the real
// sleep capture of testdata/captured.
#include <gtest/gtest.h>

#include "harness/schema.h"   // before any image header: undoes <signal.h>'s sigmask macro

#include <nlohmann/json.hpp>

#include "harness/paths.h"
#include "img/memory/hexdump.h"
#include "img/memory/memory_search.h"
#include "img/memory/search_json.h"
#include "img/model/checkpoint.h"
#include "img/output/json_writer.h"

namespace {

using json = nlohmann::json;

std::unique_ptr<img::Checkpoint> open_sleep() {
    auto d = img::Checkpoint::open(img::test::captured_dir() + "/sleep");
    EXPECT_TRUE(d.ok()) << d.error().message();
    return d ? std::move(*d) : nullptr;
}

TEST(MemoryJson, HexdumpDocumentOfTheStack) {
    auto d = open_sleep();
    ASSERT_TRUE(d);
    auto mem = img::open_task_memory(*d, 13181);
    ASSERT_TRUE(mem.ok()) << mem.error().message();
    img::MemorySpec spec{13181, 0x7ffefd879f90, 0x20};
    img::JsonWriter w(nullptr);
    img::HexdumpJsonSink sink(w);
    sink.begin(spec);
    ASSERT_TRUE(img::hexdump(*mem, spec.addr, spec.len, sink).ok());
    sink.end();
    w.flush();
    auto j = json::parse(w.str());
    EXPECT_EQ(j["pid"], 13181);
    EXPECT_EQ(j["address"], 0x7ffefd879f90u);
    EXPECT_EQ(j["length"], 0x20);
    ASSERT_EQ(j["lines"].size(), 2u);
    EXPECT_EQ(j["lines"][0]["address"], 0x7ffefd879f90u);
    EXPECT_EQ(j["lines"][0]["ascii"].get<std::string>().substr(1, 5), "sleep");
    EXPECT_EQ(j["lines"][0]["hex"].get<std::string>().substr(3, 14), "73 6c 65 65 70");
}

TEST(MemoryJson, NoSuchTask) {
    auto d = open_sleep();
    ASSERT_TRUE(d);
    auto mem = img::open_task_memory(*d, 4242);
    ASSERT_FALSE(mem.ok());
    EXPECT_NE(mem.error().message().find("no task 4242 in the dump"), std::string::npos) << mem.error().message();
}

TEST(MemoryJson, SearchMatchesOneCallbackEach) {
    auto d = open_sleep();
    ASSERT_TRUE(d);
    auto pattern = img::SearchPattern::literal("sleep");
    ASSERT_TRUE(pattern.ok());
    img::SearchOptions opt;
    opt.context = 4;
    opt.max_matches = 2;
    img::JsonWriter w(nullptr);
    img::SearchJsonSink sink(w, true);
    sink.begin(*pattern);
    int calls = 0;
    auto n = img::search_dump(*d, *pattern, opt, [&](const img::SearchMatch& m) {
        ++calls;
        sink.match(m);
        return true;
    });
    ASSERT_TRUE(n.ok()) << n.error().message();
    sink.end(*n);
    w.flush();
    auto j = json::parse(w.str());
    EXPECT_EQ(calls, 2);
    EXPECT_EQ(j["search"], "sleep");
    EXPECT_FALSE(j.contains("regex"));
    EXPECT_EQ(j["count"], 2);
    ASSERT_EQ(j["matches"].size(), 2u);
    const auto& m = j["matches"][0];
    EXPECT_EQ(m["pid"], 13181);
    EXPECT_EQ(m["address"], 0x7ffefd879f91u);
    EXPECT_EQ(m["length"], 5);
    EXPECT_EQ(m["vma_start"], 0x7ffefd859000u);
    EXPECT_EQ(m["vma_end"], 0x7ffefd87a000u);
    EXPECT_EQ(m["vma"], "[stack]");
    EXPECT_EQ(m["match"], "sleep");
    EXPECT_EQ(m["before"], "\\x00\\x00\\x00\\x00");
    EXPECT_EQ(m["after"], "\\x00100");

    img::JsonWriter plain(nullptr);
    img::SearchJsonSink no_context(plain, false);
    no_context.match(img::SearchMatch{});
    plain.flush();
    EXPECT_FALSE(json::parse(plain.str()).contains("before")) << "before/after only with context";
}

}  // namespace
