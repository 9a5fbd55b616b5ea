// img-tui as a user runs it: --batch screens, exit 2 with a one-line error for bad input, --help,
// and the real program in tmux (skipped without tmux or the shared corpus): open, a VMA, its
// memory, a search, quit, and the terminal given back.
#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "harness/paths.h"
#include "harness/process.h"

namespace {

using img::test::run;

const std::string kSleep = img::test::captured_dir() + "/sleep";

img::test::RunResult tui(std::vector<std::string> args) {
    args.insert(args.begin(), img::test::tool_path("img-tui"));
    return run(args);
}

size_t count_lines(const std::string& s) { return static_cast<size_t>(std::count(s.begin(), s.end(), '\n')); }

TEST(ImgTui, BatchPrintsTheFirstScreen) {
    auto r = tui({"--batch", kSleep});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(count_lines(r.out), 24u) << r;
    EXPECT_NE(r.out.find("13181"), std::string::npos) << r;
    EXPECT_NE(r.out.find("sleep"), std::string::npos) << r;
    EXPECT_NE(r.out.find("[overview]"), std::string::npos) << r;
    EXPECT_TRUE(r.err.empty()) << r;
}

TEST(ImgTui, BatchRunsKeysAndCommandsAtAGivenSize) {
    auto r = tui({"--batch", "--size", "100x30", "-c", "Right", "-c", "screen", "-c", "tab vmas", "-c", "Tab", "-c", "j",
                  "-c", "Enter", kSleep});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(count_lines(r.out), 30u + 1 + 30u) << r;   // the screen asked for, an empty line, the last one
    EXPECT_NE(r.out.find("[threads]"), std::string::npos) << r;
    EXPECT_NE(r.out.find("13181  "), std::string::npos) << r;   // the memory view's title
    // A word that is neither a key, a command nor a batch command: exit 2, naming it.
    r = tui({"--batch", "-c", "tab", kSleep});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_NE(r.err.find("unknown command 'tab'"), std::string::npos) << r;
}

TEST(ImgTui, BatchMemoryViewAndQuit) {
    auto r = tui({"--batch", "-c", "tab vmas", "-c", "Tab", "-c", "filter [stack]", "-c", "Enter", "-c",
                  "search CIMG_SCENARIO=", "-c", "screen", "-c", "q", "-c", "j", kSleep});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_NE(r.out.find("[stack]"), std::string::npos) << r;
    EXPECT_NE(r.out.find("CIMG_SCENARIO= at 7"), std::string::npos) << r;
}

TEST(ImgTui, UnreadableInputExitsTwoNamingIt) {
    auto r = tui({"--batch", "/nonexistent/dump"});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_TRUE(r.out.empty()) << r;
    EXPECT_EQ(count_lines(r.err), 1u) << r;
    EXPECT_NE(r.err.find("/nonexistent/dump"), std::string::npos) << r;
    // Without --batch too: the error comes before any terminal is touched.
    r = tui({kSleep + "/core-13181.img"});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_EQ(count_lines(r.err), 1u) << r;
    EXPECT_NE(r.err.find("core-13181.img"), std::string::npos) << r;
}

TEST(ImgTui, UsageErrorsExitTwo) {
    for (std::vector<std::string> args : {std::vector<std::string>{"--batch", "-c", "no-such-command", kSleep},
                                          {"--batch", "--size", "10x2", kSleep},
                                          {"-c", "j", kSleep},
                                          {"--batch", "--diff", kSleep},
                                          {"--batch", kSleep, kSleep},
                                          {"--pid", "1", kSleep},
                                          {kSleep}}) {   // the last: no terminal on stdin
        auto r = tui(args);
        EXPECT_EQ(r.exit_code, 2) << args.front() << r;
        EXPECT_EQ(count_lines(r.err), 1u) << r;
        EXPECT_TRUE(r.out.empty()) << r;
    }
}

TEST(ImgTui, DiffOfADumpWithItselfIsIdentical) {
    auto r = tui({"--batch", "--diff", kSleep, kSleep});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_NE(r.out.find("[diff]"), std::string::npos) << r;
    EXPECT_NE(r.out.find("the dumps are identical"), std::string::npos) << r;
}

// The first screen comes before the comparison, which then shows its result.
TEST(ImgTui, DiffShowsProgressThenTheResult) {
    auto s = img::test::shared_dir();
    if (!s) GTEST_SKIP() << img::test::shared_missing_reason();
    auto r = tui({"--batch", "--size", "120x30", "-c", "screen", "--diff", *s + "/criu-images/mem-1", *s + "/criu-images/mem-2"});
    ASSERT_EQ(r.exit_code, 0) << r;
    auto progress = r.out.find("comparing with mem-2: step 1 of ?, the files (Esc cancels)");
    auto result = r.out.find("7f4a1b58d000-7f4a1c591000 anonymous rw-: 43 changed, 0 added, 0 removed");
    ASSERT_NE(progress, std::string::npos) << r;
    ASSERT_NE(result, std::string::npos) << r;
    EXPECT_LT(progress, result);
    EXPECT_NE(r.out.find("[diff]", progress), std::string::npos) << r;
}

// As every tool answers (tests/cli/common_options_test.cc, whose "loads only libc" does not hold
// here: img-tui loads ncurses).
TEST(ImgTui, VersionAndUnknownOption) {
    auto r = tui({"--version"});
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(r.out, "img-tui (criu-img) " IMG_VERSION "\n") << r;
    r = tui({"--no-such-option"});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_FALSE(r.err.empty()) << r;
}

TEST(ImgTui, HelpTeachesTheKeys) {
    auto r = tui({"--help"});
    EXPECT_EQ(r.exit_code, 0) << r;
    for (const char* s : {"Enter", "Esc", "PgDn", "--batch", "img-tui(1)", "x:de ad be ef"})
        EXPECT_NE(r.out.find(s), std::string::npos) << s << r;
}

const char* const kTmux = "/usr/bin/tmux";
bool have_tmux() { return ::access(kTmux, X_OK) == 0; }

// tmux on a private socket: the real program on a real pty.
class Tmux {
public:
    // A server of its own per test: a server being killed by the test before is never reused.
    Tmux() : socket_("img-tui-test-" + std::to_string(::getpid()) + "-" + std::to_string(++count_)) {}
    ~Tmux() { tmux({"kill-server"}); }
    img::test::RunResult tmux(std::vector<std::string> args) {
        args.insert(args.begin(), {kTmux, "-f", "/dev/null", "-L", socket_});
        return run(args, std::nullopt, "", 10);
    }
    std::string screen() { return tmux({"capture-pane", "-p", "-t", "t"}).out; }
    std::string screen_with_attributes() { return tmux({"capture-pane", "-e", "-p", "-t", "t"}).out; }
    std::string alternate() { return tmux({"display-message", "-p", "-t", "t", "#{alternate_on}"}).out; }
    // Waits up to 5 s for `text` on the screen (with `attributes`, in its escape sequences too).
    bool wait_for(const std::string& text, bool attributes = false) {
        for (int i = 0; i < 100; ++i) {
            if ((attributes ? screen_with_attributes() : screen()).find(text) != std::string::npos) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }
    void keys(std::vector<std::string> k) {
        k.insert(k.begin(), {"send-keys", "-t", "t"});
        tmux(k);
    }

private:
    static inline int count_ = 0;
    std::string socket_;
};

// The tty's modes are back: what is typed is echoed (sh leaves echo to the tty), and runs.
void expect_tty_echoes(Tmux& t) {
    t.keys({"echo typed-$((40+2))", "Enter"});
    EXPECT_TRUE(t.wait_for("typed-42")) << t.screen();
    EXPECT_NE(t.screen().find("echo typed-$((40+2))"), std::string::npos) << t.screen();
}

TEST(ImgTuiTmux, OpenVmaMemorySearchQuitRestoresTheTerminal) {
    if (!have_tmux()) GTEST_SKIP() << "tmux is not installed: the pty test is skipped";
    auto shared = img::test::shared_dir();
    if (!shared) GTEST_SKIP() << img::test::shared_missing_reason();
    Tmux t;
    auto r = t.tmux({"new-session", "-d", "-s", "t", "-x", "100", "-y", "30", "sh"});
    ASSERT_EQ(r.exit_code, 0) << r;
    t.keys({img::test::tool_path("img-tui") + " " + *shared + "/criu-images/tree; echo TUI-EXIT=$?", "Enter"});
    ASSERT_TRUE(t.wait_for("13299")) << t.screen();
    std::string first = t.screen();
    for (const char* pid : {"13295", "13297", "13298"}) EXPECT_NE(first.find(pid), std::string::npos) << first;
    EXPECT_EQ(t.alternate(), "1\n");
    // A resize repaints at the new size: the status line moves up to the 24th line (a screen that
    // was only cropped would have lost it with the rows below).
    t.tmux({"resize-window", "-t", "t", "-x", "80", "-y", "24"});
    EXPECT_TRUE(t.wait_for("\nj/k move  Tab pane  Left/Right tab  Enter open  Space fold  / filter  ? help  q\n"))
        << t.screen();
    t.tmux({"resize-window", "-t", "t", "-x", "100", "-y", "30"});
    t.keys({"Tab", "Right", "Right"});
    ASSERT_TRUE(t.wait_for("[vmas]")) << t.screen();
    t.keys({"/", "[stack]", "Enter"});
    t.keys({"Enter"});
    ASSERT_TRUE(t.wait_for("[stack]  (")) << t.screen();   // the memory view's title
    t.keys({"/", "CIMG_SCENARIO=tree", "Enter"});
    ASSERT_TRUE(t.wait_for("CIMG_SCENARIO=tree at 7")) << t.screen();
    EXPECT_NE(t.screen().find("CIMG_SCENA"), std::string::npos) << t.screen();   // the bytes on screen
    t.keys({"q"});
    ASSERT_TRUE(t.wait_for("TUI-EXIT=0")) << t.screen();
    EXPECT_EQ(t.alternate(), "0\n");
    EXPECT_EQ(t.screen().find("[vmas]"), std::string::npos) << t.screen();   // the TUI's screen is gone
    expect_tty_echoes(t);
}

// Colour where the terminal has it (tmux does): the title bar black on cyan; none under NO_COLOR,
// where it is drawn in reverse video.
TEST(ImgTuiTmux, ColourOnlyWithoutNoColor) {
    if (!have_tmux()) GTEST_SKIP() << "tmux is not installed: the pty test is skipped";
    Tmux t;
    auto r = t.tmux({"new-session", "-d", "-s", "t", "-x", "80", "-y", "24", "sh"});
    ASSERT_EQ(r.exit_code, 0) << r;
    t.keys({"NO_COLOR=1 " + img::test::tool_path("img-tui") + " " + kSleep, "Enter"});
    ASSERT_TRUE(t.wait_for("13181")) << t.screen();
    std::string plain = t.screen_with_attributes();
    EXPECT_NE(plain.find("\033[7mimg-tui  sleep"), std::string::npos) << plain;
    EXPECT_EQ(plain.find("\033[46m"), std::string::npos) << plain;
    t.keys({"q"});
    t.keys({"clear; " + img::test::tool_path("img-tui") + " " + kSleep, "Enter"});
    // The first run's screen may still show until the shell clears it: wait for the coloured title.
    EXPECT_TRUE(t.wait_for("\033[46mimg-tui  sleep", true)) << t.screen_with_attributes();
    t.keys({"q"});
}

// The bytes a terminal sends for a mouse button at (row, col), counted from 0, in the X10 form
// (ESC [ M, then button, column and row each plus 32, the cell plus 1) that TERM=screen's kmous
// tells ncurses to expect: button 0 is the left press, 3 the release, 64 and 65 the wheel.
std::vector<std::string> mouse_bytes(int button, int row, int col) {
    std::vector<std::string> hex{"-H", "1b", "5b", "4d"};
    for (int v : {32 + button, 33 + col, 33 + row}) {
        char b[3];
        std::snprintf(b, sizeof b, "%02x", static_cast<unsigned>(v));
        hex.emplace_back(b);
    }
    return hex;
}

TEST(ImgTuiTmux, MouseClicksSelectATaskAndATabAndTheWheelScrolls) {
    if (!have_tmux()) GTEST_SKIP() << "tmux is not installed: the pty test is skipped";
    auto shared = img::test::shared_dir();
    if (!shared) GTEST_SKIP() << img::test::shared_missing_reason();
    Tmux t;
    auto r = t.tmux({"new-session", "-d", "-s", "t", "-x", "80", "-y", "24", "sh"});
    ASSERT_EQ(r.exit_code, 0) << r;
    const std::string tree = *shared + "/criu-images/tree";
    t.keys({img::test::tool_path("img-tui") + " " + tree + "; echo TUI-EXIT=$?", "Enter"});
    ASSERT_TRUE(t.wait_for("13299")) << t.screen();
    EXPECT_EQ(t.tmux({"display-message", "-p", "-t", "t", "#{mouse_standard_flag}"}).out, "1\n");
    auto send = [&](int button, int row, int col) {
        auto k = mouse_bytes(button, row, col);
        k.insert(k.begin(), {"send-keys", "-t", "t"});
        t.tmux(k);
    };
    send(0, 3, 5);   // the second task's row, pressed and released
    send(3, 3, 5);
    ASSERT_TRUE(t.wait_for("task 13297  tab overview")) << t.screen();
    send(0, 6, 20);   // "vmas" in "[overview] threads vmas fds ..."
    ASSERT_TRUE(t.wait_for("[vmas]")) << t.screen();
    EXPECT_TRUE(t.wait_for("WHAT\nexe ")) << t.screen();   // the header, then the first row
    send(65, 15, 10);   // the wheel down over the VMAs: three rows scroll off, "exe" first
    ASSERT_TRUE(t.wait_for("WHAT\n555590811000-")) << t.screen();
    EXPECT_EQ(t.screen().find("\nexe "), std::string::npos) << t.screen();
    t.keys({"q"});
    ASSERT_TRUE(t.wait_for("TUI-EXIT=0")) << t.screen();
    // --no-mouse asks the terminal for no mouse reports: its own selection keeps working.
    t.keys({"clear; " + img::test::tool_path("img-tui") + " --no-mouse " + tree, "Enter"});
    ASSERT_TRUE(t.wait_for("13299")) << t.screen();
    EXPECT_EQ(t.tmux({"display-message", "-p", "-t", "t", "#{mouse_standard_flag}"}).out, "0\n");
    t.keys({"q"});
}

TEST(ImgTuiTmux, SigtermRestoresTheTerminalAndDiesOfIt) {
    if (!have_tmux()) GTEST_SKIP() << "tmux is not installed: the pty test is skipped";
    img::test::TempDir dir;
    Tmux t;
    auto r = t.tmux({"new-session", "-d", "-s", "t", "-x", "80", "-y", "24", "sh"});
    ASSERT_EQ(r.exit_code, 0) << r;
    // The program's pid is the shell's that writes it and then execs it.
    t.keys({"sh -c 'echo $$ > " + dir.file("pid") + "; exec " + img::test::tool_path("img-tui") + " " + kSleep +
                "'; echo TUI-EXIT=$?",
            "Enter"});
    ASSERT_TRUE(t.wait_for("13181")) << t.screen();
    EXPECT_EQ(t.alternate(), "1\n");
    pid_t pid = std::stoi(img::test::slurp(dir.file("pid")));
    ASSERT_EQ(::kill(pid, SIGTERM), 0);
    ASSERT_TRUE(t.wait_for("TUI-EXIT=143")) << t.screen();   // died of SIGTERM, as the shell expects
    EXPECT_EQ(t.alternate(), "0\n");
    expect_tty_echoes(t);
}

}  // namespace
