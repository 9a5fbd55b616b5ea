// img-show on Podman/CRI-O checkpoints built at test time with tar (plain, gzip,
// zstd) from the bundled sleep capture laid out as checkpoint/ + config.dump +
// spec.dump: the overview shows the container, views and memory commands read
// the archive like the directory, errors name the archive (and the member).
// Then what checkpointctl shows of a Podman, CRI-O or containerd checkpoint, as
// its own test scenarios build them (metadata written here, the images of a real
// capture), shown by the overview and the checkpoint view in the exact text a
// user sees.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>

#include <nlohmann/json.hpp>

#include "harness/paths.h"
#include "harness/process.h"
#include "img_show_run.h"

namespace {

using img::test::show::sleep_dir;
using img::test::show::show_run;

namespace fs = std::filesystem;
using json = nlohmann::json;
using img::test::lines_of;
using img::test::RunResult;
using img::test::TempDir;



// The private directory an archive is unpacked into ($TMPDIR/criu-img-PID-XXXXXX) shows in `s`.
bool names_unpack_dir(const std::string& s) { return std::regex_search(s, std::regex("criu-img-[0-9]+-[A-Za-z0-9]{6}(/|$)")); }

RunResult sh(const std::string& cmd) { return img::test::run({"/bin/sh", "-c", cmd}); }

// Container checkpoints as an engine lays them out, built in a private directory: a stage holding
// checkpoint/ (the images of a real capture, or none: only metadata), CRIU's stats-dump beside it
// as Podman keeps it, and the metadata files given; packed with `tar` and a compression option.
class CheckpointArchives : public ::testing::Test {
protected:
    // Images whose names start with one of `drop` are left out (checkpointctl's missing-image scenarios).
    std::string stage(const std::string& name, const std::string& capture,
                      const std::map<std::string, std::string>& meta, const std::vector<std::string>& drop = {}) {
        std::string dir = work_.file(name);
        fs::create_directories(dir + "/checkpoint");
        if (!capture.empty())
            for (const auto& e : fs::directory_iterator(img::test::captured_dir() + "/" + capture)) {
                std::string n = e.path().filename().string();
                if (std::any_of(drop.begin(), drop.end(), [&](const std::string& d) { return n.rfind(d, 0) == 0; }))
                    continue;
                fs::copy_file(e.path(), dir + (n == "stats-dump" ? "/" : "/checkpoint/") + n);
            }
        for (const auto& [file, text] : meta) img::test::spit(dir + "/" + file, text);
        return dir;
    }
    // Packs `dir` (all of it, or the members named) into <work>/name; compress: "", "--gzip", "--zstd".
    std::string pack(const std::string& dir, const std::string& name, const std::string& compress = "",
                     const std::string& members = ".") {
        std::string out = work_.file(name);
        auto r = sh("tar -C '" + dir + "' " + compress + " -cf '" + out + "' " + members);
        EXPECT_EQ(r.exit_code, 0) << r;
        return out;
    }
    std::string archive(const std::string& capture, const std::map<std::string, std::string>& meta,
                        const std::string& name = "ckpt.tar", const std::vector<std::string>& drop = {}) {
        return pack(stage("stage-" + name, capture, meta, drop), name);
    }
    static std::map<std::string, std::string> generated_metadata() {
        return {{"config.dump", img::test::slurp(img::test::gen_dir() + "/archive/config.dump")},
                {"spec.dump", img::test::slurp(img::test::gen_dir() + "/archive/spec.dump")}};
    }
    // `s` with every occurrence of `path` as ARCHIVE: the exact text, wherever the test ran.
    static std::string normalized(std::string s, const std::string& path) {
        for (size_t at; (at = s.find(path)) != std::string::npos;) s.replace(at, path.size(), "ARCHIVE");
        return s;
    }
    TempDir work_;
};

// <work>/stage: the sleep capture with the generated Podman metadata.
class ImgShowArchive : public CheckpointArchives {
protected:
    void SetUp() override { stage_ = stage("stage", "sleep", generated_metadata()); }
    std::string pack(const std::string& name, const std::string& compress) {
        return CheckpointArchives::pack(stage_, name, compress);
    }
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


// ---- checkpointctl parity (issue 20, item 7) ----

const char* kPodmanSpec = R"({
  "annotations": {"io.container.manager": "libpod"},
  "process": {"args": ["/var/tmp/cimg-captures/bin/tcp"]},
  "root": {"path": "/var/lib/containers/storage/overlay/9b1e/merged"},
  "mounts": [
    {"destination": "/proc", "type": "proc", "source": "proc", "options": ["nosuid", "noexec", "nodev"]},
    {"destination": "/etc/hostname", "type": "bind", "source": "/run/containers/userdata/hostname",
     "options": ["bind", "rprivate"]}
  ]
})";

const char* kNetworkStatus = R"({
  "podman": {"interfaces": {"eth0": {"subnets": [{"ipnet": "10.88.0.9/16", "gateway": "10.88.0.1"}],
                                     "mac_address": "f2:99:8d:fb:5a:57"}}}
})";

const char* kCrioSpec = R"({
  "annotations": {
    "io.container.manager": "cri-o",
    "io.kubernetes.cri-o.Metadata": "{\"name\":\"counter\",\"attempt\":0}",
    "io.kubernetes.cri-o.ContainerName": "k8s_counter_counters_default_8f2c_0",
    "io.kubernetes.cri-o.Created": "2026-12-01T08:00:00.5Z",
    "io.kubernetes.cri-o.IP.0": "10.85.0.12",
    "io.kubernetes.pod.name": "counters",
    "io.kubernetes.pod.namespace": "default"
  }
})";

const char* kContainerdConfig = R"({"id": "c0ffee00c0ffee00c0ffee00", "createdTime": "2026-12-02T09:30:00Z"})";

const char* kContainerdSpec = R"({
  "annotations": {
    "io.kubernetes.cri.container-name": "web",
    "io.kubernetes.cri.sandbox-name": "web-7d4b",
    "io.kubernetes.cri.sandbox-namespace": "shop"
  }
})";

class ContainerCheckpoint : public CheckpointArchives {
protected:
    std::string podman(const std::string& name = "ckpt.tar") {
        std::string diff = stage("diff", "", {{"test.pid", "1\n"}});
        std::string rootfs_diff = pack(diff, "rootfs-diff.tar", "", "test.pid");
        auto meta = generated_metadata();
        meta["spec.dump"] = kPodmanSpec;
        meta["network.status"] = kNetworkStatus;
        meta["deleted.files"] = R"(["/etc/motd"])";
        meta["rootfs-diff.tar"] = img::test::slurp(rootfs_diff);
        return archive("tcp", meta, name);
    }
};

// What the overview and the checkpoint view both show of the Podman checkpoint above, in text.
const std::string kPodmanFacts =
    "  name:            sleepy_turing\n"
    "  id:              3f9c2a7d1b8e4f60a5c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1\n"
    "  image:           docker.io/library/debian:12\n"
    "  engine:          Podman\n"
    "  created:         2026-11-27T10:15:42.123456789Z\n"
    "  checkpointed:    2026-11-27T10:20:01.987654321Z\n"
    "  runtime:         crun\n"
    "  ip:              10.88.0.9\n"
    "  mac:             f2:99:8d:fb:5a:57\n"
    "  args:            /var/tmp/cimg-captures/bin/tcp\n"
    "  root:            /var/lib/containers/storage/overlay/9b1e/merged\n"
    "  checkpoint size: 76.0 KiB\n"
    "  memory pages:    72.0 KiB\n"
    "  root-fs diff:    10.0 KiB\n"
    "  from:            ARCHIVE\n"
    "  archive:         yes\n";

// The lines of `s` from the one equal to `first` up to the next empty line, joined with newlines.
std::string block(const std::string& s, const std::string& first) {
    size_t at = s.find(first + "\n");
    if (at == std::string::npos) return "";
    size_t end = s.find("\n\n", at);
    return s.substr(at, end == std::string::npos ? std::string::npos : end - at + 1);
}

TEST_F(ContainerCheckpoint, PodmanOverviewShowsEngineNetworkAndSizes) {
    std::string a = podman();
    auto r = show_run({a});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(normalized(r.out, a),
              "Overview (overview)\n"
              "Container\n" + kPodmanFacts +
              "\n"
              "  PID  PPID   PGID    SID  COMM  STATE  THR  VMAS  PAGES  FDS  EXE\n"
              "23043     0  23043  23043  tcp   alive    1    11     18    8  /var/tmp/cimg-captures/bin/tcp\n");
}

TEST_F(ContainerCheckpoint, CheckpointViewShowsWhatCheckpointctlInspectShows) {
    std::string a = podman();
    auto r = show_run({"--view", "checkpoint", a});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(normalized(r.out, a),
              "Checkpoint (checkpoint)\n"
              "Container\n" + kPodmanFacts +
              "  Network interfaces (network.status)\n"
              "    NETWORK  INTERFACE  IP            MAC                GATEWAY\n"
              "    podman   eth0       10.88.0.9/16  f2:99:8d:fb:5a:57  10.88.0.1\n"
              "  Mounts (spec.dump)\n"
              "    DESTINATION    TYPE  SOURCE                             OPTIONS\n"
              "    /proc          proc  proc                               nosuid,noexec,nodev\n"
              "    /etc/hostname  bind  /run/containers/userdata/hostname  bind,rprivate\n"
              "  Deleted files (deleted.files)\n"
              "    PATH\n"
              "    /etc/motd\n"
              "  Dump statistics (stats-dump)\n"
              "    FREEZING      FROZEN   MEMDUMP  MEMWRITE  PAGES SCANNED  PAGES WRITTEN\n"
              "    1.505 ms  192.048 ms  1.150 ms    196 µs             25             18\n"
              "  Socket buffers (SO_SNDBUF, SO_RCVBUF)\n"
              "    ID     INO  FAMILY    SNDBUF     RCVBUF\n"
              "     3  313059  inet    16.0 KiB  128.0 KiB\n"
              "     4  313060  inet     3.8 MiB  128.0 KiB\n"
              "     5  313061  inet     3.8 MiB  128.0 KiB\n");
}

// The numbers behind that text, against what the images and files say through other paths: the
// generic decoder for stats-dump and files.img, the file system for the sizes.
TEST_F(ContainerCheckpoint, CheckpointJsonAgreesWithTheImages) {
    std::string a = podman();
    auto r = show_run({"--json", "--view", "checkpoint", a});
    ASSERT_EQ(r.exit_code, 0) << r;
    const json c = json::parse(r.out)["views"][0]["checkpoint"];
    EXPECT_EQ(c["engine"], "Podman");
    EXPECT_EQ(c["images_absent"], false);
    const std::string tcp = img::test::captured_dir() + "/tcp";
    uint64_t bytes = 0;
    for (const auto& e : fs::directory_iterator(tcp))
        if (e.path().filename() != "stats-dump") bytes += fs::file_size(e.path());
    EXPECT_EQ(c["checkpoint_size"], bytes);
    EXPECT_EQ(c["pages_size"], fs::file_size(tcp + "/pages-1.img"));
    EXPECT_EQ(c["rootfs_diff_size"], fs::file_size(work_.file("rootfs-diff.tar")));
    EXPECT_EQ(c["networks"], json::parse(R"([{"network": "podman", "interface": "eth0", "addresses": ["10.88.0.9/16"],
                                             "mac": "f2:99:8d:fb:5a:57", "gateways": ["10.88.0.1"]}])"));
    EXPECT_EQ(c["mounts"][0]["options"], json::parse(R"(["nosuid", "noexec", "nodev"])"));
    EXPECT_EQ(c["deleted_files"], json::parse(R"([{"path": "/etc/motd"}])"));

    const json stats = json::parse(show_run({"--json", tcp + "/stats-dump"}).out)["entries"][0]["dump"];
    for (const char* k : {"freezing_time", "frozen_time", "memdump_time", "memwrite_time"})
        EXPECT_EQ(c["dump_stats"][std::string(k) + "_us"], stats[k]) << k;
    EXPECT_EQ(c["dump_stats"]["pages_scanned"], stats["pages_scanned"]);
    EXPECT_EQ(c["dump_stats"]["pages_written"], stats["pages_written"]);

    json expected = json::array();
    const json files = json::parse(show_run({"--json", tcp + "/files.img"}).out);
    for (const auto& f : files["entries"])
        if (f.contains("isk"))
            expected.push_back({{"id", f["id"]}, {"ino", f["isk"]["ino"]}, {"family", "inet"},
                                {"sndbuf", f["isk"]["opts"]["so_sndbuf"]}, {"rcvbuf", f["isk"]["opts"]["so_rcvbuf"]}});
    ASSERT_EQ(expected.size(), 3u) << "the tcp capture holds three inet sockets";
    EXPECT_EQ(c["socket_buffers"], expected);
}

TEST_F(ContainerCheckpoint, CrioShowsItsShortNamePodAndAddress) {
    std::string a = archive("sleep", {{"config.dump", R"({"checkpointedTime": "2024-02-09T11:01:26.186815191Z"})"},
                                      {"spec.dump", kCrioSpec}});
    auto r = show_run({a});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(normalized(block(r.out, "Container"), a),
              "Container\n"
              "  name:            counter\n"
              "  engine:          CRI-O\n"
              "  created:         2026-12-01T08:00:00.5Z\n"
              "  checkpointed:    2024-02-09T11:01:26.186815191Z\n"
              "  pod:             counters\n"
              "  namespace:       default\n"
              "  ip:              10.85.0.12\n"
              "  checkpoint size: 125.8 KiB\n"
              "  memory pages:    120.0 KiB\n"
              "  from:            ARCHIVE\n"
              "  archive:         yes\n");
}

TEST_F(ContainerCheckpoint, AnyOtherSpecIsContainerds) {
    std::string a = archive("sleep", {{"config.dump", kContainerdConfig}, {"spec.dump", kContainerdSpec}});
    auto r = show_run({a});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(normalized(block(r.out, "Container"), a),
              "Container\n"
              "  name:            web\n"
              "  id:              c0ffee00c0ffee00c0ffee00\n"
              "  engine:          containerd\n"
              "  created:         2026-12-02T09:30:00Z\n"
              "  pod:             web-7d4b\n"
              "  namespace:       shop\n"
              "  checkpoint size: 125.8 KiB\n"
              "  memory pages:    120.0 KiB\n"
              "  from:            ARCHIVE\n"
              "  archive:         yes\n");
    // checkpointctl's own scenario: "{}" as spec.dump is containerd's too.
    std::string empty = archive("", {{"config.dump", kContainerdConfig}, {"spec.dump", "{}"}}, "empty-spec.tar");
    EXPECT_NE(show_run({empty}).out.find("  engine:          containerd\n"), std::string::npos);
}

TEST_F(ContainerCheckpoint, MetadataOnlyArchiveShowsItsMetadataAndSaysTheImagesAreAbsent) {
    auto meta = generated_metadata();
    meta["network.status"] = "not-valid-json";
    std::string a = archive("", meta);
    auto r = show_run({a});
    EXPECT_EQ(r.exit_code, 1) << "shown, with a warning: the views lack every image\n" << r;
    EXPECT_EQ(normalized(r.out, a),
              "Overview (overview)\n"
              "Container\n"
              "  name:            sleepy_turing\n"
              "  id:              3f9c2a7d1b8e4f60a5c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1\n"
              "  image:           docker.io/library/debian:12\n"
              "  engine:          Podman\n"
              "  created:         2026-11-27T10:15:42.123456789Z\n"
              "  checkpointed:    2026-11-27T10:20:01.987654321Z\n"
              "  runtime:         crun\n"
              "  args:            sleep 1000\n"
              "  root:            /var/lib/containers/storage/overlay/1c7e0b4a/merged\n"
              "  images:          absent (checkpoint/ is empty): only the metadata is shown\n"
              "  checkpoint size: 0 bytes\n"
              "  memory pages:    0 bytes\n"
              "  from:            ARCHIVE\n"
              "  archive:         yes\n"
              "  warnings:        network.status is not valid JSON; ignored\n"
              "\n"
              "PID  PPID  PGID  SID  COMM  STATE  THR  VMAS  PAGES  FDS  EXE\n"
              "(none)\n");
    EXPECT_EQ(normalized(r.err, a),
              "img-show: ARCHIVE: warning: checkpoint/ holds no images: only the container's metadata is shown\n");

    auto ps = show_run({"--view", "ps", a});
    EXPECT_EQ(ps.exit_code, 1) << ps;
    EXPECT_EQ(normalized(ps.err, a), normalized(r.err, a)) << "the same one warning, not one per missing image";

    auto pid = show_run({"--pid", "1", a});
    EXPECT_EQ(pid.exit_code, 2) << pid;
    EXPECT_EQ(normalized(pid.err, a),
              "img-show: ARCHIVE: no task or thread 1: the checkpoint holds no images (checkpoint/ is empty)\n");

    auto j = show_run({"--json", a});
    EXPECT_EQ(j.exit_code, 1) << j;
    const json v = json::parse(j.out)["views"][0];
    EXPECT_EQ(v["container"]["images_absent"], true);
    EXPECT_EQ(v["container"]["checkpoint_size"], 0);
    EXPECT_EQ(v["rows"], json::array());
}

TEST_F(ContainerCheckpoint, PlainDumpShowsItsSizesAndStatistics) {
    auto r = show_run({"--view", "checkpoint", sleep_dir()});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(r.out,
              "Checkpoint (checkpoint)\n"
              "Dump\n"
              "  checkpoint size: 125.9 KiB\n"
              "  memory pages:    120.0 KiB\n"
              "  archive:         no\n"
              "  Dump statistics (stats-dump)\n"
              "    FREEZING     FROZEN   MEMDUMP  MEMWRITE  PAGES SCANNED  PAGES WRITTEN\n"
              "    7.295 ms  21.344 ms  1.000 ms    121 µs             57             30\n");
    auto j = show_run({"--json", "--view", "checkpoint", sleep_dir()});
    const json c = json::parse(j.out)["views"][0]["checkpoint"];
    EXPECT_EQ(c["engine"], nullptr);
    EXPECT_EQ(c["socket_buffers"], json::array()) << "sleep has no socket";
}

}  // namespace

namespace {

// ---- checkpointctl's remaining scenarios, one test per group (man img-show: FOR CHECKPOINTCTL USERS) ----


// The list of the checkpoint view headed `title` (indented two spaces): that line and its rows.
std::string about_list(const std::string& s, const std::string& title) {
    std::string out;
    bool in = false;
    for (const auto& l : lines_of(s)) {
        if (l == title) in = true;
        else if (in && l.rfind("    ", 0) != 0) break;
        if (in) out += l + "\n";
    }
    return out;
}

const char* kCrioListSpec = R"({"annotations": {
  "io.container.manager": "cri-o",
  "io.kubernetes.cri-o.Metadata": "{\"name\":\"container-name\"}",
  "io.kubernetes.pod.name": "POD",
  "io.kubernetes.pod.namespace": "default"}})";

std::string crio_list_spec(const std::string& pod) {
    std::string s = kCrioListSpec;
    return s.replace(s.find("POD"), 3, pod);
}

// checkpointctl list DIR, show A.tar B.tar: one row per archive of the folder, by name; an empty
// .tar keeps its row and its error is told (exit 2); a file that is no archive is not listed.
TEST_F(ContainerCheckpoint, ListShowsOneRowPerCheckpointArchiveOfAFolder) {
    const std::string config = R"({"checkpointedTime": "2024-01-28T00:10:45.673538606+05:30",
                                   "rootfsImageName": "docker.io/library/nginx:latest"})";
    std::string dir = work_.file("ckpts");
    fs::create_directories(dir);
    std::string valid = archive("sleep", {{"config.dump", config}, {"spec.dump", crio_list_spec("pod-name")}},
                                "ckpts/checkpoint-valid-config.tar");
    archive("", {{"config.dump", config}, {"spec.dump", crio_list_spec("modified-pod-name")}},
            "ckpts/checkpoint-valid-config-modified.tar");
    img::test::spit(dir + "/checkpoint-nginx-empty.tar", "");
    img::test::spit(dir + "/notes.txt", "not a checkpoint\n");
    // Run in the folder, as `img-show --list .`: the paths as the user sees them, wherever the test runs.
    auto r = sh("cd '" + dir + "' && '" + img::test::tool_path("img-show") + "' --list .");
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_EQ(r.out,
              "ENGINE  NAMESPACE  POD                CONTAINER       CHECKPOINTED                              SIZE"
              "     MEMORY  TASKS  IMAGE                           CHECKPOINT\n"
              "-       -          -                  -               -                                            -"
              "          -      -  -                               ./checkpoint-nginx-empty.tar\n"
              "CRI-O   default    modified-pod-name  container-name  2024-01-28T00:10:45.673538606+05:30    0 bytes"
              "    0 bytes      0  docker.io/library/nginx:latest  ./checkpoint-valid-config-modified.tar\n"
              "CRI-O   default    pod-name           container-name  2024-01-28T00:10:45.673538606+05:30  125.8 KiB"
              "  120.0 KiB      1  docker.io/library/nginx:latest  ./checkpoint-valid-config.tar\n");
    EXPECT_EQ(r.err, "img-show: ./checkpoint-nginx-empty.tar: not a dump directory nor a checkpoint archive "
                     "(tar, tar.gz, tar.zst): Unrecognized archive format\n");

    auto j = show_run({"--json", "--list", dir});
    EXPECT_EQ(j.exit_code, 2) << j;
    const json rows = json::parse(j.out)["rows"];
    ASSERT_EQ(rows.size(), 3u) << j;
    EXPECT_EQ(rows[0]["error"], dir + "/checkpoint-nginx-empty.tar: not a dump directory nor a checkpoint archive "
                                "(tar, tar.gz, tar.zst): Unrecognized archive format");
    EXPECT_EQ(rows[0]["checkpoint"], dir + "/checkpoint-nginx-empty.tar");
    EXPECT_EQ(rows[2]["pod"], "pod-name");
    EXPECT_EQ(rows[2]["tasks"], 1);
    EXPECT_EQ(rows[2]["error"], nullptr);
    const json c = json::parse(show_run({"--json", "--view", "checkpoint", valid}).out)["views"][0]["checkpoint"];
    EXPECT_EQ(rows[2]["checkpoint_size"], c["checkpoint_size"]) << "the same count as --view checkpoint";
    EXPECT_EQ(rows[2]["pages_size"], c["pages_size"]);

    // show A.tar B.tar: the files named, in the order given; a plain dump has only its sizes and tasks.
    auto two = show_run({"--list", valid, sleep_dir()});
    EXPECT_EQ(two.exit_code, 0) << two;
    auto l = lines_of(two.out);
    ASSERT_EQ(l.size(), 3u) << two;
    EXPECT_EQ(l[1].rfind("CRI-O", 0), 0u) << two;
    EXPECT_EQ(l[1].substr(l[1].size() - valid.size()), valid) << two;
    EXPECT_EQ(l[2], "-       -          -         -               -                                    125.9 KiB"
                    "  120.0 KiB      1  -                               " + sleep_dir()) << two;
}

TEST_F(ContainerCheckpoint, ListOfAnEmptyOrMissingFolder) {
    std::string empty = work_.file("none");
    fs::create_directories(empty);
    auto r = show_run({"--list", empty});
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(r.out, "ENGINE  NAMESPACE  POD  CONTAINER  CHECKPOINTED  SIZE  MEMORY  TASKS  IMAGE  CHECKPOINT\n(none)\n");
    auto missing = show_run({"--list", work_.file("does-not-exist")});
    EXPECT_EQ(missing.exit_code, 2) << missing;
    EXPECT_EQ(missing.err, "img-show: " + work_.file("does-not-exist") + ": cannot open: No such file or directory\n");
    auto mixed = show_run({"--list", "--view", "ps", empty});
    EXPECT_EQ(mixed.exit_code, 2) << mixed;
    EXPECT_EQ(show_run({empty, empty}).exit_code, 2) << "several inputs only with --list";
}

}  // namespace

namespace {

// inspect --ps-tree, --ps-tree-cmd, --ps-tree-env, --pid: the stopped capture (a parent and its
// stopped child, both started as `stopped PIDFILE`) in a Podman archive; the same text as from its
// directory, the pids from its pstree.img.
TEST_F(ContainerCheckpoint, ProcessTreeWithCommandLinesAndEnvironment) {
    std::string a = archive("stopped", generated_metadata());
    const std::string dir = img::test::captured_dir() + "/stopped";
    const json ps = json::parse(show_run({"--json", "--view", "ps", dir}).out)["views"][0]["rows"];
    ASSERT_EQ(ps.size(), 2u);
    const std::string parent = std::to_string(ps[0]["pid"].get<int>()), child = std::to_string(ps[1]["pid"].get<int>());
    auto r = show_run({"--view", "ps,cmdline", a});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(r.out, show_run({"--view", "ps,cmdline", dir}).out);
    EXPECT_EQ(r.out,
              "Processes (ps)\n"
              "  PID   PGID    SID  COMM          PPID  STATE    THREADS\n" +
              parent + "  " + parent + "  " + parent + "  stopped          0  alive          1\n" +
              child + "  " + parent + "  " + parent + "      stopped  " + parent + "  stopped        1\n"
              "\n"
              "Command lines (cmdline)\n"
              "  PID  COMM     COMMAND LINE\n" +
              parent + "  stopped  /var/tmp/cimg-captures/bin/stopped /var/tmp/cimg-captures/stopped.pid\n" +
              child + "  stopped  /var/tmp/cimg-captures/bin/stopped /var/tmp/cimg-captures/stopped.pid\n");

    auto env = show_run({"--json", "--view", "env", "--pid", child, a});
    ASSERT_EQ(env.exit_code, 0) << env;
    const json rows = json::parse(env.out)["views"][0]["rows"];
    ASSERT_GT(rows.size(), 3u) << env;
    for (const auto& row : rows) {
        EXPECT_EQ(row["pid"].dump(), child);
        EXPECT_NE(row["var"].get<std::string>().find('='), std::string::npos) << row;
    }
    // A variable is in the child's dumped memory, where the search finds it too.
    auto found = show_run({"--search", rows[0]["var"].get<std::string>(), "--pid", child, a});
    EXPECT_EQ(found.exit_code, 0) << found;

    // inspect --all --format json: every view, in one JSON document, none failing.
    auto all = show_run({"--json", "--view", "all", a});
    EXPECT_EQ(all.exit_code, 0) << all;
    const json views = json::parse(all.out)["views"];
    std::vector<std::string> names;
    for (const auto& v : views) {
        names.push_back(v["view"]);
        EXPECT_FALSE(v.contains("error")) << v["view"] << ": " << v["error"];
    }
    for (const char* want : {"overview", "ps", "cmdline", "env", "fds", "files", "sockets", "mems", "mounts", "checkpoint"})
        EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;

    auto bad = show_run({"--view", "ps", "--pid", "99999", a});
    EXPECT_EQ(bad.exit_code, 2) << bad;
    EXPECT_EQ(normalized(bad.err, a), "img-show: ARCHIVE:checkpoint/pstree.img: no task or thread 99999 in this dump "
                                      "(tasks: " + parent + ", " + child + ")\n");
}

// inspect --ps-tree / --ps-tree-cmd / --files / --sockets with an image missing: told by the view
// that needs it, naming archive and member; without files.img the fds are still listed (a warning).
TEST_F(ContainerCheckpoint, MissingImagesAreToldByTheViewsThatNeedThem) {
    std::string no_pstree = archive("stopped", generated_metadata(), "no-pstree.tar", {"pstree.img"});
    auto r = show_run({"--view", "ps", no_pstree});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_EQ(normalized(r.err, no_pstree),
              "img-show: ARCHIVE:checkpoint/pstree.img: missing: is this a CRIU image directory?\n");

    std::string no_pages = archive("stopped", generated_metadata(), "no-pages.tar", {"pages-"});
    for (const char* view : {"cmdline", "env"}) {
        auto c = show_run({"--view", view, no_pages});
        EXPECT_EQ(c.exit_code, 2) << c;
        EXPECT_NE(normalized(c.err, no_pages).find("img-show: ARCHIVE:checkpoint/pages-1.img: missing, but pagemap-"),
                  std::string::npos) << c;
    }

    std::string no_files = archive("tcp", generated_metadata(), "no-files.tar", {"files.img"});
    for (const char* view : {"fds", "sockets"}) {
        auto f = show_run({"--view", view, no_files});
        EXPECT_EQ(f.exit_code, 1) << f;
        EXPECT_EQ(normalized(f.err, no_files), "img-show: ARCHIVE: warning: files.img is missing: files are named by id only\n");
    }
}

// memparse --search, --context, --search-regex, --pid on the archive.
TEST_F(ContainerCheckpoint, MemorySearchesTheArchive) {
    std::string a = archive("stopped", generated_metadata());
    const json ps = json::parse(show_run({"--json", "--view", "ps", a}).out)["views"][0]["rows"];
    const std::string parent = std::to_string(ps[0]["pid"].get<int>());
    auto ctx = show_run({"--search", "PATH=", "--context", "10", "--pid", parent, a});
    EXPECT_EQ(ctx.exit_code, 0) << ctx;
    for (const auto& l : lines_of(ctx.out))
        if (!l.empty()) EXPECT_NE(l.find("[PATH=]"), std::string::npos) << l;
    auto re = show_run({"--search-regex", "HOME=[^\\x00]+", "--pid", parent, a});
    EXPECT_EQ(re.exit_code, 0) << re;
    EXPECT_EQ(lines_of(re.out)[0].rfind(parent + "  0x", 0), 0u) << re;
    EXPECT_NE(re.out.find("HOME=/"), std::string::npos) << re;
    auto negative = show_run({"--search", "PATH", "--context=-1", a});
    EXPECT_EQ(negative.exit_code, 2) << negative;
    EXPECT_EQ(negative.err, "img-show: --context takes 0 to 1048576 bytes; try 'img-show --help'\n");
    auto none = show_run({"--search", "NON_EXISTING_PATTERN", a});
    EXPECT_EQ(none.exit_code, 1) << none;
    EXPECT_EQ(normalized(none.err, a), "img-show: ARCHIVE: no match in the dumped memory\n");
    auto pid = show_run({"--search", "PATH", "--pid", "999", a});
    EXPECT_EQ(pid.exit_code, 2) << pid;
    EXPECT_NE(normalized(pid.err, a).find("img-show: ARCHIVE: no task 999 in the dump (tasks: " + parent), std::string::npos)
        << pid;
}

// The sockets view carries each socket's buffer sizes, the same numbers as --view checkpoint.
TEST_F(ContainerCheckpoint, SocketsViewShowsBufferSizes) {
    std::string a = podman();
    auto r = show_run({"--view", "sockets", a});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(r.out,
              "Sockets (sockets)\n"
              "ID     INO  FAMILY  TYPE    PROTO  STATE        LOCAL            REMOTE           PEER             QUEUED"
              "    SNDBUF     RCVBUF  USED BY\n"
              " 3  313059  inet    STREAM  TCP    LISTEN       127.0.0.1:48133  -                   -                  -"
              "  16.0 KiB  128.0 KiB  23043:3\n"
              " 4  313060  inet    STREAM  TCP    ESTABLISHED  127.0.0.1:36498  127.0.0.1:48133     -  17 (in 17, out 0)"
              "   3.8 MiB  128.0 KiB  23043:4\n"
              " 5  313061  inet    STREAM  TCP    ESTABLISHED  127.0.0.1:48133  127.0.0.1:36498     -  17 (in 17, out 0)"
              "   3.8 MiB  128.0 KiB  23043:5\n");
    const json rows = json::parse(show_run({"--json", "--view", "sockets", a}).out)["views"][0]["rows"];
    const json bufs = json::parse(show_run({"--json", "--view", "checkpoint", a}).out)["views"][0]["checkpoint"]["socket_buffers"];
    ASSERT_EQ(rows.size(), bufs.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i]["id"], bufs[i]["id"]);
        EXPECT_EQ(rows[i]["sndbuf"], bufs[i]["sndbuf"]);
        EXPECT_EQ(rows[i]["rcvbuf"], bufs[i]["rcvbuf"]);
    }
}

// inspect with a network.status of two networks: each interface, in text and JSON.
TEST_F(ContainerCheckpoint, NetworkStatusOfTwoNetworks) {
    auto meta = generated_metadata();
    meta["network.status"] = R"({
      "net1": {"interfaces": {"eth0": {"subnets": [{"ipnet": "10.89.0.2/24", "gateway": "10.89.0.1"}],
                                       "mac_address": "32:ba:b8:45:bc:84"}}},
      "net2": {"interfaces": {"eth1": {"subnets": [{"ipnet": "10.89.1.2/24", "gateway": "10.89.1.1"}],
                                       "mac_address": "5e:b7:fe:ee:e0:d8"}}}})";
    std::string a = archive("", meta);
    auto r = show_run({"--view", "checkpoint", a});
    EXPECT_EQ(r.exit_code, 1) << "metadata only: the images are absent\n" << r;
    EXPECT_EQ(about_list(r.out, "  Network interfaces (network.status)"),
              "  Network interfaces (network.status)\n"
              "    NETWORK  INTERFACE  IP            MAC                GATEWAY\n"
              "    net1     eth0       10.89.0.2/24  32:ba:b8:45:bc:84  10.89.0.1\n"
              "    net2     eth1       10.89.1.2/24  5e:b7:fe:ee:e0:d8  10.89.1.1\n") << r.out;
    const json c = json::parse(show_run({"--json", "--view", "checkpoint", a}).out)["views"][0]["checkpoint"];
    EXPECT_EQ(c["ip"], json::parse(R"(["10.89.0.2", "10.89.1.2"])")) << c;
    EXPECT_EQ(c["mac"], json::parse(R"(["32:ba:b8:45:bc:84", "5e:b7:fe:ee:e0:d8"])")) << c;
}

}  // namespace

namespace {

RunResult diff_run(std::vector<std::string> args) {
    args.insert(args.begin(), img::test::tool_path("img-diff"));
    return img::test::run(args);
}

// checkpointctl diff A.tar B.tar: img-diff on two archives. The same checkpoint packed twice (tar and
// tar.zst; metadata only, as checkpointctl's own test) is identical, exit 0; two containers differ
// in their tasks and files, exit 1; a missing one is named, exit 2.
TEST_F(ContainerCheckpoint, DiffOfTwoArchives) {
    std::string stage_dir = stage("same", "sleep", generated_metadata());
    std::string a = pack(stage_dir, "a.tar"), b = pack(stage_dir, "b.tar.zst", "--zstd");
    auto same = diff_run({a, b});
    EXPECT_EQ(same.exit_code, 0) << same;
    EXPECT_EQ(same.out, "--- " + a + "\n+++ " + b + "\nidentical (30 pages compared)\n");
    std::string m1 = archive("", generated_metadata(), "m1.tar"), m2 = archive("", generated_metadata(), "m2.tar");
    EXPECT_EQ(diff_run({m1, m2}).out, "--- " + m1 + "\n+++ " + m2 + "\nidentical (0 pages compared)\n");

    std::string other = archive("stopped", generated_metadata(), "stopped.tar");
    auto stat = diff_run({"--stat", a, other});
    EXPECT_EQ(stat.exit_code, 1) << stat;
    EXPECT_EQ(stat.out, "different: entries 13, files 41, tasks 3 (0 pages compared)\n");
    const json j = json::parse(diff_run({"--json", "--only", "tasks", a, other}).out);
    EXPECT_EQ(j["identical"], false);
    for (const auto& d : j["differences"]) EXPECT_EQ(d["aspect"], "tasks") << d;

    auto missing = diff_run({a, work_.file("does-not-exist.tar")});
    EXPECT_EQ(missing.exit_code, 2) << missing;
    EXPECT_EQ(missing.err, "img-diff: " + work_.file("does-not-exist.tar") + ": cannot open: No such file or directory\n");
}

}  // namespace

namespace {

// checkpointctl inspect A.tar B.tar: the views of each in turn, exactly as each alone, under a
// "==> A <==" line; JSON one document per dump, one a line; the worst exit status (B holds only metadata).
TEST_F(ContainerCheckpoint, SeveralCheckpointsShownOneAfterTheOther) {
    std::string a = podman();
    std::string b = archive("", generated_metadata(), "metadata-only.tar");
    auto both = show_run({"--view", "checkpoint", a, b});
    EXPECT_EQ(both.exit_code, 1) << both;
    auto one = show_run({"--view", "checkpoint", a}), two = show_run({"--view", "checkpoint", b});
    EXPECT_EQ(both.out, "==> " + a + " <==\n" + one.out + "\n==> " + b + " <==\n" + two.out);
    EXPECT_EQ(both.err, two.err);

    auto j = show_run({"--json", "--view", "checkpoint", a, b});
    EXPECT_EQ(j.exit_code, 1) << j;
    auto docs = lines_of(j.out);
    ASSERT_EQ(docs.size(), 2u) << j.out;
    EXPECT_EQ(json::parse(docs[0]), json::parse(show_run({"--json", "--view", "checkpoint", a}).out));
    EXPECT_EQ(json::parse(docs[1])["dump"], b);

    auto mem = show_run({"--search", "x", a, b});
    EXPECT_EQ(mem.exit_code, 2) << "memory commands take one dump\n" << mem;
}

}  // namespace
