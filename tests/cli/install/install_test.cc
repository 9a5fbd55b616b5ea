// `cmake --install` of the build tree into a temporary prefix: every tool stripped (no symbol
// table, no debug sections), its man page gzipped into share/man/man1, its bash, zsh and fish
// completions where those shells look; and each completion script offers exactly the options the
// tool's --help lists, and completes in a real shell.
#include <elf.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <cstring>
#include <regex>
#include <set>
#include <sstream>

#include "harness/paths.h"
#include "harness/process.h"

namespace {

namespace fs = std::filesystem;
using img::test::RunResult;
using img::test::TempDir;

// Every tool has a man page: the tools are the pages of man/.
std::vector<std::string> tools() {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(img::test::source_dir() + "/man"))
        if (e.path().extension() == ".1") names.push_back(e.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

// Section names of a 64-bit ELF file (empty when it is not one).
std::set<std::string> elf_sections(const std::string& path) {
    std::string f = img::test::slurp(path);
    std::set<std::string> names;
    if (f.size() < sizeof(Elf64_Ehdr) || f.compare(0, 4, ELFMAG) != 0 || f[EI_CLASS] != ELFCLASS64) return names;
    Elf64_Ehdr eh;
    std::memcpy(&eh, f.data(), sizeof eh);
    auto section = [&](size_t i) {
        Elf64_Shdr sh{};
        size_t at = eh.e_shoff + i * sizeof(Elf64_Shdr);
        if (at + sizeof sh <= f.size()) std::memcpy(&sh, f.data() + at, sizeof sh);
        return sh;
    };
    Elf64_Shdr strtab = section(eh.e_shstrndx);
    for (size_t i = 0; i < eh.e_shnum; ++i) {
        size_t at = strtab.sh_offset + section(i).sh_name;
        if (at < f.size()) names.insert(std::string(f.c_str() + at));
    }
    return names;
}

// A program found on PATH (run() takes a path as argv[0]).
RunResult shell(std::vector<std::string> argv) {
    argv.insert(argv.begin(), "/usr/bin/env");
    return img::test::run(argv, std::nullopt, "", 30);
}

// Tool T installed under `prefix` as bin/T: an ELF executable without symbol table or debug
// sections, smaller than the build's, that runs.
void expect_stripped_tool(const std::string& prefix, const std::string& t) {
    std::string bin = prefix + "/bin/" + t;
    auto sections = elf_sections(bin);
    ASSERT_TRUE(sections.count(".text")) << bin << " is not an ELF executable";
    EXPECT_FALSE(sections.count(".symtab")) << bin << " keeps its symbol table";
    for (const auto& s : sections) EXPECT_NE(s.rfind(".debug", 0), 0u) << bin << " keeps " << s;
    EXPECT_LT(fs::file_size(bin), fs::file_size(img::test::tool_path(t))) << bin;
    auto r = img::test::run({bin, "--version"});
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(r.out.rfind(t + " (criu-img) " IMG_VERSION, 0), 0u) << r.out;
}

// One install (it strips every tool: a second or more), everything checked in it.
TEST(Install, StrippedToolsManPagesAndCompletions) {
    TempDir prefix;
    auto r = img::test::run({IMG_CMAKE_COMMAND, "--install", img::test::binary_dir(), "--prefix", prefix.path()},
                            std::nullopt, "", 120);
    ASSERT_EQ(r.exit_code, 0) << r;
    ASSERT_FALSE(tools().empty());
    for (const auto& t : tools()) {
        expect_stripped_tool(prefix.path(), t);
        auto page = shell({"gzip", "-dc", prefix.file("share/man/man1/" + t + ".1.gz")});
        ASSERT_EQ(page.exit_code, 0) << page;
        EXPECT_EQ(page.out, img::test::slurp(img::test::source_dir() + "/man/" + t + ".1")) << t;
        for (const auto& rel : {"share/bash-completion/completions/" + t, "share/zsh/vendor-completions/_" + t,
                                "share/fish/vendor_completions.d/" + t + ".fish"}) {
            ASSERT_TRUE(img::test::file_exists(prefix.file(rel))) << rel;
            EXPECT_EQ(img::test::slurp(prefix.file(rel)), img::test::slurp(img::test::binary_dir() + "/" + rel)) << rel;
        }
    }
}

// The options --help lists: "-h", "--help", ... from lines "  -h,--help ...", "  --json ...".
std::set<std::string> help_options(const std::string& tool) {
    auto r = img::test::run({img::test::tool_path(tool), "--help"});
    EXPECT_EQ(r.exit_code, 0) << r;
    std::set<std::string> names;
    std::regex line(R"(^  (-[^ ]+))");  // an option's line; wrapped help lines are indented further
    std::istringstream in(r.out);
    for (std::string l; std::getline(in, l);) {
        std::smatch m;
        if (!std::regex_search(l, m, line)) continue;
        std::string list = m[1];
        for (size_t start = 0, comma; start < list.size(); start = comma + 1) {
            comma = list.find(',', start);
            if (comma == std::string::npos) comma = list.size();
            names.insert(list.substr(start, comma - start));
        }
    }
    return names;
}

// Every option word a script mentions: "-h" / "--help" in bash's word list, zsh's specs, fish's -s/-l.
std::set<std::string> script_options(const std::string& script, const std::string& shell) {
    std::set<std::string> names;
    if (shell == "bash") {
        std::smatch m;
        EXPECT_TRUE(std::regex_search(script, m, std::regex("compgen -W '([^']*)'"))) << script;
        std::istringstream words(m[1].str());
        for (std::string w; words >> w;) names.insert(w);
    } else {
        std::regex word(shell == "zsh" ? R"(\n  '\*?(-[^\[]+)\[)" : R"( -([sl]) ([^ ]+))");
        for (std::sregex_iterator i(script.begin(), script.end(), word), e; i != e; ++i)
            names.insert(shell == "zsh" ? (*i)[1].str() : ((*i)[1] == "s" ? "-" : "--") + (*i)[2].str());
    }
    return names;
}

TEST(Completions, OfferExactlyTheOptionsHelpLists) {
    for (const auto& t : tools()) {
        auto help = help_options(t);
        ASSERT_TRUE(help.count("--help") && help.count("--version")) << t;
        for (const std::string shell : {"bash", "zsh", "fish"}) {
            auto r = img::test::run({img::test::tool_path(t), "--completion", shell});
            ASSERT_EQ(r.exit_code, 0) << r;
            EXPECT_EQ(script_options(r.out, shell), help) << t << " " << shell << ":\n" << r.out;
        }
    }
    auto r = img::test::run({img::test::tool_path("img-show"), "--completion", "tcsh"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "img-show: --completion tcsh: no such shell (bash, zsh or fish)\n");
}


TEST(Completions, BashCompletesOptionsAndDirectoryValues) {
    TempDir d;
    fs::create_directory(d.file("subdir"));
    img::test::spit(d.file("subfile"), "");
    std::string script = img::test::binary_dir() + "/share/bash-completion/completions/img-fixpaths";
    auto complete = [&](const std::string& words) {
        return shell({"bash", "-c", "source '" + script + "'; COMP_WORDS=(" + words +
                                        "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _img_fixpaths_complete; "
                                        "printf '%s\\n' \"${COMPREPLY[@]}\" | sort"});
    };
    auto r = complete("img-fixpaths --branch-m");
    EXPECT_EQ(r.out, "--branch-map\n") << r;
    r = complete("img-fixpaths --aufs-si '" + d.file("sub") + "'");   // TEXT:DIR: directories only
    EXPECT_EQ(r.out, d.file("subdir") + "\n") << r;
    r = complete("img-fixpaths '" + d.file("sub") + "'");             // DUMPDIR: any file name
    EXPECT_EQ(r.out, d.file("subdir") + "\n" + d.file("subfile") + "\n") << r;
    r = complete("img-fixpaths --mnt-id ''");                          // a number: nothing to offer
    EXPECT_EQ(r.out, "\n") << r;
}

TEST(Completions, ZshAndFishLoadThem) {
    std::string share = img::test::binary_dir() + "/share/";
    if (shell({"sh", "-c", "command -v zsh && command -v fish"}).exit_code != 0)
        GTEST_SKIP() << "zsh or fish is not installed (scripts/deps.sh --test installs both)";
    for (const auto& t : tools()) {
        auto r = shell({"zsh", "-n", share + "zsh/vendor-completions/_" + t});
        EXPECT_EQ(r.exit_code, 0) << t << ": " << r;
    }
    auto r = shell({"fish", "--no-config", "-c",
                    "source " + share + "fish/vendor_completions.d/img-show.fish; complete -C 'img-show --vi'"});
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(r.out.substr(0, r.out.find('\t')), "--view") << r;
    r = shell({"fish", "--no-config", "-c",
               "source " + share + "fish/vendor_completions.d/img-verify.fish; complete -C 'img-verify --ha'"});
    EXPECT_EQ(r.out, "--hash\tadd SHA-256 digests of every image and of every present page run\n") << r;
}

}  // namespace
