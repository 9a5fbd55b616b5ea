// The views on the bundled captures (testdata/captured, always present) and on
// small dumps built from JSON here: what each view shows, the --pid filter,
// text and JSON from the same rows.
#include <gtest/gtest.h>

#include "harness/schema.h"   // before any generated header: undoes <signal.h>'s sigmask macro

#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "img/support/display.h"
#include "img/convert/image_json.h"
#include "img/support/text_codecs.h"
#include "harness/paths.h"
#include "view_helpers.h"

namespace {

using json = nlohmann::json;
using namespace img::test;

std::string captured(const std::string& name) { return captured_dir() + "/" + name; }
const std::vector<std::string> kCaptured = {"sleep", "files", "relocate-host"};

// Writes one image from crit-style JSON into dir.
void write_image(const std::string& dir, const std::string& name, const std::string& text) {
    auto b = img::encode_image_json(text, name);
    ASSERT_TRUE(b.ok()) << name << ": " << b.error().message();
    spit(dir + "/" + name, *b);
}

std::string core_json(const std::string& comm, int state, const std::string& arch = "X86_64") {
    return fmt::format(R"({{"magic": "CORE", "entries": [{{"mtype": "{}", "tc": {{"task_state": {}, "exit_code": 0,
        "personality": 0, "flags": 0, "blk_sigset": 0, "comm": "{}"}}}}]}})", arch, state, comm);
}

// A process tree without memory or files: 1 -> {7 -> 9, 5 (zombie)}, pstree order 1, 7, 5, 9.
struct TreeDump {
    TempDir dir;
    TreeDump() {
        write_image(dir.path(), "pstree.img", R"({"magic": "PSTREE", "entries": [
            {"pid": 1, "ppid": 0, "pgid": 1, "sid": 1, "threads": [1, 2]},
            {"pid": 7, "ppid": 1, "pgid": 7, "sid": 1, "threads": [7]},
            {"pid": 5, "ppid": 1, "pgid": 1, "sid": 1, "threads": [5]},
            {"pid": 9, "ppid": 7, "pgid": 7, "sid": 1, "threads": [9]}]})");
        write_image(dir.path(), "core-1.img", core_json("init", 1));
        write_image(dir.path(), "core-2.img", R"({"magic": "CORE", "entries": [{"mtype": "X86_64",
            "thread_core": {"futex_rla": 0, "futex_rla_len": 0, "comm": "helper"}}]})");
        write_image(dir.path(), "core-7.img", core_json("shell", 3));
        write_image(dir.path(), "core-5.img", core_json("gone", 2));
        write_image(dir.path(), "core-9.img", core_json("arm-task", 1, "AARCH64"));
    }
};

TEST(ViewsTree, PsIsInTreeOrderWithDepth) {
    TreeDump td;
    auto d = open_dump(td.dir.path());
    ASSERT_TRUE(d);
    auto t = run_view(*d, "ps");
    json j = table_json(t);
    ASSERT_EQ(j["rows"].size(), 4u) << j.dump();
    std::vector<uint32_t> pids;
    std::vector<int> depths;
    for (const auto& r : j["rows"]) {
        pids.push_back(r["pid"]);
        depths.push_back(r["depth"]);
    }
    EXPECT_EQ(pids, (std::vector<uint32_t>{1, 7, 9, 5}));
    EXPECT_EQ(depths, (std::vector<int>{0, 1, 2, 1}));
    EXPECT_EQ(j["rows"][2]["comm"], "arm-task") << "JSON holds the name without indentation";
    auto lines = split_lines(table_text(t));
    ASSERT_EQ(lines.size(), 5u);
    EXPECT_NE(lines[3].find("        arm-task"), std::string::npos) << "text indents COMM by depth\n" << lines[3];
    EXPECT_EQ(lines[0].find("depth"), std::string::npos) << "depth is for JSON only\n" << lines[0];
}

TEST(ViewsTree, StatesByNumber) {
    TreeDump td;
    auto d = open_dump(td.dir.path());
    json j = table_json(run_view(*d, "ps"));
    std::map<uint32_t, std::string> st;
    for (const auto& r : j["rows"]) st[r["pid"]] = r["state"];
    EXPECT_EQ(st[1], "alive");
    EXPECT_EQ(st[7], "stopped") << "CRIU writes 3 for stopped (crit calls it Zombie)";
    EXPECT_EQ(st[5], "zombie");
}

TEST(ViewsTree, OverviewHandlesTasksWithoutMemoryOrFiles) {
    TreeDump td;
    auto d = open_dump(td.dir.path());
    json j = table_json(run_view(*d, "overview"));
    ASSERT_EQ(j["rows"].size(), 4u);
    EXPECT_EQ(j["rows"][0]["threads"], 2);
    EXPECT_TRUE(j["rows"][0]["vmas"].is_null());
    EXPECT_TRUE(j["rows"][0]["exe"].is_null());
}

TEST(ViewsTree, ThreadNamesFallBackToTheTaskName) {
    TreeDump td;
    auto d = open_dump(td.dir.path());
    json j = table_json(run_view(*d, "threads", 1));
    ASSERT_EQ(j["rows"].size(), 2u) << j.dump();
    EXPECT_EQ(j["rows"][0]["comm"], "init");
    EXPECT_EQ(j["rows"][1]["tid"], 2);
    EXPECT_EQ(j["rows"][1]["comm"], "helper");
}

TEST(ViewsTree, PidFilterTakesAThreadIdToo) {
    TreeDump td;
    auto d = open_dump(td.dir.path());
    json ps = table_json(run_view(*d, "ps", 7));
    ASSERT_EQ(ps["rows"].size(), 1u);
    EXPECT_EQ(ps["rows"][0]["pid"], 7);
    json th = table_json(run_view(*d, "threads", 2));
    ASSERT_EQ(th["rows"].size(), 1u) << "a thread id shows that thread only";
    EXPECT_EQ(th["rows"][0]["tid"], 2);
    json ps2 = table_json(run_view(*d, "ps", 2));
    ASSERT_EQ(ps2["rows"].size(), 1u);
    EXPECT_EQ(ps2["rows"][0]["pid"], 1) << "a thread id selects its task in task views";
}

TEST(ViewsTree, UnknownPidIsAnErrorListingTheTasks) {
    TreeDump td;
    auto d = open_dump(td.dir.path());
    img::ViewOptions o;
    o.pid = 4242;
    auto ok = img::check_view_options(*d, o);
    ASSERT_FALSE(ok.ok());
    EXPECT_NE(ok.error().message().find("4242"), std::string::npos) << ok.error().message();
    EXPECT_NE(ok.error().message().find("1, 7, 9, 5"), std::string::npos) << ok.error().message();
    for (const auto& v : img::views()) EXPECT_FALSE(v.fn(*d, o).ok()) << v.name;
}

TEST(ViewsTree, OtherArchitecturesSayRegistersAreNotShownYet) {
    TreeDump td;
    auto d = open_dump(td.dir.path());
    json j = table_json(run_view(*d, "regs", 9));
    ASSERT_EQ(j["rows"].size(), 1u) << j.dump();
    EXPECT_EQ(j["rows"][0]["note"], "registers of aarch64 are not shown yet");
}

TEST(ViewsTree, EveryViewRunsOnASparseDump) {
    TreeDump td;
    auto d = open_dump(td.dir.path());
    for (const auto& v : img::views()) {
        auto t = v.fn(*d, {});
        EXPECT_TRUE(t.ok()) << v.name << ": " << (t.ok() ? "" : t.error().message());
    }
}

TEST(Views, DirectoryWithoutPstreeIsAnError) {
    TempDir dir;
    auto d = open_dump(dir.path());
    ASSERT_TRUE(d);
    auto ok = img::check_view_options(*d, {});
    ASSERT_FALSE(ok.ok());
    EXPECT_NE(ok.error().message().find("pstree.img"), std::string::npos) << ok.error().message();
}

TEST(Views, OverviewOfSleep) {
    auto d = open_dump(captured("sleep"));
    json j = table_json(run_view(*d, "overview"));
    ASSERT_EQ(j["rows"].size(), 1u);
    const json& r = j["rows"][0];
    EXPECT_EQ(r["pid"], 13181);
    EXPECT_EQ(r["ppid"], 0);
    EXPECT_EQ(r["comm"], "sleep");
    EXPECT_EQ(r["state"], "alive");
    EXPECT_EQ(r["threads"], 1);
    EXPECT_EQ(r["vmas"], 36);
    EXPECT_EQ(r["resident_pages"], 30);
    EXPECT_EQ(r["fds"], 3);
    EXPECT_EQ(r["exe"], "/usr/bin/sleep");
    EXPECT_EQ(r["depth"], 0);
}

TEST(Views, CmdlineAndEnvironmentOfSleepComeFromMemory) {
    auto d = open_dump(captured("sleep"));
    json c = table_json(run_view(*d, "cmdline"));
    ASSERT_EQ(c["rows"].size(), 1u);
    EXPECT_EQ(c["rows"][0]["argv"], json({"sleep", "1000"}));
    EXPECT_TRUE(c["rows"][0]["note"].is_null());
    json e = table_json(run_view(*d, "env"));
    std::vector<std::string> env;
    for (const auto& r : e["rows"]) env.push_back(r["var"]);
    EXPECT_EQ(env, (std::vector<std::string>{"PATH=/usr/bin:/bin", "HOME=/srv/cimg", "LANG=C.UTF-8", "TERM=dumb",
                                             "CIMG_SCENARIO=sleep"}));
}

TEST(Views, CmdlineSaysWhenThePagesAreAbsent) {
    TempDir dir;
    for (const char* f : {"pstree.img", "core-13181.img", "mm-13181.img", "ids-13181.img", "inventory.img"})
        spit(dir.file(f), slurp(captured("sleep") + "/" + f));
    auto d = open_dump(dir.path());
    json c = table_json(run_view(*d, "cmdline"));
    ASSERT_EQ(c["rows"].size(), 1u);
    EXPECT_EQ(c["rows"][0]["argv"], json::array());
    EXPECT_NE(c["rows"][0]["note"].get<std::string>().find("not in the dump"), std::string::npos) << c.dump();
}

TEST(Views, MemsResidentPagesAddUpToThePagemap) {
    for (const auto& name : kCaptured) {
        auto d = open_dump(captured(name));
        auto ps = table_json(run_view(*d, "ps"));
        for (const auto& p : ps["rows"]) {
            uint32_t pid = p["pid"];
            auto pm = d->pagemap(pid);
            ASSERT_TRUE(pm.ok() && *pm);
            json m = table_json(run_view(*d, "mems", pid));
            uint64_t sum = 0;
            size_t vmas = 0;
            for (const auto& r : m["rows"]) {
                if (r["kind"] != "vma") continue;
                ++vmas;
                if (r["pages_in"] == fmt::format("pagemap-{}.img", pid)) sum += r["resident_pages"].get<uint64_t>();
            }
            EXPECT_EQ(sum, (*pm)->present_pages()) << name << " " << pid;
            EXPECT_EQ(vmas, static_cast<size_t>((*d->mm(pid))->vmas_size())) << name;
            EXPECT_EQ(m["rows"][0]["kind"], "exe");
        }
    }
}

TEST(Views, MemsOfFilesShowSharedMappingsAndTheMemfd) {
    auto d = open_dump(captured("files"));
    std::string text = table_text(run_view(*d, "mems"));
    auto lines = split_lines(text);
    EXPECT_GE(find_line(lines, {"7f65f7a6a000-7f65f7a6c000", "rw-", "shared", "/srv/cimg/files/testdir/mapped.bin", "(s)"}), 0)
        << text;
    EXPECT_GE(find_line(lines, {"[vdso]"}), 0) << text;
    EXPECT_GE(find_line(lines, {"[heap]"}), 0) << text;
    EXPECT_GE(find_line(lines, {"ffffffffff600000-ffffffffff601000", "--x", "[vsyscall]", "*"}), 0) << text;
}

TEST(Views, FdsOfFiles) {
    auto d = open_dump(captured("files"));
    img::Table t = run_view(*d, "fds");
    json j = table_json(t);
    std::map<std::string, json> by_fd;
    for (const auto& r : j["rows"]) by_fd[r["fd"].dump()] = r;
    EXPECT_EQ(by_fd["5"]["file"], "/srv/cimg/files/testdir/ap.txt");
    EXPECT_EQ(by_fd["5"]["flags"], 02000 | 01 | 0100000) << "O_WRONLY|O_APPEND|O_LARGEFILE";
    EXPECT_EQ(by_fd["3"]["pos"], 10);
    EXPECT_EQ(by_fd["10"]["cloexec"], true);
    EXPECT_EQ(by_fd["3"]["cloexec"], false);
    EXPECT_EQ(by_fd["11"]["type"], "MEMFD");
    EXPECT_EQ(by_fd["11"]["file"], "memfd:files-memfd");
    EXPECT_EQ(by_fd["\"cwd\""]["file"], "/srv/cimg/files/testdir");
    EXPECT_EQ(by_fd["\"root\""]["file"], "/");
    EXPECT_EQ(by_fd["\"exe\""]["file"], "/opt/cimg/bin/files");
    auto lines = split_lines(table_text(t));
    EXPECT_GE(find_line(lines, {"13256", "5", "REG", "O_WRONLY|O_APPEND|O_LARGEFILE", "/srv/cimg/files/testdir/ap.txt"}), 0);
}

TEST(Views, FilesShowsUsersAndTheGhost) {
    auto d = open_dump(captured("files"));
    json j = table_json(run_view(*d, "files"));
    bool ghost = false, exe = false;
    for (const auto& r : j["rows"]) {
        std::string f = r["file"];
        if (f.find("ghost.txt") != std::string::npos) {
            ghost = true;
            EXPECT_NE(f.find("ghost-file-1.img"), std::string::npos) << f;
            EXPECT_EQ(r["used_by"], json({"13256:8"}));
            EXPECT_EQ(r["pos"], 55);
        }
        if (f == "/opt/cimg/bin/files") {
            exe = true;
            std::set<std::string> u(r["used_by"].begin(), r["used_by"].end());
            EXPECT_TRUE(u.count("13256:exe") && u.count("13256:map")) << r.dump();
            EXPECT_EQ(r["mode"], 0100755);
        }
    }
    EXPECT_TRUE(ghost && exe) << j.dump();
}

TEST(Views, FdsOfRelocateHost) {
    auto d = open_dump(captured("relocate-host"));
    json j = table_json(run_view(*d, "fds"));
    bool log = false;
    for (const auto& r : j["rows"])
        if (r["fd"] == 4) {
            log = true;
            EXPECT_NE(r["file"].get<std::string>().find("/app/data/log.txt"), std::string::npos);
            EXPECT_EQ(r["flags"].get<uint32_t>() & 03003, 02001u) << "O_WRONLY|O_APPEND";
        }
    EXPECT_TRUE(log);
}

TEST(Views, RssRunsCoverThePagemap) {
    for (const auto& name : kCaptured) {
        auto d = open_dump(captured(name));
        json ps = table_json(run_view(*d, "ps"));
        uint32_t pid = ps["rows"][0]["pid"];
        json j = table_json(run_view(*d, "rss"));
        std::set<uint64_t> seen;
        uint64_t pages = 0;
        for (const auto& r : j["rows"])
            if (seen.insert(r["vaddr"].get<uint64_t>()).second) pages += r["nr_pages"].get<uint64_t>();
        auto pm = d->pagemap(pid);
        ASSERT_TRUE(pm.ok() && *pm);
        EXPECT_EQ(seen.size(), (*pm)->runs().size()) << name;
        EXPECT_EQ(pages, (*pm)->present_pages()) << name << ": every run of these dumps is present";
    }
}

TEST(Views, RegistersRlimitsSigactionsNamespacesMountsOfSleep) {
    auto d = open_dump(captured("sleep"));
    json regs = table_json(run_view(*d, "regs"));
    EXPECT_EQ(regs["rows"].size(), 27u);
    EXPECT_EQ(regs["rows"][0]["reg"], "ip");
    json rl = table_json(run_view(*d, "rlimits"));
    ASSERT_EQ(rl["rows"].size(), 16u);
    EXPECT_EQ(rl["rows"][0]["resource"], "RLIMIT_CPU");
    EXPECT_EQ(rl["rows"][0]["cur"], "unlimited");
    EXPECT_EQ(rl["rows"][7]["resource"], "RLIMIT_NOFILE");
    EXPECT_TRUE(rl["rows"][7]["cur"].is_number());
    json sa = table_json(run_view(*d, "sigactions"));
    for (const auto& r : sa["rows"]) EXPECT_NE(r["handler"], 0) << "SIG_DFL rows are left out";
    json ns = table_json(run_view(*d, "namespaces"));
    ASSERT_EQ(ns["rows"].size(), 8u);
    for (const auto& r : ns["rows"]) EXPECT_EQ(r["dumped"], false) << r.dump();
    json mnt = table_json(run_view(*d, "mounts"));
    ASSERT_EQ(mnt["rows"].size(), 1u);
    EXPECT_EQ(mnt["rows"][0]["dumped"], false);
    EXPECT_NE(table_text(run_view(*d, "mounts")).find("not dumped"), std::string::npos);
}

// Every view on every capture: JSON parses, has one object per row with every
// column's key, and the text has a header plus one line per row.
TEST(Views, TextAndJsonShowTheSameRows) {
    for (const auto& name : kCaptured) {
        auto d = open_dump(captured(name));
        for (const auto& v : img::views()) {
            img::Table t = run_view(*d, std::string(v.name));
            json j = table_json(t);
            EXPECT_EQ(j["view"], v.name);
            ASSERT_EQ(j["rows"].size(), t.row_count()) << name << " " << v.name;
            for (const auto& r : j["rows"]) EXPECT_EQ(r.size(), t.columns.size()) << name << " " << v.name;
            std::string text = table_text(t);
            EXPECT_TRUE(img::valid_utf8(text));
            if (t.columns.empty()) {   // the checkpoint view: only its about block, no header, no rows
                ASSERT_TRUE(t.about) << name << " " << v.name;
                EXPECT_EQ(t.row_count(), 0u);
                EXPECT_TRUE(j.contains(t.about->key)) << name << " " << v.name;
                EXPECT_EQ(split_lines(text)[0], t.about->title) << text;
                continue;
            }
            EXPECT_EQ(split_lines(text).size(), t.row_count() + 1) << name << " " << v.name << "\n" << text;
        }
    }
}

TEST(Views, NonUtf8PathsAreEscapedInCells) {
    TempDir dir;
    write_image(dir.path(), "pstree.img", R"({"magic": "PSTREE", "entries": [{"pid": 1, "ppid": 0, "pgid": 1, "sid": 1, "threads": [1]}]})");
    write_image(dir.path(), "core-1.img", core_json("x", 1));
    write_image(dir.path(), "ids-1.img", R"({"magic": "IDS", "entries": [{"vm_id": 1, "files_id": 1, "fs_id": 1, "sighand_id": 1}]})");
    write_image(dir.path(), "fdinfo-1.img", R"({"magic": "FDINFO", "entries": [{"id": 3, "flags": 0, "type": "REG", "fd": 0}]})");
    // "/tmp/caf\xe9" (Latin-1) in base64-free form: our JSON keeps non-UTF-8 bytes as {"base64": ...}.
    write_image(dir.path(), "files.img", R"({"magic": "FILES", "entries": [{"type": "REG", "id": 3, "reg": {"id": 3,
        "flags": 0, "pos": 0, "fown": {"uid": 0, "euid": 0, "signum": 0, "pid_type": 0, "pid": 0},
        "name": {"base64": "L3RtcC9jYWbp\n"}}}]})");
    auto d = open_dump(dir.path());
    json j = table_json(run_view(*d, "fds"));
    ASSERT_EQ(j["rows"].size(), 1u) << j.dump();
    EXPECT_EQ(j["rows"][0]["file"], "/tmp/caf\\xe9");
}

TEST(TableText, AlignsUtf8ByCharacters) {
    img::Table t;
    t.columns = {{"a", "A"}, {"b", "B"}};
    t.add_row({img::Cell("caf\xc3\xa9"), img::Cell("x")});
    t.add_row({img::Cell("abcd"), img::Cell("y")});
    auto lines = split_lines(table_text(t));
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[1], "caf\xc3\xa9  x");
    EXPECT_EQ(lines[2], "abcd  y");
}

}  // namespace

namespace {

// A Podman checkpoint directory on disk: the sleep capture under checkpoint/, config.dump and spec.dump beside.
std::string container_dir(const img::test::TempDir& work) {
    std::string root = work.file("ctr");
    std::filesystem::create_directories(root + "/checkpoint");
    for (const auto& e : std::filesystem::directory_iterator(img::test::captured_dir() + "/sleep"))
        std::filesystem::copy_file(e.path(), root + "/checkpoint/" + e.path().filename().string());
    for (const char* m : {"config.dump", "spec.dump"})
        std::filesystem::copy_file(img::test::gen_dir() + "/archive/" + m, root + "/" + m);
    return root;
}

}  // namespace

TEST(ViewsOverview, ContainerMetadataAboveTheTasks) {
    img::test::TempDir work;
    auto d = img::test::open_dump(container_dir(work));
    ASSERT_TRUE(d);
    img::Table t = img::test::run_view(*d, "overview");
    ASSERT_TRUE(t.about);
    std::string text = img::test::table_text(t);
    EXPECT_EQ(text.rfind("Container\n  name:", 0), 0u) << text;
    for (const char* s : {"  image:           docker.io/library/debian:12\n", "  runtime:         crun\n",
                          "  args:            sleep 1000\n", "  engine:          Podman\n", "  archive:         no\n"})
        EXPECT_NE(text.find(s), std::string::npos) << s << "\n" << text;
    EXPECT_EQ(text.find("warnings:"), std::string::npos) << "empty values are left out of the text\n" << text;
    EXPECT_LT(text.find("archive:"), text.find("PID")) << text;

    auto j = img::test::table_json(t);
    EXPECT_EQ(j["container"]["name"], "sleepy_turing");
    EXPECT_EQ(j["container"]["args"], nlohmann::json::array({"sleep", "1000"}));
    EXPECT_EQ(j["container"]["archive"], false);
    EXPECT_EQ(j["container"]["warnings"], nlohmann::json::array());
    EXPECT_EQ(j["rows"].size(), 1u);
}

TEST(ViewsOverview, NoContainerForAPlainDump) {
    auto d = img::test::open_dump(img::test::captured_dir() + "/sleep");
    ASSERT_TRUE(d);
    img::Table t = img::test::run_view(*d, "overview");
    EXPECT_FALSE(t.about);
    EXPECT_FALSE(img::test::table_json(t).contains("container"));
    EXPECT_EQ(img::test::table_text(t).rfind("  PID", 0), 0u);
}
