// The JSON of a verification (img/verify/verify_writer.h) on a real capture: every key
// img-verify prints, with the report's values, the digests under --hash, and the forms
// img-fixpaths uses for a verification that could not run or did not run.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness/paths.h"
#include "img/output/json_writer.h"
#include "img/verify/verify.h"
#include "img/verify/verify_writer.h"

namespace {

using json = nlohmann::json;
using namespace img::test;

img::VerifyReport verify_sleep(bool hash) {
    img::VerifyOptions o;
    o.check_root = false;
    o.hash = hash;
    auto r = img::verify_dump(captured_dir() + "/sleep", o);
    EXPECT_TRUE(r.ok()) << r.error().message();
    return r ? *r : img::VerifyReport{};
}

json to_json(const auto& write_fn) {
    img::JsonWriter w(nullptr);
    write_fn(w);
    w.flush();
    return json::parse(w.str());
}

TEST(VerifyWriter, WholeReportOfACapture) {
    auto r = verify_sleep(false);
    img::VerifySubject s{captured_dir() + "/sleep", std::nullopt, false};
    auto j = to_json([&](img::ValueSink& w) { img::write(r, s, w); });
    EXPECT_EQ(j["dump"], s.dump);
    EXPECT_TRUE(j["root"].is_null()) << "no root: the restore checks did not run";
    EXPECT_EQ(j["images"], r.images);
    EXPECT_GE(j["images"].get<int>(), 10);
    EXPECT_EQ(j["tasks"], 1);
    EXPECT_EQ(j["files_checked"], 0);
    EXPECT_EQ(j["ok"], true);
    EXPECT_EQ(j["counts"]["error"], 0);
    EXPECT_EQ(j["counts"]["warning"], r.count(img::Severity::Warning));
    EXPECT_EQ(j["counts"]["note"], r.count(img::Severity::Info));
    ASSERT_EQ(j["findings"].size(), r.findings.size());
    for (const auto& f : j["findings"]) {
        for (const char* k : {"severity", "check", "image", "entry", "message"}) EXPECT_TRUE(f.contains(k)) << k;
    }
    EXPECT_FALSE(j.contains("digests")) << "digests only when hashed";
    s.root = "/";
    EXPECT_EQ(to_json([&](img::ValueSink& w) { img::write(r, s, w); })["root"], "/");
}

TEST(VerifyWriter, DigestsOfEveryImageAndPageRun) {
    auto r = verify_sleep(true);
    img::VerifySubject s{"sleep", std::string("/"), true};
    auto j = to_json([&](img::ValueSink& w) { img::write(r, s, w); });
    ASSERT_EQ(j["digests"].size(), r.digests.size());
    bool pages = false;
    for (const auto& d : j["digests"]) {
        EXPECT_EQ(d["sha256"].get<std::string>().size(), 64u) << d.dump();
        if (d["image"] != "pages-1.img") continue;
        pages = true;
        EXPECT_EQ(d["pagemap"], "pagemap-13181.img");
        ASSERT_FALSE(d["runs"].empty());
        EXPECT_EQ(d["runs"][0]["vaddr"].get<std::string>().substr(0, 2), "0x");
        EXPECT_GE(d["runs"][0]["nr_pages"].get<int>(), 1);
        EXPECT_EQ(d["runs"][0]["sha256"].get<std::string>().size(), 64u);
    }
    EXPECT_TRUE(pages) << j.dump();
}

TEST(VerifyWriter, VerificationThatRanFailedOrDidNotRun) {
    auto r = verify_sleep(false);
    auto ran = to_json([&](img::ValueSink& w) { img::write_verification(r, std::nullopt, w); });
    EXPECT_EQ(ran["ok"], true);
    EXPECT_TRUE(ran.contains("counts") && ran.contains("findings"));
    EXPECT_FALSE(ran.contains("dump")) << "the findings alone";
    img::Error e;
    e.file = "pstree.img";
    e.what = "gone";
    auto failed = to_json([&](img::ValueSink& w) { img::write_verification(std::nullopt, e, w); });
    EXPECT_EQ(failed, json::parse(R"({"ok": false, "error": "pstree.img: gone"})"));
    auto none = to_json([&](img::ValueSink& w) { img::write_verification(std::nullopt, std::nullopt, w); });
    EXPECT_TRUE(none.is_null());
}

}  // namespace
