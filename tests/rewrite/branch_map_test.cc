// BranchMap: the map file format, its errors (with line numbers), the other
// sources of mappings (--map, an AUFS si_<id>/ listing, a CRIU dump log) and
// apply(): longest prefix, component boundary, TARGET "/" strips the branch.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include "img/rewrite/branch_map.h"
#include "harness/paths.h"

namespace {

using img::BranchMap;
using img::test::spit;
using img::test::TempDir;

// "branch -> target" for every mapping, in the map's order (longest branch first).
std::vector<std::string> pairs(const BranchMap& m) {
    std::vector<std::string> v;
    for (const auto& x : m.mappings()) v.push_back(x.branch + " -> " + x.target);
    return v;
}

BranchMap parsed(std::string_view text) {
    BranchMap m;
    auto r = m.add_map_text(text, "map.txt");
    EXPECT_TRUE(r.ok()) << r.error().message();
    return m;
}

// ---- the map text format ---------------------------------------------------

TEST(BranchMapText, CommentsAndBlankLinesAreIgnored) {
    BranchMap m = parsed(
        "# a comment line\n"
        "\n"
        "   \t  \n"
        "/var/lib/docker/aufs/diff/aaa /var/lib/docker/aufs/mnt/ccc   # trailing comment\n"
        "  # indented comment\n"
        "/var/lib/docker/aufs/diff/bb\t/\n");
    EXPECT_EQ(pairs(m), (std::vector<std::string>{"/var/lib/docker/aufs/diff/aaa -> /var/lib/docker/aufs/mnt/ccc",
                                                  "/var/lib/docker/aufs/diff/bb -> /"}));
    ASSERT_EQ(m.mappings().size(), 2u);
    // The origin names the file and the line the mapping came from.
    EXPECT_EQ(m.mappings()[0].origin, "map.txt:4");
    EXPECT_EQ(m.mappings()[1].origin, "map.txt:6");
}

TEST(BranchMapText, LastLineWithoutNewlineAndCrlfLineEnds) {
    BranchMap m = parsed("/a /b\r\n/c/d /e");
    EXPECT_EQ(pairs(m), (std::vector<std::string>{"/c/d -> /e", "/a -> /b"}));
}

TEST(BranchMapText, EmptyTextAddsNothing) {
    BranchMap m = parsed("");
    EXPECT_TRUE(m.empty());
    BranchMap c = parsed("# only\n\n# comments\n");
    EXPECT_TRUE(c.empty());
}

TEST(BranchMapText, OctalEscapesForSpaceAndBackslash) {
    BranchMap m = parsed("/srv/my\\040dir /srv/back\\134slash\\040x\n");
    ASSERT_EQ(m.mappings().size(), 1u);
    EXPECT_EQ(m.mappings()[0].branch, "/srv/my dir");
    EXPECT_EQ(m.mappings()[0].target, "/srv/back\\slash x");
    EXPECT_EQ(m.apply("/srv/my dir/f.txt"), std::optional<std::string>("/srv/back\\slash x/f.txt"));
    // A literal space splits fields: "/srv/my dir" unescaped is three fields.
    BranchMap bad;
    EXPECT_FALSE(bad.add_map_text("/srv/my dir /x\n", "map.txt").ok());
}

TEST(BranchMapText, TabAndNewlineEscapes) {
    BranchMap m = parsed("/a\\011b /c\\012d\n");
    ASSERT_EQ(m.mappings().size(), 1u);
    EXPECT_EQ(m.mappings()[0].branch, "/a\tb");
    EXPECT_EQ(m.mappings()[0].target, "/c\nd");
}

TEST(BranchMapText, BadEscapeIsAnErrorWithLine) {
    BranchMap m;
    auto r = m.add_map_text("/ok /fine\n/a\\04 /b\n", "map.txt");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message().find("map.txt:2"), std::string::npos) << r.error().message();
    EXPECT_TRUE(m.empty());
    BranchMap n;
    EXPECT_FALSE(n.add_map_text("/a\\999 /b\n", "map.txt").ok());   // not octal
    EXPECT_FALSE(n.add_map_text("/a\\ /b\n", "map.txt").ok());      // lone backslash
}

TEST(BranchMapText, RelativePathIsAnErrorNamingTheLine) {
    BranchMap m;
    auto r = m.add_map_text("# header\n/abs/ok /new\nrelative/branch /new\n", "map.txt");
    ASSERT_FALSE(r.ok());
    std::string msg = r.error().message();
    EXPECT_NE(msg.find("map.txt:3"), std::string::npos) << msg;
    EXPECT_NE(msg.find("relative/branch"), std::string::npos) << msg;
    EXPECT_NE(msg.find("absolute"), std::string::npos) << msg;

    BranchMap t;
    auto rt = t.add_map_text("/abs/ok new/target\n", "other.map");
    ASSERT_FALSE(rt.ok());
    EXPECT_NE(rt.error().message().find("other.map:1"), std::string::npos) << rt.error().message();
    EXPECT_NE(rt.error().message().find("new/target"), std::string::npos) << rt.error().message();
}

TEST(BranchMapText, BranchListedTwiceIsAnErrorNamingTheLine) {
    BranchMap m;
    auto r = m.add_map_text("/a/b /x\n/c /y\n\n/a/b /z\n", "map.txt");
    ASSERT_FALSE(r.ok());
    std::string msg = r.error().message();
    EXPECT_NE(msg.find("map.txt:4"), std::string::npos) << msg;
    EXPECT_NE(msg.find("/a/b"), std::string::npos) << msg;
    EXPECT_TRUE(m.empty());
}

TEST(BranchMapText, BranchListedTwiceWithTheSameTargetIsStillAnError) {
    BranchMap m;
    auto r = m.add_map_text("/a/b /x\n/a/b /x\n", "map.txt");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message().find("map.txt:2"), std::string::npos) << r.error().message();
}

TEST(BranchMapText, BranchListedTwiceAfterNormalisingTrailingSlash) {
    BranchMap m;
    auto r = m.add_map_text("/a/b /x\n/a/b/ /y\n", "map.txt");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message().find("map.txt:2"), std::string::npos) << r.error().message();
}

TEST(BranchMapText, OneFieldIsAnErrorNamingTheLine) {
    BranchMap m;
    auto r = m.add_map_text("/a /b\n/only-one-field\n", "map.txt");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message().find("map.txt:2"), std::string::npos) << r.error().message();
    EXPECT_NE(r.error().message().find("1 field"), std::string::npos) << r.error().message();
}

TEST(BranchMapText, ThreeFieldsIsAnErrorNamingTheLine) {
    BranchMap m;
    auto r = m.add_map_text("\n\n/a /b /c\n", "map.txt");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message().find("map.txt:3"), std::string::npos) << r.error().message();
    EXPECT_NE(r.error().message().find("3 fields"), std::string::npos) << r.error().message();
}

TEST(BranchMapText, FailedAddLeavesTheMapUnchanged) {
    BranchMap m = parsed("/keep/me /kept\n");
    auto before = pairs(m);
    // Good lines before the bad one must not be half-applied.
    auto r = m.add_map_text("/new/one /n1\n/new/two /n2\nbroken-line\n", "second.map");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(pairs(m), before);
    EXPECT_EQ(m.apply("/new/one/x"), std::nullopt);
    // A conflict with an earlier source is an error too, and also changes nothing.
    auto c = m.add_map_text("/other /o\n/keep/me /somewhere-else\n", "third.map");
    ASSERT_FALSE(c.ok());
    EXPECT_NE(c.error().message().find("third.map:2"), std::string::npos) << c.error().message();
    EXPECT_EQ(pairs(m), before);
}

TEST(BranchMapText, MapFileFromDisk) {
    TempDir d;
    spit(d.file("m.map"), "# x\n/var/lib/docker/aufs/diff/L /\n");
    BranchMap m;
    auto r = m.add_map_file(d.file("m.map"));
    ASSERT_TRUE(r.ok()) << r.error().message();
    EXPECT_EQ(pairs(m), (std::vector<std::string>{"/var/lib/docker/aufs/diff/L -> /"}));
    EXPECT_EQ(m.mappings()[0].origin, d.file("m.map") + ":2");
    BranchMap missing;
    EXPECT_FALSE(missing.add_map_file(d.file("nope.map")).ok());
}

TEST(BranchMapText, ToTextReadsBack) {
    BranchMap m = parsed("/a\\040b /c\\134d\n/x/y/z /\n");
    std::string text = m.to_text();
    EXPECT_NE(text.find("/a\\040b /c\\134d"), std::string::npos) << text;
    BranchMap back;
    auto r = back.add_map_text(text, "printed");
    ASSERT_TRUE(r.ok()) << r.error().message() << "\n" << text;
    EXPECT_EQ(pairs(back), pairs(m));
}

TEST(BranchMapText, ToTextReadsBackWhatAnAssignmentQuoted) {
    // Found by fuzz_map: the origin comment quoted an --map value holding a newline, so the
    // printed map had a second line of one field; a carriage return in a path split it likewise.
    BranchMap m;
    ASSERT_TRUE(m.add_assignment("/old/x=/\n/new=/\n").ok());
    ASSERT_TRUE(m.add_assignment("/cr\rpath=/t").ok());
    std::string text = m.to_text();
    BranchMap back;
    auto r = back.add_map_text(text, "printed");
    ASSERT_TRUE(r.ok()) << r.error().message() << "\n" << text;
    EXPECT_EQ(pairs(back), pairs(m));
}

TEST(BranchMapEscape, EscapeAndUnescapeRoundTrip) {
    EXPECT_EQ(img::escape_map_path("/a\rb"), "/a\\015b");
    EXPECT_EQ(img::escape_map_path("/a b\\c\td\ne"), "/a\\040b\\134c\\011d\\012e");
    EXPECT_EQ(img::unescape_map_path("/a\\040b\\134c\\011d\\012e"), std::optional<std::string>("/a b\\c\td\ne"));
    EXPECT_EQ(img::unescape_map_path("\\040"), std::optional<std::string>(" "));
    EXPECT_EQ(img::unescape_map_path("/x\\04"), std::nullopt);
    EXPECT_EQ(img::unescape_map_path("/x\\"), std::nullopt);
    EXPECT_EQ(img::unescape_map_path("/x\\400"), std::nullopt);   // > 255
}

// ---- apply() ---------------------------------------------------------------

TEST(BranchMapApply, LongestPrefixWins) {
    BranchMap m = parsed("/a /short\n/a/b/c /longest\n/a/b /middle\n");
    EXPECT_EQ(m.apply("/a/b/c/d"), std::optional<std::string>("/longest/d"));
    EXPECT_EQ(m.apply("/a/b/x"), std::optional<std::string>("/middle/x"));
    EXPECT_EQ(m.apply("/a/x"), std::optional<std::string>("/short/x"));
    EXPECT_EQ(m.apply("/other"), std::nullopt);
    EXPECT_EQ(pairs(m), (std::vector<std::string>{"/a/b/c -> /longest", "/a/b -> /middle", "/a -> /short"}));
}

TEST(BranchMapApply, MatchesOnlyAtAComponentBoundary) {
    BranchMap m = parsed("/a/b /t\n");
    EXPECT_EQ(m.apply("/a/b"), std::optional<std::string>("/t"));
    EXPECT_EQ(m.apply("/a/b/c"), std::optional<std::string>("/t/c"));
    EXPECT_EQ(m.apply("/a/b/"), std::optional<std::string>("/t"));
    EXPECT_EQ(m.apply("/a/bc"), std::nullopt);
    EXPECT_EQ(m.apply("/a/bc/d"), std::nullopt);
    EXPECT_EQ(m.apply("/a"), std::nullopt);
    EXPECT_EQ(m.apply("a/b/c"), std::nullopt);    // relative: never a match
    EXPECT_EQ(m.apply("/x/a/b"), std::nullopt);   // not a prefix
    EXPECT_EQ(m.apply(""), std::nullopt);
}

TEST(BranchMapApply, TargetRootStripsThePrefix) {
    BranchMap m = parsed("/var/lib/docker/aufs/diff/L /\n");
    EXPECT_EQ(m.apply("/var/lib/docker/aufs/diff/L/app/bin/relapp"), std::optional<std::string>("/app/bin/relapp"));
    // The branch itself (a cwd or root at the top of the layer) becomes "/".
    EXPECT_EQ(m.apply("/var/lib/docker/aufs/diff/L"), std::optional<std::string>("/"));
    EXPECT_EQ(m.apply("/var/lib/docker/aufs/diff/L/"), std::optional<std::string>("/"));
    EXPECT_EQ(m.apply("/var/lib/docker/aufs/diff/Lx/app"), std::nullopt);
}

TEST(BranchMapApply, TrailingSlashesInTheMapAreNormalised) {
    BranchMap m = parsed("/a/b/ /t/\n/c// /\n");
    ASSERT_EQ(m.mappings().size(), 2u);
    EXPECT_EQ(pairs(m), (std::vector<std::string>{"/a/b -> /t", "/c -> /"}));
    EXPECT_EQ(m.apply("/a/b/x"), std::optional<std::string>("/t/x"));
    EXPECT_EQ(m.apply("/a/b"), std::optional<std::string>("/t"));
    EXPECT_EQ(m.apply("/a/bx"), std::nullopt);
    EXPECT_EQ(m.apply("/c/y"), std::optional<std::string>("/y"));
}

TEST(BranchMapApply, BranchRootMovesEverything) {
    BranchMap m = parsed("/ /newroot\n");
    EXPECT_EQ(m.apply("/etc/passwd"), std::optional<std::string>("/newroot/etc/passwd"));
    EXPECT_EQ(m.apply("/"), std::optional<std::string>("/newroot"));
    EXPECT_EQ(m.apply("relative"), std::nullopt);
}

TEST(BranchMapApply, EmptyMapMatchesNothing) {
    BranchMap m;
    EXPECT_TRUE(m.empty());
    EXPECT_EQ(m.apply("/anything"), std::nullopt);
}

// ---- add(), add_assignment() -----------------------------------------------

TEST(BranchMapAdd, SameMappingTwiceIsANoOpConflictIsAnError) {
    BranchMap m;
    ASSERT_TRUE(m.add("/a", "/b", "first").ok());
    ASSERT_TRUE(m.add("/a/", "/b", "again").ok());
    EXPECT_EQ(m.mappings().size(), 1u);
    auto r = m.add("/a", "/c", "--map /a=/c");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message().find("first"), std::string::npos) << r.error().message();   // names the earlier source
    EXPECT_EQ(m.apply("/a/x"), std::optional<std::string>("/b/x"));
}

TEST(BranchMapAdd, Assignment) {
    BranchMap m;
    ASSERT_TRUE(m.add_assignment("/old/root=/new/root").ok());
    ASSERT_TRUE(m.add_assignment("/old/root/deeper=/").ok());
    ASSERT_TRUE(m.add_assignment("/sp\\040ace=/x").ok());
    EXPECT_EQ(m.apply("/old/root/f"), std::optional<std::string>("/new/root/f"));
    EXPECT_EQ(m.apply("/old/root/deeper/f"), std::optional<std::string>("/f"));
    EXPECT_EQ(m.apply("/sp ace/f"), std::optional<std::string>("/x/f"));
    EXPECT_EQ(m.mappings().back().origin.rfind("--map", 0), 0u) << m.mappings().back().origin;
}

TEST(BranchMapAdd, AssignmentErrors) {
    BranchMap m;
    EXPECT_FALSE(m.add_assignment("/no-equals-sign").ok());
    EXPECT_FALSE(m.add_assignment("relative=/x").ok());
    EXPECT_FALSE(m.add_assignment("/x=relative").ok());
    EXPECT_FALSE(m.add_assignment("/x=").ok());
    EXPECT_FALSE(m.add_assignment("=/x").ok());
    EXPECT_TRUE(m.empty());
}

// ---- add_aufs_si() ---------------------------------------------------------

TEST(BranchMapAufsSi, EveryBrFileMapsToRoot) {
    TempDir d;
    spit(d.file("br0"), "/var/lib/docker/aufs/diff/rw-layer=rw\n");
    spit(d.file("br1"), "/var/lib/docker/aufs/diff/ro-layer=ro+wh\n");
    // Other files of a real si_<id>/ listing: ignored.
    spit(d.file("brid0"), "64\n");
    spit(d.file("brid1"), "65\n");
    spit(d.file("xi_path"), "/dev/shm/.aufs.xino\n");
    BranchMap m;
    auto r = m.add_aufs_si(d.path());
    ASSERT_TRUE(r.ok()) << r.error().message();
    ASSERT_EQ(m.mappings().size(), 2u);
    for (const auto& x : m.mappings()) EXPECT_EQ(x.target, "/") << x.branch;
    EXPECT_EQ(m.apply("/var/lib/docker/aufs/diff/rw-layer/app/log.txt"), std::optional<std::string>("/app/log.txt"));
    EXPECT_EQ(m.apply("/var/lib/docker/aufs/diff/ro-layer/app/bin/x"), std::optional<std::string>("/app/bin/x"));
    EXPECT_EQ(m.apply("/dev/shm/.aufs.xino"), std::nullopt);
    EXPECT_EQ(m.apply("/64"), std::nullopt);
    // The permission suffix is not part of the branch.
    for (const auto& x : m.mappings()) EXPECT_EQ(x.branch.find('='), std::string::npos) << x.branch;
}

TEST(BranchMapAufsSi, ManyBranchesAreAllRead) {
    TempDir d;
    for (int i = 0; i < 12; ++i) spit(d.file("br" + std::to_string(i)), "/layers/l" + std::to_string(i) + "=ro\n");
    BranchMap m;
    ASSERT_TRUE(m.add_aufs_si(d.path()).ok());
    EXPECT_EQ(m.mappings().size(), 12u);
    EXPECT_EQ(m.apply("/layers/l11/f"), std::optional<std::string>("/f"));
    EXPECT_EQ(m.apply("/layers/l1/f"), std::optional<std::string>("/f"));
}

TEST(BranchMapAufsSi, ABranchNumberPastAufsLimitIsAnErrorNotACrash) {
    // std::stoi threw std::out_of_range on br99999999999 and img-fixpaths ended in abort().
    for (const char* name : {"br99999999999", "br32768"}) {
        TempDir d;
        spit(d.file("br0"), "/layers/l0=rw\n");
        spit(d.file(name), "/layers/x=ro\n");
        BranchMap m;
        auto r = m.add_aufs_si(d.path());
        ASSERT_FALSE(r.ok()) << name;
        EXPECT_NE(r.error().message().find(name), std::string::npos) << r.error().message();
        EXPECT_TRUE(m.empty());
    }
}

TEST(BranchMapAufsSi, DirectoryWithoutBrFilesIsAnError) {
    TempDir d;
    spit(d.file("brid0"), "64\n");
    spit(d.file("xi_path"), "/x\n");
    BranchMap m;
    auto r = m.add_aufs_si(d.path());
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message().find(d.path()), std::string::npos) << r.error().message();
    EXPECT_TRUE(m.empty());
    EXPECT_FALSE(m.add_aufs_si(d.file("missing")).ok());
}

TEST(BranchMapAufsSi, ConflictWithAnEarlierSourceLeavesTheMapUnchanged) {
    TempDir d;
    spit(d.file("br0"), "/layers/a=rw\n");
    spit(d.file("br1"), "/layers/b=ro\n");
    BranchMap m;
    ASSERT_TRUE(m.add_assignment("/layers/b=/elsewhere").ok());
    EXPECT_FALSE(m.add_aufs_si(d.path()).ok());
    EXPECT_EQ(pairs(m), (std::vector<std::string>{"/layers/b -> /elsewhere"}));
}

// ---- add_dump_log() --------------------------------------------------------

TEST(BranchMapDumpLog, BranchLinesMapToRoot) {
    TempDir d;
    spit(d.file("dump.log"),
         "(00.000000) Version: 3.17 (gitid 0)\n"
         "(00.001200) Running on host Linux 4.4.0 x86_64\n"
         "(00.012345) /sys/fs/aufs/si_9a3b/br0 : /var/lib/docker/aufs/diff/abc\n"
         "(00.012400) /sys/fs/aufs/si_9a3b/br1 : /var/lib/docker/aufs/diff/def-init\n"
         "(00.012500) /sys/fs/aufs/si_9a3b/br2 : /var/lib/docker/aufs/diff/ghi\n"
         "(00.020000) Dumping path for 3 fd via self 12 [/var/lib/docker/aufs/diff/zzz/x]\n");
    BranchMap m;
    auto r = m.add_dump_log(d.file("dump.log"));
    ASSERT_TRUE(r.ok()) << r.error().message();
    ASSERT_EQ(m.mappings().size(), 3u);
    EXPECT_EQ(m.apply("/var/lib/docker/aufs/diff/abc/app/x"), std::optional<std::string>("/app/x"));
    EXPECT_EQ(m.apply("/var/lib/docker/aufs/diff/def-init/etc/hosts"), std::optional<std::string>("/etc/hosts"));
    EXPECT_EQ(m.apply("/var/lib/docker/aufs/diff/ghi"), std::optional<std::string>("/"));
    EXPECT_EQ(m.apply("/var/lib/docker/aufs/diff/zzz/x"), std::nullopt);   // not a branch line
    // Each mapping names the log line it came from.
    bool found = false;
    for (const auto& x : m.mappings())
        if (x.branch == "/var/lib/docker/aufs/diff/abc") { found = true; EXPECT_EQ(x.origin, d.file("dump.log") + ":3"); }
    EXPECT_TRUE(found);
}

TEST(BranchMapDumpLog, PermissionSuffixIsDropped) {
    TempDir d;
    spit(d.file("dump.log"), "(00.012345) /sys/fs/aufs/si_1/br0 : /layers/rw=rw\n");
    BranchMap m;
    ASSERT_TRUE(m.add_dump_log(d.file("dump.log")).ok());
    ASSERT_EQ(m.mappings().size(), 1u);
    EXPECT_EQ(m.mappings()[0].branch, "/layers/rw");
}

TEST(BranchMapDumpLog, LogWithoutBranchLinesIsAnError) {
    TempDir d;
    spit(d.file("dump.log"),
         "(00.000000) Version: 4.2\n"
         "(00.100000) Dumping finished successfully\n");
    BranchMap m;
    auto r = m.add_dump_log(d.file("dump.log"));
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message().find(d.file("dump.log")), std::string::npos) << r.error().message();
    EXPECT_TRUE(m.empty());
    EXPECT_FALSE(m.add_dump_log(d.file("missing.log")).ok());
}

}  // namespace

// ---- paths a rewrite must not produce (issue 15 item 9) ---------------------

TEST(BranchMapRefused, DotDotComponentsAndNulBytesInEitherPath) {
    for (const auto& [b, t] : std::vector<std::pair<std::string, std::string>>{
             {"/a", "/b/../etc"}, {"/a", "/.."}, {"/a/../b", "/c"}, {"/..", "/c"},
             {"/a", std::string("/b\0c", 4)}, {std::string("/a\0", 3), "/c"}}) {
        BranchMap m;
        auto r = m.add(b, t, "test");
        EXPECT_FALSE(r.ok()) << b << " -> " << t;
        if (!r.ok()) {
            EXPECT_EQ(r.error().message().find('\0'), std::string::npos) << "a NUL is shown escaped";
        }
        EXPECT_TRUE(m.empty());
    }
    BranchMap ok;
    EXPECT_TRUE(ok.add("/a..b/c", "/x/..y/...", "test").ok()) << "'..' inside a name is a name";
}

TEST(BranchMapRefused, EveryBadLineIsReportedNotOnlyTheFirst) {
    BranchMap m;
    const std::string text = std::string("/good /fine\n"
                                         "/a /b/../etc\n"               // 2: '..' in the target
                                         "# comment\n"
                                         "/c/.. /d\n"                    // 4: '..' in the branch
                                         "/e /f\\000g\n"                 // 5: NUL by escape
                                         "/h") + '\0' + "i /j\n"        // 6: a NUL byte itself
                             + "/also/good /ok\n";
    auto errors = m.add_map_text_all(text, "map.txt");
    ASSERT_EQ(errors.size(), 4u);
    const char* where[] = {"map.txt:2", "map.txt:4", "map.txt:5", "map.txt:6"};
    const char* what[] = {"'..' component", "'..' component", "NUL byte", "NUL byte"};
    for (size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(errors[i].message().rfind(where[i], 0), 0u) << errors[i].message();
        EXPECT_NE(errors[i].message().find(what[i]), std::string::npos) << errors[i].message();
    }
    EXPECT_TRUE(m.empty()) << "any bad line leaves the map unchanged";
    auto first = m.add_map_text(text, "map.txt");
    ASSERT_FALSE(first.ok());
    EXPECT_EQ(first.error().message(), errors[0].message());
}
