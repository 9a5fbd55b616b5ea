// The JSON of a fix_paths run (img/rewrite/fix_paths_writer.h) on the real relocate-host
// capture and its branch map: every key img-fixpaths prints, with the run's values.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness/paths.h"
#include "img/output/json_writer.h"
#include "img/rewrite/fix_paths.h"
#include "img/rewrite/fix_paths_writer.h"

namespace {

using json = nlohmann::json;
using namespace img::test;

img::FixPathsReport dry_run(const std::string& map_file) {
    img::FixPathsOptions o;
    o.dump_dir = captured_dir() + "/relocate-host";
    o.mode = img::FixPathsOptions::Mode::DryRun;
    EXPECT_TRUE(o.map.add_map_file_all(map_file).empty());
    auto r = img::fix_paths(o);
    EXPECT_TRUE(r.ok()) << r.error().message();
    return r ? *r : img::FixPathsReport{};
}

json to_json(const img::FixPathsReport& r, bool dry) {
    img::JsonWriter w(nullptr);
    img::write(r, img::FixPathsRun{"relocate-host", dry, std::nullopt}, w);
    w.flush();
    return json::parse(w.str());
}

TEST(FixPathsWriter, DryRunOfTheRelocatedCapture) {
    auto r = dry_run(captured_dir() + "/relocate-host.map");
    ASSERT_FALSE(r.changes.empty());
    auto j = to_json(r, true);
    EXPECT_EQ(j["dump"], "relocate-host");
    EXPECT_EQ(j["status"], "dry-run");
    EXPECT_EQ(j["dry_run"], true);
    EXPECT_EQ(j["written_to"], "");
    EXPECT_EQ(j["backup_dir"], "");
    EXPECT_EQ(j["images_scanned"], r.images_scanned);
    EXPECT_EQ(j["images_changed"].size(), r.images_changed.size());
    EXPECT_EQ(j["images_reread"], 0);
    EXPECT_TRUE(j["verify"].is_null()) << "a dry run verifies nothing";
    ASSERT_EQ(j["changes"].size(), r.changes.size());
    const auto& c = j["changes"][0];
    EXPECT_EQ(c["image"], r.changes[0].image);
    EXPECT_EQ(c["entry"], r.changes[0].entry);
    EXPECT_EQ(c["field"], r.changes[0].field);
    EXPECT_EQ(c["old"].get<std::string>().rfind("/var/lib/docker/aufs/diff/", 0), 0u) << c.dump();
    EXPECT_EQ(c["new"].get<std::string>().rfind("/var/lib/docker/aufs/mnt/", 0), 0u) << c.dump();
    EXPECT_EQ(to_json(r, false)["status"], "rewritten");
}

TEST(FixPathsWriter, NothingMatched) {
    TempDir d;
    spit(d.file("map"), "/no/such/branch /elsewhere\n");
    auto r = dry_run(d.file("map"));
    EXPECT_TRUE(r.changes.empty());
    EXPECT_STREQ(img::fix_paths_status(r, true), "nothing-matched");
    auto j = to_json(r, true);
    EXPECT_EQ(j["status"], "nothing-matched");
    EXPECT_TRUE(j["changes"].empty());
    EXPECT_TRUE(j["images_changed"].empty());
}

}  // namespace
