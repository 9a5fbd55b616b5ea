// img-show on a dump directory: views, --view/--pid, JSON, exit codes, help.
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "harness/schema.h"   // before any generated header: undoes <signal.h>'s sigmask macro
#include "img/model/checkpoint.h"
#include "img/output/json_writer.h"
#include "img/views/views.h"
#include "harness/paths.h"
#include "harness/process.h"
#include "img_show_run.h"

namespace {

using img::test::show::show;
using img::test::show::dump_dir;
using img::test::show::show_run;

using json = nlohmann::json;
using img::test::run;
using img::test::RunResult;



TEST(ImgShowViews, HelpListsEveryViewWithExamples) {
    auto r = show_run({"--help"});
    ASSERT_EQ(r.exit_code, 0) << r;
    // Help is wrapped at 80 columns: compare with every run of spaces and line breaks as one space.
    auto flat = [](std::string_view s) {
        std::string out;
        for (char c : s) {
            bool space = c == ' ' || c == '\n';
            if (!space) out += c;
            else if (!out.empty() && out.back() != ' ') out += ' ';
        }
        return out;
    };
    const std::string help = flat(r.out);
    for (const auto& v : img::views()) {
        EXPECT_NE(r.out.find("  " + std::string(v.name) + " "), std::string::npos) << v.name << "\n" << r.out;
        EXPECT_NE(help.find(flat(v.help)), std::string::npos) << v.name;
    }
    EXPECT_NE(r.out.find("--view"), std::string::npos);
    EXPECT_NE(r.out.find("--pid"), std::string::npos);
    EXPECT_NE(r.out.find("img-show --view"), std::string::npos) << "examples\n" << r.out;
}

TEST(ImgShowViews, ChosenViewsPrintWithTitles) {
    auto r = show_run({"--view", "ps,fds", dump_dir("sleep")});
    ASSERT_EQ(r.exit_code, 0) << r;
    size_t ps = r.out.find("Processes (ps)"), fds = r.out.find("File descriptors (fds)");
    EXPECT_NE(ps, std::string::npos) << r;
    EXPECT_NE(fds, std::string::npos) << r;
    EXPECT_LT(ps, fds);
    EXPECT_EQ(r.out.find("Overview"), std::string::npos) << "only the chosen views\n" << r;
    EXPECT_NE(r.out.find("/dev/null"), std::string::npos) << r;
}

TEST(ImgShowViews, RepeatedViewOptionWorksLikeACommaList) {
    auto a = show_run({"--view", "ps", "--view", "mems", dump_dir("sleep")});
    auto b = show_run({"--view", "ps,mems", dump_dir("sleep")});
    EXPECT_EQ(a.exit_code, 0) << a;
    EXPECT_EQ(a.out, b.out);
}

TEST(ImgShowViews, AllViewsAsJsonParse) {
    auto r = show_run({"--view", "all", "--json", dump_dir("files")});
    ASSERT_EQ(r.exit_code, 0) << r;
    json j = json::parse(r.out);
    EXPECT_EQ(j["dump"], dump_dir("files"));
    ASSERT_EQ(j["views"].size(), img::views().size());
    for (size_t i = 0; i < j["views"].size(); ++i) EXPECT_EQ(j["views"][i]["view"], img::views()[i].name);
}

TEST(ImgShowViews, JsonRowsAreTheLibraryRows) {
    auto d = img::Checkpoint::open(dump_dir("sleep"));
    ASSERT_TRUE(d.ok());
    auto t = img::find_view("mems")->fn(**d, {});
    ASSERT_TRUE(t.ok());
    img::JsonWriter w(nullptr);
    img::write_table_json(*t, w);
    auto r = show_run({"--json", "--view", "mems", dump_dir("sleep")});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(json::parse(r.out)["views"][0], json::parse(w.str()));
    auto text = show_run({"--view", "mems", dump_dir("sleep")});
    size_t lines = std::count(text.out.begin(), text.out.end(), '\n');
    EXPECT_EQ(lines, t->row_count() + 2) << "title, header, one line per row\n" << text;
}

TEST(ImgShowViews, PrettyJsonIsIndented) {
    auto r = show_run({"--json", "--pretty", dump_dir("sleep")});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_NE(r.out.find("\n    \"views\""), std::string::npos) << r;
    EXPECT_TRUE(json::accept(r.out)) << "not valid JSON";
}

TEST(ImgShowViews, PidFiltersEveryView) {
    auto r = show_run({"--json", "--view", "all", "--pid", "13256", dump_dir("files")});
    ASSERT_EQ(r.exit_code, 0) << r;
    json j = json::parse(r.out);
    for (const auto& v : j["views"])
        for (const auto& row : v["rows"])
            if (row.contains("pid") && !row["pid"].is_null()) {
                EXPECT_EQ(row["pid"], 13256) << v["view"];
            }
}

TEST(ImgShowViews, UnknownPidExitsTwo) {
    auto r = show_run({"--pid", "4242", dump_dir("sleep")});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_NE(r.err.find("4242"), std::string::npos) << r;
    EXPECT_NE(r.err.find("13181"), std::string::npos) << "names the tasks there are\n" << r;
    EXPECT_TRUE(r.out.empty()) << r;
}

TEST(ImgShowViews, UnknownViewExitsTwoListingViews) {
    auto r = show_run({"--view", "nosuch", dump_dir("sleep")});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_NE(r.err.find("nosuch"), std::string::npos) << r;
    EXPECT_NE(r.err.find("overview"), std::string::npos) << r;
    EXPECT_TRUE(r.out.empty()) << r;
}

TEST(ImgShowViews, NonExistentDirectoryExitsTwo) {
    std::string path = "/nonexistent/criu-img/dump";
    auto r = show_run({"--view", "ps", path});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_NE(r.err.find(path), std::string::npos) << r;
}

TEST(ImgShowViews, DirectoryWithoutImagesExitsTwo) {
    img::test::TempDir d;
    auto r = show_run({d.path()});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_NE(r.err.find("pstree.img"), std::string::npos) << r;
}

TEST(ImgShowViews, ViewOnAFileIsAUsageError) {
    auto r = show_run({"--view", "ps", dump_dir("sleep") + "/pstree.img"});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_NE(r.err.find("directory"), std::string::npos) << r;
}

TEST(ImgShowViews, InfoOnADirectoryIsAUsageError) {
    auto r = show_run({"--info", dump_dir("sleep")});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_NE(r.err.find("--info"), std::string::npos) << r;
}

TEST(ImgShowViews, NoColourWhenNotATerminal) {
    auto r = show_run({"--view", "all", dump_dir("sleep")});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(r.out.find('\033'), std::string::npos);
}

TEST(ImgShowViews, CmdlineFromMemory) {
    auto r = show_run({"--view", "cmdline", dump_dir("sleep")});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_NE(r.out.find("sleep 1000"), std::string::npos) << r;
}

}  // namespace
