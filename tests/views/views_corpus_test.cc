// The views against crit: on every real dump (the bundled captures, and
// shared/criu-images when present), the text of ps, fds, mems and rss holds
// every fact crit x prints in shared/criu-json/<dump>/x-*.txt. Plus the
// scenario facts the corpus README promises (threads, sockets, pipes, env).
#include <gtest/gtest.h>

#include "harness/schema.h"   // before any generated header: undoes <signal.h>'s sigmask macro

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "harness/paths.h"
#include "view_helpers.h"

namespace {

using json = nlohmann::json;
using namespace img::test;

struct Scenario {
    std::string set;   // "captured" or "shared"; "" for the missing-corpus placeholder
    std::string name;  // "sleep"
    std::string dir;
    std::string ref;   // shared/criu-json/<name>, "" when absent
};

std::ostream& operator<<(std::ostream& os, const Scenario& s) { return os << s.set << "/" << s.name; }

std::vector<Scenario> scenarios() {
    std::vector<Scenario> v;
    auto shared = shared_dir();
    auto ref_of = [&](const std::string& name) {
        if (!shared) return std::string();
        std::string r = *shared + "/criu-json/" + name;
        return dir_exists(r) && file_exists(r + "/x-ps.txt") ? r : std::string();
    };
    for (const char* n : {"sleep", "files", "relocate-host"})
        v.push_back({"captured", n, captured_dir() + "/" + n, ref_of(n)});
    if (shared) {
        std::vector<std::string> names;
        for (const auto& e : std::filesystem::directory_iterator(*shared + "/criu-images"))
            if (e.is_directory() && file_exists(e.path().string() + "/pstree.img")) names.push_back(e.path().filename());
        std::sort(names.begin(), names.end());
        for (const auto& n : names) v.push_back({"shared", n, *shared + "/criu-images/" + n, ref_of(n)});
    } else {
        v.push_back({"", "missing", "", ""});
    }
    return v;
}

std::string test_name(const ::testing::TestParamInfo<Scenario>& i) {
    std::string s = i.param.set + "_" + i.param.name;
    for (char& c : s)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return s.empty() ? "missing" : s;
}

std::string view_text(img::Checkpoint& d, const std::string& view) { return table_text(run_view(d, view)); }

class CritX : public ::testing::TestWithParam<Scenario> {
protected:
    void SetUp() override {
        if (GetParam().set.empty()) GTEST_SKIP() << img::test::shared_missing_reason();
        if (GetParam().ref.empty()) GTEST_SKIP() << "no crit x reference for " << GetParam().name;
        dump_ = open_dump(GetParam().dir);
        ASSERT_TRUE(dump_);
    }
    std::vector<std::string> ref(const std::string& what) { return split_lines(slurp(GetParam().ref + "/x-" + what + ".txt")); }
    std::unique_ptr<img::Checkpoint> dump_;
};

// crit x ps: "%7d%7d%7d   " then COMM indented by 4 per level.
TEST_P(CritX, PsHasEveryTaskOfCrit) {
    img::Table t = run_view(*dump_, "ps");
    auto ours = split_lines(table_text(t));
    json j = table_json(t);
    std::map<uint32_t, int> depth;
    for (const auto& r : j["rows"]) depth[r["pid"]] = r["depth"];
    size_t n = 0;
    for (const auto& line : ref("ps")) {
        auto tok = tokens(line);
        if (tok.size() != 4 || tok[0] == "PID") continue;
        ++n;
        EXPECT_GE(find_line(ours, tok), 0) << "crit: " << line << "\nours:\n" << table_text(t);
        size_t comm_at = line.find(tok[3], 21);
        EXPECT_EQ(depth[std::stoul(tok[0])], static_cast<int>((comm_at - 24) / 4)) << line;
    }
    EXPECT_EQ(n, t.row_count());
    EXPECT_GT(n, 0u);
}

// crit x fds: a pid line, then "\t%7s: %s" per fd, cwd and root.
TEST_P(CritX, FdsHasEveryFdOfCrit) {
    std::string text = view_text(*dump_, "fds");
    auto ours = split_lines(text);
    std::string pid;
    size_t n = 0;
    static const std::regex typed(R"(^([A-Z]+)\.(\d+)$)");
    for (const auto& line : ref("fds")) {
        if (line.empty()) continue;
        if (line[0] != '\t') { pid = line; continue; }
        size_t colon = line.find(": ");
        ASSERT_NE(colon, std::string::npos) << line;
        std::string fd = tokens(line.substr(0, colon))[0];
        std::string desc = line.substr(colon + 2);
        // crit writes unix names quoted-printable: the bound path's terminating NUL shows as "=00".
        if (size_t q = desc.find("=00]"); q != std::string::npos) desc.erase(q, 3);
        std::vector<std::string> want = {pid, fd};
        std::smatch m;
        if (std::regex_match(desc, m, typed)) {
            want.push_back(m[1]);     // TYPE column
            want.push_back(m[2]);     // ID column
        } else {
            for (const auto& w : tokens(desc)) want.push_back(w);
        }
        ++n;
        EXPECT_GE(find_line(ours, want), 0) << "crit: " << line << "\nlooked for: " << join(want) << "\nours:\n" << text;
    }
    EXPECT_GT(n, 0u);
}

// crit x mems: a pid line, "\texe <40 spaces> path", then "\t%-36s%s%s" (start-end, rwx, description).
TEST_P(CritX, MemsHasEveryAreaOfCrit) {
    std::string text = view_text(*dump_, "mems");
    auto ours = split_lines(text);
    std::string pid;
    size_t n = 0;
    for (const auto& line : ref("mems")) {
        if (line.empty()) continue;
        if (line[0] != '\t') { pid = line; continue; }
        auto tok = tokens(line);
        std::vector<std::string> want = {pid};
        for (auto& w : tok) want.push_back(w == "[stack?]" ? "[stack]" : w);   // we tell the main stack by mm_start_stack
        ++n;
        EXPECT_GE(find_line(ours, want), 0) << "crit: " << line << "\nlooked for: " << join(want) << "\nours:\n" << text;
    }
    EXPECT_GT(n, 0u);
}

// crit x rss: per pagemap entry "\t%lx / %-8d" padded to 24, then for each VMA it
// touches " %08lx / %-8d path" (or " ~" when the previous entry already showed
// it), further VMAs on continuation lines.
TEST_P(CritX, RssHasEveryRunOfCrit) {
    std::string text = view_text(*dump_, "rss");
    auto ours = split_lines(text);
    static const std::regex run_re(R"(^\t([0-9a-f]+) / (\d+)\s*(.*)$)");
    static const std::regex vma_re(R"(^([0-9a-f]+) / (\d+)\s*(\S*)\s*$)");
    std::string pid;
    long at = -1;   // our line of the current run
    size_t runs = 0, vmas = 0;
    auto check_vma = [&](const std::string& part, const std::string& line) {
        std::smatch m;
        if (part.empty() || part == "~") return;
        ASSERT_TRUE(std::regex_match(part, m, vma_re)) << line;
        std::vector<std::string> want = {m[1], m[2]};
        if (m[3].length()) want.push_back(m[3]);
        ++vmas;
        long got = at < 0 ? -1 : find_line(ours, want, static_cast<size_t>(at));
        EXPECT_TRUE(got >= 0 && got - at < 8) << "crit: " << line << "\nlooked for: " << join(want) << "\nours:\n" << text;
    };
    for (const auto& line : ref("rss")) {
        if (line.empty()) continue;
        if (line[0] != '\t') { pid = line; continue; }
        std::smatch m;
        if (std::regex_match(line, m, run_re)) {
            ++runs;
            at = find_line(ours, {pid, m[1], m[2]});
            EXPECT_GE(at, 0) << "crit: " << line << "\nours:\n" << text;
            check_vma(m[3], line);
        } else {
            std::string rest = line.substr(1);
            rest.erase(0, rest.find_first_not_of(' '));
            check_vma(rest, line);
        }
    }
    EXPECT_GT(runs, 0u);
    EXPECT_GT(vmas, 0u);
}

INSTANTIATE_TEST_SUITE_P(Dumps, CritX, ::testing::ValuesIn(scenarios()), test_name);

// Facts of every dump that need no crit reference.
class EveryDump : public ::testing::TestWithParam<Scenario> {
protected:
    void SetUp() override {
        if (GetParam().set.empty()) GTEST_SKIP() << img::test::shared_missing_reason();
        dump_ = open_dump(GetParam().dir);
        ASSERT_TRUE(dump_);
    }
    std::unique_ptr<img::Checkpoint> dump_;
};

TEST_P(EveryDump, MemsResidentPagesAddUpToEachPagemap) {
    json ps = table_json(run_view(*dump_, "ps"));
    for (const auto& p : ps["rows"]) {
        uint32_t pid = p["pid"];
        auto pm = dump_->pagemap(pid);
        ASSERT_TRUE(pm.ok());
        if (!*pm) continue;
        json m = table_json(run_view(*dump_, "mems", pid));
        uint64_t sum = 0;
        for (const auto& r : m["rows"])
            if (r["kind"] == "vma" && r["pages_in"] == fmt::format("pagemap-{}.img", pid)) sum += r["resident_pages"].get<uint64_t>();
        EXPECT_EQ(sum, (*pm)->present_pages()) << pid;
        json o = table_json(run_view(*dump_, "overview", pid));
        EXPECT_EQ(o["rows"][0]["resident_pages"], (*pm)->present_pages());
    }
}

// README: every process ran with exactly PATH, HOME, LANG, TERM and CIMG_SCENARIO.
TEST_P(EveryDump, EnvironmentIsTheFiveStringsOfTheCorpus) {
    json ps = table_json(run_view(*dump_, "ps"));
    json env = table_json(run_view(*dump_, "env"));
    for (const auto& p : ps["rows"]) {
        std::vector<std::string> vars;
        for (const auto& r : env["rows"])
            if (r["pid"] == p["pid"]) vars.push_back(r["var"].is_string() ? r["var"].get<std::string>() : "(note)");
        ASSERT_EQ(vars.size(), 5u) << p.dump() << "\n" << env.dump();
        EXPECT_EQ(std::vector<std::string>(vars.begin(), vars.begin() + 4),
                  (std::vector<std::string>{"PATH=/usr/bin:/bin", "HOME=/srv/cimg", "LANG=C.UTF-8", "TERM=dumb"}));
        EXPECT_EQ(vars[4].rfind("CIMG_SCENARIO=", 0), 0u) << vars[4];
        std::string n = GetParam().name;
        if (n == "sleep" || n == "files" || n == "tree" || n == "sockets" || n == "threads") {
            EXPECT_EQ(vars[4], "CIMG_SCENARIO=" + n);
        }
    }
}

TEST_P(EveryDump, EveryViewGivesValidJson) {
    for (const auto& v : img::views()) {
        img::Table t = run_view(*dump_, std::string(v.name));
        json j = table_json(t);
        EXPECT_EQ(j["rows"].size(), t.row_count()) << v.name;
    }
}

INSTANTIATE_TEST_SUITE_P(Dumps, EveryDump, ::testing::ValuesIn(scenarios()), test_name);

// The scenarios of the shared corpus, as its README describes them.
class SharedScenario : public ::testing::Test {
protected:
    std::unique_ptr<img::Checkpoint> open(const std::string& name) {
        auto s = shared_dir();
        if (!s) return nullptr;
        return open_dump(*s + "/criu-images/" + name);
    }
};

#define OPEN_OR_SKIP(var, name)                                        \
    auto var = open(name);                                             \
    if (!shared_dir()) GTEST_SKIP() << img::test::shared_missing_reason(); \
    ASSERT_TRUE(var)

TEST_F(SharedScenario, ThreadsListsTheWorkers) {
    OPEN_OR_SKIP(d, "threads");
    img::Table t = run_view(*d, "threads");
    json j = table_json(t);
    std::vector<uint32_t> tids;
    std::vector<std::string> comms;
    for (const auto& r : j["rows"]) {
        tids.push_back(r["tid"]);
        comms.push_back(r["comm"]);
    }
    EXPECT_EQ(tids, (std::vector<uint32_t>{13395, 13397, 13398, 13399}));
    EXPECT_EQ(comms, (std::vector<std::string>{"threads", "worker-1", "worker-2", "worker-3"}));
    std::string text = table_text(t);
    EXPECT_GE(find_line(split_lines(text), {"13395", "13398", "worker-2", "alive"}), 0) << text;
    json regs = table_json(run_view(*d, "regs"));
    EXPECT_EQ(regs["rows"].size(), 4u * 27u);
    json one = table_json(run_view(*d, "regs", 13398));
    ASSERT_EQ(one["rows"].size(), 27u);
    EXPECT_EQ(one["rows"][0]["tid"], 13398);
}

TEST_F(SharedScenario, SocketsShowsNamesAddressesAndQueues) {
    OPEN_OR_SKIP(d, "sockets");
    img::Table t = run_view(*d, "sockets");
    std::string text = table_text(t);
    auto lines = split_lines(text);
    EXPECT_GE(find_line(lines, {"unix", "STREAM", "LISTEN", "/srv/cimg/sockets/listen.sock", "0", "13371:3"}), 0) << text;
    EXPECT_GE(find_line(lines, {"inet", "STREAM", "TCP", "LISTEN", "127.0.0.1:45678"}), 0) << text;
    EXPECT_GE(find_line(lines, {"inet", "DGRAM", "UDP", "127.0.0.1:45679"}), 0) << text;
    json j = table_json(t);
    std::map<uint32_t, json> by_id;
    for (const auto& r : j["rows"]) by_id[r["id"]] = r;
    EXPECT_EQ(by_id[7]["queued_bytes"], 13);
    EXPECT_EQ(by_id[8]["queued_bytes"], 13);
    EXPECT_EQ(by_id[10]["queued_bytes"], 7);
    EXPECT_EQ(by_id[10]["queued_packets"], 1);
    EXPECT_EQ(by_id[7]["peer"], 96558);
    EXPECT_EQ(by_id[6]["local"], "/srv/cimg/sockets/listen.sock");
    EXPECT_EQ(by_id[11]["state"], "LISTEN");
    EXPECT_EQ(j["rows"].size(), 7u) << "5 unix + 2 inet";
    json fds = table_json(run_view(*d, "fds", 13371));
    bool listen = false;
    for (const auto& r : fds["rows"])
        if (r["fd"] == 3) { listen = true; EXPECT_EQ(r["file"], "unix[96556 (0) /srv/cimg/sockets/listen.sock]"); }
    EXPECT_TRUE(listen);
}

TEST_F(SharedScenario, TreePipesAndFifoWithQueuedData) {
    OPEN_OR_SKIP(d, "tree");
    img::Table t = run_view(*d, "pipes");
    std::string text = table_text(t);
    json j = table_json(t);
    bool pipe = false, fifo = false;
    for (const auto& r : j["rows"]) {
        if (r["kind"] == "pipe" && r["pipe_id"] == 94428) {
            pipe = true;
            EXPECT_EQ(r["queued_bytes"], 15);
            std::string ends;
            for (const auto& e : r["ends"]) ends += e.get<std::string>() + ";";
            EXPECT_NE(ends.find("w id"), std::string::npos) << ends;
            EXPECT_NE(ends.find("13297:1"), std::string::npos) << ends;
            EXPECT_NE(ends.find("13298:0"), std::string::npos) << ends;
        }
        if (r["kind"] == "fifo") {
            fifo = true;
            EXPECT_EQ(r["queued_bytes"], 15);
            EXPECT_EQ(r["path"], "/srv/cimg/tree/fifo");
        }
        if (r["kind"] == "pipe" && r["pipe_id"] == 94429) {
            EXPECT_EQ(r["queued_bytes"], 0);
        }
    }
    EXPECT_TRUE(pipe && fifo) << text;
    EXPECT_GE(find_line(split_lines(text), {"pipe", "94428", "15"}), 0) << text;
    EXPECT_GE(find_line(split_lines(text), {"fifo", "15", "/srv/cimg/tree/fifo"}), 0) << text;
    // --pid: the cat at the end of the pipeline holds pipe 94429 only.
    json only = table_json(run_view(*d, "pipes", 13299));
    std::set<std::string> kinds;
    for (const auto& r : only["rows"]) kinds.insert(fmt::format("{}:{}", r["kind"].get<std::string>(), r["pipe_id"].get<uint32_t>()));
    EXPECT_EQ(kinds, (std::set<std::string>{"pipe:94429", fmt::format("fifo:{}", j["rows"].back()["pipe_id"].get<uint32_t>())}));
}

TEST_F(SharedScenario, TreePidFilterAndCmdlines) {
    OPEN_OR_SKIP(d, "tree");
    json ps = table_json(run_view(*d, "ps", 13298));
    ASSERT_EQ(ps["rows"].size(), 1u);
    EXPECT_EQ(ps["rows"][0]["depth"], 1);
    json fds = table_json(run_view(*d, "fds", 13298));
    for (const auto& r : fds["rows"]) EXPECT_EQ(r["pid"], 13298);
    json cl = table_json(run_view(*d, "cmdline"));
    std::map<uint32_t, json> argv;
    for (const auto& r : cl["rows"]) argv[r["pid"]] = r["argv"];
    EXPECT_EQ(argv[13297], json({"sleep", "1000"}));
    EXPECT_EQ(argv[13298], json({"sleep", "1001"}));
    EXPECT_EQ(argv[13299], json({"cat"}));
    EXPECT_EQ(argv[13295], json({"/opt/cimg/bin/tree", "/srv/cimg/tree"}));
}

TEST_F(SharedScenario, AufsContainerMounts) {
    OPEN_OR_SKIP(d, "aufs-container.expected");
    img::Table t = run_view(*d, "mounts");
    json j = table_json(t);
    std::map<uint32_t, json> by_id;
    for (const auto& r : j["rows"]) by_id[r["mnt_id"]] = r;
    ASSERT_TRUE(by_id.count(62) && by_id.count(63)) << j.dump();
    EXPECT_EQ(by_id[62]["mountpoint"], "/");
    EXPECT_EQ(by_id[62]["source"], "/dev/vda");
    EXPECT_EQ(by_id[63]["fstype"], "proc");
    EXPECT_EQ(by_id[63]["mountpoint"], "/proc");
    EXPECT_EQ(by_id[63]["parent"], 62);
    json ns = table_json(run_view(*d, "namespaces"));
    bool mnt = false;
    for (const auto& r : ns["rows"])
        if (r["ns"] == "mnt") { mnt = true; EXPECT_EQ(r["dumped"], true); EXPECT_EQ(r["detail"], "2 mounts"); }
    EXPECT_TRUE(mnt);
}

TEST_F(SharedScenario, ThreadsSignalHandlers) {
    OPEN_OR_SKIP(d, "threads");
    json j = table_json(run_view(*d, "sigactions"));
    std::map<std::string, json> by_name;
    for (const auto& r : j["rows"]) by_name[r["name"]] = r;
    ASSERT_TRUE(by_name.count("SIGINT")) << j.dump();
    EXPECT_EQ(by_name["SIGINT"]["handler"], 1);
    EXPECT_EQ(by_name["SIGINT"]["signal"], 2);
    EXPECT_EQ(j["rows"].size(), 3u) << j.dump();
}

}  // namespace
