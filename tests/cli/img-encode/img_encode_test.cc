// img-encode as a user runs it: inputs, outputs, atomic replacement, errors.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>

#include "harness/fixtures.h"
#include "harness/paths.h"
#include "harness/process.h"

namespace {

using img::test::run;
using img::test::RunResult;
using img::test::slurp;
using img::test::spit;
using img::test::TempDir;

std::string encode_tool() { return img::test::tool_path("img-encode"); }

RunResult encode_run(std::vector<std::string> args, std::optional<std::string> input = std::nullopt) {
    args.insert(args.begin(), encode_tool());
    return run(args, std::move(input));
}

std::vector<std::string> listing(const std::string& dir) {
    std::vector<std::string> v;
    for (const auto& e : std::filesystem::directory_iterator(dir)) v.push_back(e.path().filename().string());
    std::sort(v.begin(), v.end());
    return v;
}

TEST(ImgEncode, HelpExitsZero) {
    auto r = encode_run({"--help"});
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_NE(r.out.find("--input"), std::string::npos) << r;
    EXPECT_NE(r.out.find("--output"), std::string::npos) << r;
}

TEST(ImgEncode, InputAndOutputOptions) {
    TempDir d;
    spit(d.file("pipes.json"), img::test::gen_json("pipes-data.img"));
    auto r = encode_run({"-i", d.file("pipes.json"), "-o", d.file("pipes-data.img")});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_TRUE(r.out.empty()) << r;
    EXPECT_EQ(slurp(d.file("pipes-data.img")), img::test::gen_image("pipes-data.img"));
}

TEST(ImgEncode, LongOptions) {
    TempDir d;
    spit(d.file("core.json"), img::test::gen_json("core-77.img"));
    auto r = encode_run({"--input", d.file("core.json"), "--output", d.file("core-77.img")});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(slurp(d.file("core-77.img")), img::test::gen_image("core-77.img"));
}

TEST(ImgEncode, PositionalInput) {
    TempDir d;
    spit(d.file("ghost.json"), img::test::gen_json("ghost-file-1a.img"));
    auto r = encode_run({d.file("ghost.json"), "-o", d.file("ghost-file-1a.img")});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(slurp(d.file("ghost-file-1a.img")), img::test::gen_image("ghost-file-1a.img"));
}

TEST(ImgEncode, StdinToStdout) {
    auto r = encode_run({}, img::test::gen_json("ipcns-msg-7.img"));
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(r.out, img::test::gen_image("ipcns-msg-7.img"));
    auto dashes = encode_run({"-i", "-", "-o", "-"}, img::test::gen_json("ipcns-msg-7.img"));
    ASSERT_EQ(dashes.exit_code, 0) << dashes;
    EXPECT_EQ(dashes.out, r.out);
}

TEST(ImgEncode, ShowPipedIntoEncodeGivesTheSameBytes) {
    std::string path = img::test::captured_dir() + "/files/ghost-file-1.img";
    auto shown = run({img::test::tool_path("img-show"), "--json", "--pretty", path});
    ASSERT_EQ(shown.exit_code, 0) << shown;
    auto r = encode_run({}, shown.out);
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_TRUE(r.out == slurp(path)) << r.out.size() << " bytes";
}

TEST(ImgEncode, ReplacesOutputAtomicallyLeavingNoTempFile) {
    TempDir d;
    spit(d.file("in.json"), img::test::gen_json("sk-queues.img"));
    spit(d.file("sk-queues.img"), "old contents that are longer than the new image, to catch a missing truncate........");
    ASSERT_EQ(::chmod(d.file("sk-queues.img").c_str(), 0640), 0);
    struct stat before {};
    ASSERT_EQ(::stat(d.file("sk-queues.img").c_str(), &before), 0);
    auto r = encode_run({"-i", d.file("in.json"), "-o", d.file("sk-queues.img")});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(slurp(d.file("sk-queues.img")), img::test::gen_image("sk-queues.img"));
    EXPECT_EQ(listing(d.path()), (std::vector<std::string>{"in.json", "sk-queues.img"})) << "no temporary file left";
    struct stat after {};
    ASSERT_EQ(::stat(d.file("sk-queues.img").c_str(), &after), 0);
    EXPECT_NE(after.st_ino, before.st_ino) << "a new file renamed into place, not the old one rewritten";
    EXPECT_EQ(after.st_mode & 07777, 0640u) << "the replaced file keeps its permissions";
}

TEST(ImgEncode, RelativeOutputInCurrentDirectory) {
    TempDir d;
    spit(d.file("in.json"), img::test::gen_json("bpfmap-data.img"));
    auto r = run({encode_tool(), "-i", "in.json", "-o", "bpfmap-data.img"}, std::nullopt, d.path());
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(slurp(d.file("bpfmap-data.img")), img::test::gen_image("bpfmap-data.img"));
    EXPECT_EQ(listing(d.path()), (std::vector<std::string>{"bpfmap-data.img", "in.json"}));
}

TEST(ImgEncode, InvalidJsonExitsTwoNamingTheFile) {
    TempDir d;
    spit(d.file("broken.json"), "{\"magic\": \"PSTREE\", \"entries\": [");
    spit(d.file("pstree.img"), "keep me");
    auto r = encode_run({"-i", d.file("broken.json"), "-o", d.file("pstree.img")});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_NE(r.err.find("broken.json"), std::string::npos) << r;
    EXPECT_NE(r.err.find("JSON"), std::string::npos) << r;
    EXPECT_EQ(slurp(d.file("pstree.img")), "keep me") << "a failed encode leaves the output alone";
    EXPECT_EQ(listing(d.path()), (std::vector<std::string>{"broken.json", "pstree.img"}));
}

TEST(ImgEncode, InvalidEntryExitsTwoNamingEntryAndField) {
    TempDir d;
    spit(d.file("bad.json"), R"({"magic": "PSTREE", "entries": [{"pid": 1, "ppid": 0, "pgid": 1, "sid": "one"}]})");
    auto r = encode_run({"-i", d.file("bad.json"), "-o", d.file("out.img")});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_NE(r.err.find("bad.json"), std::string::npos) << r;
    EXPECT_NE(r.err.find("entry #0"), std::string::npos) << r;
    EXPECT_NE(r.err.find("sid"), std::string::npos) << r;
    EXPECT_FALSE(img::test::file_exists(d.file("out.img")));
}

TEST(ImgEncode, MissingInputExitsTwoNamingIt) {
    TempDir d;
    auto r = encode_run({"-i", d.file("absent.json"), "-o", d.file("out.img")});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_NE(r.err.find("absent.json"), std::string::npos) << r;
}

TEST(ImgEncode, UnwritableOutputDirectoryExitsTwo) {
    TempDir d;
    spit(d.file("in.json"), img::test::gen_json("core-77.img"));
    auto r = encode_run({"-i", d.file("in.json"), "-o", d.file("no/such/dir/core-77.img")});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_NE(r.err.find("no/such/dir"), std::string::npos) << r;
}

// A big document (crit's key order, "magic" first) is encoded entry by entry: the peak memory
// stays near the text plus the image, not a tree of the whole document (17 times the text).
TEST(ImgEncode, ABigDocumentTakesMemoryNearItsOwnSize) {
#ifdef __SANITIZE_ADDRESS__
    GTEST_SKIP() << "a bound measured without AddressSanitizer: its quarantine alone holds 256 MiB";
#endif
    TempDir t;
    std::string text = R"({"magic": "FILES", "entries": [)";
    for (int i = 0; i < 100000; ++i) {
        if (i) text += ", ";
        text += R"({"type": "REG", "id": )" + std::to_string(i + 1) + R"(, "reg": {"id": )" + std::to_string(i + 1) +
                R"(, "flags": 32768, "pos": 0, "fown": {"uid": 0, "euid": 0, "signum": 0, "pid_type": 0, "pid": 0}, )"
                R"("name": "/srv/app/data/file-)" + std::to_string(i) + R"(.txt", "size": 4096, "mode": 33188}})";
    }
    text += "]}";
    spit(t.file("files.json"), text);
    auto r = encode_run({"-i", t.file("files.json"), "-o", t.file("files.img")});
    ASSERT_EQ(r.exit_code, 0) << r;
    const long text_kib = static_cast<long>(text.size() / 1024);
    const long image_kib = static_cast<long>(slurp(t.file("files.img")).size() / 1024);
    ASSERT_GT(text_kib, 20000) << "a document big enough for its tree to stand out";
    // The text, the image, the tool's own start-up set and this test's (the peak a child inherits).
    EXPECT_LT(r.max_rss_kib, text_kib * 2 + image_kib + 64 * 1024) << "peak " << r.max_rss_kib << " KiB for " << text_kib
                                                                    << " KiB of JSON";
    // And it is the same image as the same entries written with "entries" before "magic" (which
    // is encoded from the whole tree).
    std::string swapped = R"({"entries": )" + text.substr(text.find('['), text.size() - text.find('[') - 1) +
                          R"(, "magic": "FILES"})";
    spit(t.file("swapped.json"), swapped);
    auto r2 = encode_run({"-i", t.file("swapped.json"), "-o", t.file("swapped.img")});
    ASSERT_EQ(r2.exit_code, 0) << r2;
    EXPECT_TRUE(slurp(t.file("swapped.img")) == slurp(t.file("files.img")));
}

}  // namespace
