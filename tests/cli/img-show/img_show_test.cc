// img-show as a user runs it: exit codes, messages, and what it prints.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness/fixtures.h"
#include "harness/paths.h"
#include "harness/process.h"
#include "img_show_run.h"

namespace {

using img::test::show::show;
using img::test::show::sleep_dir;
using img::test::show::show_run;

using json = nlohmann::json;
using img::test::run;
using img::test::RunResult;



TEST(ImgShow, HelpExitsZeroAndMentionsJson) {
    auto r = show_run({"--help"});
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_NE(r.out.find("--json"), std::string::npos) << r;
    EXPECT_NE(r.out.find("--pretty"), std::string::npos) << r;
    EXPECT_NE(r.out.find("--info"), std::string::npos) << r;
}

TEST(ImgShow, NoFileIsAUsageError) {
    auto r = show_run({});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_FALSE(r.err.empty());
}

TEST(ImgShow, UnknownOptionIsAUsageError) {
    auto r = show_run({"--no-such-option", sleep_dir() + "/pstree.img"});
    EXPECT_EQ(r.exit_code, 2) << r;
}

TEST(ImgShow, MissingFileExitsTwoNamingIt) {
    std::string path = "/nonexistent/criu-img/core-4242.img";
    auto r = show_run({path});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_NE(r.err.find(path), std::string::npos) << r;
    EXPECT_TRUE(r.out.empty()) << r;
}

TEST(ImgShow, InfoPrintsKindAndEntryCount) {
    auto r = show_run({"--info", sleep_dir() + "/core-13181.img"});
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_NE(r.out.find("CORE"), std::string::npos) << r;
    EXPECT_NE(r.out.find("1 entry,"), std::string::npos) << r;
    EXPECT_NE(r.out.find("common header"), std::string::npos) << r;
    auto p = show_run({"--info", sleep_dir() + "/pagemap-13181.img"});
    EXPECT_EQ(p.exit_code, 0) << p;
    EXPECT_NE(p.out.find("PAGEMAP"), std::string::npos) << p;
    EXPECT_NE(p.out.find("13 entries"), std::string::npos) << p << "\n(head + 12 page runs)";
}

TEST(ImgShow, InfoAsJson) {
    auto r = show_run({"--info", "--json", sleep_dir() + "/stats-dump"});
    ASSERT_EQ(r.exit_code, 0) << r;
    json j = json::parse(r.out);
    EXPECT_EQ(j["magic"], "STATS");
    EXPECT_EQ(j["header"], "service");
    EXPECT_EQ(j["entries"], 1);
    EXPECT_EQ(j["magic_value"], "0x57093306");
    EXPECT_EQ(j["file_bytes"], img::test::slurp(sleep_dir() + "/stats-dump").size());
}

TEST(ImgShow, JsonIsTheLibraryRenderingPlusNewline) {
    std::string path = sleep_dir() + "/mm-13181.img";
    auto lib = img::test::render_path(path, false, 0);
    ASSERT_TRUE(lib.ok);
    auto r = show_run({"--json", path});
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(r.out, lib.json + "\n");
    auto pretty = img::test::render_path(path, true, 4);
    auto rp = show_run({"--json", "--pretty", path});
    EXPECT_EQ(rp.exit_code, 0) << rp;
    EXPECT_EQ(rp.out, pretty.json + "\n");
}

TEST(ImgShow, DashReadsStandardInput) {
    std::string bytes = img::test::slurp(sleep_dir() + "/pstree.img");
    auto from_file = show_run({"--json", sleep_dir() + "/pstree.img"});
    auto from_stdin = show_run({"--json", "-"}, bytes);
    EXPECT_EQ(from_stdin.exit_code, 0) << from_stdin;
    EXPECT_EQ(from_stdin.out, from_file.out);
    EXPECT_NE(from_stdin.out.find("\"magic\": \"PSTREE\""), std::string::npos) << from_stdin;
}

TEST(ImgShow, EmptyStandardInputIsAnError) {
    auto r = show_run({"-"}, std::string());
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_NE(r.err.find("img-show: -: "), std::string::npos) << "stdin is named '-'\n" << r;
    EXPECT_NE(r.err.find("truncated header"), std::string::npos) << r;
}

TEST(ImgShow, PagesFileExitsTwoSayingRaw) {
    std::string path = sleep_dir() + "/pages-1.img";
    auto r = show_run({path});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_NE(r.err.find("raw"), std::string::npos) << r;
    EXPECT_NE(r.err.find("pages-1.img"), std::string::npos) << r;
}

TEST(ImgShow, ReadableViewShowsFieldNames) {
    auto r = show_run({sleep_dir() + "/pstree.img"});
    EXPECT_EQ(r.exit_code, 0) << r;
    for (const char* f : {"pid", "ppid", "pgid", "sid", "threads"}) EXPECT_NE(r.out.find(f), std::string::npos) << f << "\n" << r;
    EXPECT_NE(r.out.find("PSTREE"), std::string::npos) << r;
    EXPECT_NE(r.out.find("13181"), std::string::npos) << r;
    EXPECT_EQ(r.out.find('{'), std::string::npos) << "the readable view is not JSON\n" << r;
}

TEST(ImgShow, ReadableViewUsesPrettyValues) {
    auto r = show_run({sleep_dir() + "/files.img"});
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_NE(r.out.find("REG"), std::string::npos) << r;
    EXPECT_NE(r.out.find("O_LARGEFILE"), std::string::npos) << "flags by name\n" << r;
    EXPECT_NE(r.out.find("/dev/null"), std::string::npos) << r;
}

TEST(ImgShow, ReadableViewPreviewsPayloads) {
    img::test::TempDir d;
    img::test::spit(d.file("pipes-data.img"), img::test::gen_image("pipes-data.img"));
    auto r = show_run({d.file("pipes-data.img")});
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_NE(r.out.find("extra: 6 bytes \"hello\\n\""), std::string::npos) << r;
}

TEST(ImgShow, NoplShowsPayloadSizes) {
    img::test::TempDir d;
    img::test::spit(d.file("pipes-data.img"), img::test::gen_image("pipes-data.img"));
    auto r = show_run({"--json", "--nopl", d.file("pipes-data.img")});
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(json::parse(r.out)["entries"][0]["extra"], "... <6B>");
}

TEST(ImgShow, CorruptImageExitsTwoNamingFileAndOffset) {
    img::test::TempDir d;
    std::string bytes = img::test::slurp(sleep_dir() + "/mm-13181.img");
    bytes.resize(bytes.size() - 10);
    img::test::spit(d.file("mm-13181.img"), bytes);
    auto r = show_run({"--json", d.file("mm-13181.img")});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_NE(r.err.find("mm-13181.img"), std::string::npos) << r;
    EXPECT_NE(r.err.find("offset"), std::string::npos) << r;
    EXPECT_NE(r.err.find("entry #0"), std::string::npos) << r;
}

TEST(ImgShow, DirectoryShowsTheOverview) {
    auto r = show_run({sleep_dir()});
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_NE(r.out.find("Overview (overview)"), std::string::npos) << r;
    EXPECT_NE(r.out.find("/usr/bin/sleep"), std::string::npos) << r;
}

// The difference from crit the man page documents, on real captures of CRIU 4.2: a zombie (2) is
// "Dead" and a stopped task (3) "Stopped", where crit 4.2 prints 2 and labels 3 "Zombie".
TEST(ImgShow, TaskStatesDifferFromCritAsTheManPageSays) {
    auto state = [](const std::string& core) {
        auto r = show_run({"--json", "--pretty", img::test::captured_dir() + "/" + core});
        EXPECT_EQ(r.exit_code, 0) << r;
        return json::parse(r.out)["entries"][0]["tc"]["task_state"];
    };
    EXPECT_EQ(state("zombies/core-22612.img"), "Dead");
    EXPECT_EQ(state("stopped/core-22737.img"), "Stopped");
    EXPECT_EQ(state("stopped/core-22735.img"), "Alive");
    std::string man = img::test::slurp(img::test::source_dir() + "/man/img-show.1");
    EXPECT_NE(man.find("it prints a zombie as the number \\fB2\\fR and labels a\nstopped task \\fB\"Zombie\"\\fR"),
              std::string::npos);
    EXPECT_EQ(man.find("The JSON equals crit"), std::string::npos) << "no promise of identity";
}

}  // namespace
