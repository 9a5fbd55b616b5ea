// img-show on Podman/CRI-O checkpoints built at test time with tar (plain, gzip,
// zstd) from the bundled sleep capture laid out as checkpoint/ + config.dump +
// spec.dump: the overview shows the container, views and memory commands read
// the archive like the directory, errors name the archive (and the member).
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include <nlohmann/json.hpp>

#include "harness/paths.h"
#include "harness/process.h"

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using img::test::RunResult;
using img::test::TempDir;

std::string sleep_dir() { return img::test::captured_dir() + "/sleep"; }

RunResult show_run(std::vector<std::string> args) {
    args.insert(args.begin(), img::test::tool_path("img-show"));
    return img::test::run(args);
}

// The private directory an archive is unpacked into ($TMPDIR/criu-img-PID-XXXXXX) shows in `s`.
bool names_unpack_dir(const std::string& s) { return std::regex_search(s, std::regex("criu-img-[0-9]+-[A-Za-z0-9]{6}(/|$)")); }

RunResult sh(const std::string& cmd) { return img::test::run({"/bin/sh", "-c", cmd}); }

// <work>/stage: checkpoint/ holding the sleep images, config.dump and spec.dump beside it.
class ImgShowArchive : public ::testing::Test {
protected:
    void SetUp() override {
        stage_ = work_.file("stage");
        fs::create_directories(stage_ + "/checkpoint");
        for (const auto& e : fs::directory_iterator(sleep_dir()))
            fs::copy_file(e.path(), stage_ + "/checkpoint/" + e.path().filename().string());
        for (const char* m : {"config.dump", "spec.dump"})
            fs::copy_file(img::test::gen_dir() + "/archive/" + m, stage_ + "/" + m);
    }
    // Packs the stage with `tar` and the given compression option ("", "--gzip", "--zstd").
    std::string pack(const std::string& name, const std::string& compress) {
        std::string out = work_.file(name);
        auto r = sh("tar -C '" + stage_ + "' " + compress + " -cf '" + out + "' .");
        EXPECT_EQ(r.exit_code, 0) << r;
        return out;
    }
    TempDir work_;
    std::string stage_;
};

TEST_F(ImgShowArchive, OverviewShowsTheContainerForEveryCompression) {
    for (auto [name, opt] : {std::pair{"ckpt.tar", ""}, std::pair{"ckpt.tar.gz", "--gzip"},
                             std::pair{"ckpt.tar.zst", "--zstd"}}) {
        std::string a = pack(name, opt);
        auto r = show_run({a});
        ASSERT_EQ(r.exit_code, 0) << name << "\n" << r;
        EXPECT_NE(r.out.find("Container"), std::string::npos) << r;
        EXPECT_NE(r.out.find("sleepy_turing"), std::string::npos) << r;
        EXPECT_NE(r.out.find("docker.io/library/debian:12"), std::string::npos) << r;
        EXPECT_NE(r.out.find("13181"), std::string::npos) << "the task row\n" << r;
        EXPECT_FALSE(names_unpack_dir(r.out)) << "no temporary path shown\n" << r;
    }
}

TEST_F(ImgShowArchive, OverviewJsonCarriesTheContainerObject) {
    std::string a = pack("ckpt.tar.gz", "--gzip");
    auto r = show_run({"--json", a});
    ASSERT_EQ(r.exit_code, 0) << r;
    json j = json::parse(r.out);
    EXPECT_EQ(j["dump"], a);
    const json& v = j["views"][0];
    EXPECT_EQ(v["view"], "overview");
    const json& c = v["container"];
    EXPECT_EQ(c["name"], "sleepy_turing") << c;
    EXPECT_EQ(c["id"].get<std::string>().rfind("3f9c2a7d", 0), 0u) << c;
    EXPECT_EQ(c["image"], "docker.io/library/debian:12");
    EXPECT_EQ(c["created"], "2026-11-27T10:15:42.123456789Z");
    EXPECT_EQ(c["runtime"], "crun");
    EXPECT_TRUE(c["args"].is_array()) << c;
    EXPECT_EQ(c["source"], a);
    EXPECT_EQ(c["archive"], true);
    ASSERT_EQ(v["rows"].size(), 1u);
    EXPECT_EQ(v["rows"][0]["pid"], 13181);

    auto plain = show_run({"--json", sleep_dir()});
    ASSERT_EQ(plain.exit_code, 0) << plain;
    EXPECT_FALSE(json::parse(plain.out)["views"][0].contains("container")) << "a plain dump has no container";
}

TEST_F(ImgShowArchive, ContainerDirectoryIsShownLikeTheArchive) {
    auto r = show_run({"--json", stage_});
    ASSERT_EQ(r.exit_code, 0) << r;
    json j = json::parse(r.out);
    const json& c = j["views"][0]["container"];
    EXPECT_EQ(c["name"], "sleepy_turing") << r;
    EXPECT_EQ(c["archive"], false);
}

TEST_F(ImgShowArchive, ViewsAndMemoryCommandsReadTheArchive) {
    std::string a = pack("ckpt.tar.zst", "--zstd");
    auto dir = show_run({"--view", "ps,mems", sleep_dir()});
    auto arc = show_run({"--view", "ps,mems", a});
    ASSERT_EQ(arc.exit_code, 0) << arc;
    EXPECT_EQ(arc.out, dir.out);
    auto s = show_run({"--search", "CIMG_SCENARIO=sleep", a});
    EXPECT_EQ(s.exit_code, 0) << s;
    EXPECT_EQ(s.out, show_run({"--search", "CIMG_SCENARIO=sleep", sleep_dir()}).out);
    EXPECT_EQ(show_run({"--search", "not in memory 7f1e2d", a}).exit_code, 1);
}

TEST_F(ImgShowArchive, TruncatedArchiveIsAnErrorNamingTheArchive) {
    std::string a = pack("ckpt.tar.gz", "--gzip");
    fs::resize_file(a, fs::file_size(a) / 2);
    auto r = show_run({a});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_EQ(r.err.rfind("img-show: " + a + ": ", 0), 0u) << r;
    EXPECT_FALSE(names_unpack_dir(r.err)) << "no temporary path\n" << r;
    EXPECT_EQ(r.out, "");
}

TEST_F(ImgShowArchive, CorruptImageIsNamedAsArchiveMember) {
    std::string core = stage_ + "/checkpoint/core-13181.img";
    fs::resize_file(core, fs::file_size(core) / 2);
    std::string a = pack("ckpt.tar.gz", "--gzip");
    auto r = show_run({"--view", "threads", a});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_NE(r.err.find(a + ":checkpoint/core-13181.img: "), std::string::npos) << r;
    EXPECT_FALSE(names_unpack_dir(r.err)) << "no temporary path\n" << r;
}

TEST_F(ImgShowArchive, ImageFileStillShowsAsOneImage) {
    // A raw pages file is an image by its name, whatever its first bytes: refused as one, not read as a dump.
    auto r = show_run({sleep_dir() + "/pages-1.img"});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_NE(r.err.find("a raw 'pages' image"), std::string::npos) << r;
    auto core = show_run({"--info", sleep_dir() + "/core-13181.img"});
    EXPECT_EQ(core.exit_code, 0) << core;
    EXPECT_NE(core.out.find("CORE"), std::string::npos) << core;
}

}  // namespace
