// The TUI model driven as the painter and --batch drive it (keys in, a screen of styled lines
// out), on the real CRIU 4.2 dumps: every key of the keymap has its effect checked here.
#include <gtest/gtest.h>

#include "harness/schema.h"   // before any generated header: undoes <signal.h>'s sigmask macro

#include <string>

#include "harness/paths.h"
#include "model/batch_script.h"
#include "model/help_screen.h"
#include "model/json_decode_job.h"
#include "model/json_tree_panel.h"
#include "model/key.h"
#include "model/keymap.h"
#include "model/tui_model.h"

namespace {

using namespace img::tui;

class TuiModelTest : public ::testing::Test {
protected:
    std::unique_ptr<TuiModel> open(const std::string& name, TuiOptions o = {}) {
        auto s = img::test::shared_dir();
        if (!s) return nullptr;
        auto m = TuiModel::open(*s + "/criu-images/" + name, o);
        EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message());
        return m.ok() ? std::move(*m) : nullptr;
    }
    void SetUp() override {
        if (!img::test::shared_dir()) GTEST_SKIP() << img::test::shared_missing_reason();
    }
    // Runs batch commands (as -c takes them) and returns the screen after them.
    static std::string run(TuiModel& m, std::initializer_list<std::string> cmds) {
        std::string out;
        for (const auto& c : cmds) {
            auto r = run_batch_command(m, c, out);
            EXPECT_TRUE(r.ok()) << c << ": " << (r.ok() ? "" : r.error().message());
        }
        return m.render().text();
    }
    static std::string line(TuiModel& m, size_t i) { return m.render().lines.at(i).text(); }
    // The text of the line drawn as the focused cursor.
    static std::string selected(TuiModel& m) {
        for (const auto& l : m.render().lines)
            for (const auto& s : l.segments)
                if (s.style == Style::Selected) return l.text();
        return "";
    }
};

void expect_shape(const Screen& s, int w, int h) {
    ASSERT_EQ(s.lines.size(), static_cast<size_t>(h));
    for (const auto& l : s.lines) EXPECT_EQ(l.width(), static_cast<size_t>(w)) << l.text();
}

TEST_F(TuiModelTest, FirstScreenShowsTheTreeAndTheOverviewAt80x24) {
    auto m = open("tree");
    ASSERT_TRUE(m);
    Screen s = m->render();
    expect_shape(s, 80, 24);
    std::string text = s.text();
    for (auto pid : {"13295", "13297", "13298", "13299"}) EXPECT_NE(text.find(pid), std::string::npos) << pid;
    EXPECT_NE(text.find("[overview] threads vmas fds files sockets pipes signals rlimits cmdline images"), std::string::npos)
        << text;
    EXPECT_NE(text.find("/opt/cimg/bin/tree"), std::string::npos);
    EXPECT_NE(s.lines.back().text().find("? help"), std::string::npos);
    EXPECT_EQ(m->browser().selected_pid(), 13295u);
}

TEST_F(TuiModelTest, UpDownPageHomeEndMoveTheCursor) {
    auto m = open("tree");
    ASSERT_TRUE(m);
    m->press('j');
    m->press(kKeyDown);
    EXPECT_EQ(m->browser().selected_pid(), 13298u);
    m->press('k');
    EXPECT_EQ(m->browser().selected_pid(), 13297u);
    m->press(kKeyUp);
    EXPECT_EQ(m->browser().selected_pid(), 13295u);
    m->press(kKeyEnd);
    EXPECT_EQ(m->browser().selected_pid(), 13299u);
    m->press(kKeyHome);
    EXPECT_EQ(m->browser().selected_pid(), 13295u);
    m->press('G');
    EXPECT_EQ(m->browser().selected_pid(), 13299u);
    m->press(kKeyPageUp);
    EXPECT_EQ(m->browser().selected_pid(), 13295u);
    m->press(kKeyPageDown);
    EXPECT_NE(m->browser().selected_pid(), 13295u);
    // In a long list (the images tab: every file of the dump) a page is the pane's height.
    run(*m, {"tab images", "Tab"});
    std::string first = selected(*m);
    m->press(kKeyPageDown);
    std::string paged = selected(*m);
    EXPECT_NE(first, paged);
    m->press(kKeyPageUp);
    EXPECT_EQ(selected(*m), first);
}

TEST_F(TuiModelTest, TabSwitchesPanesAndLeftRightSwitchTabs) {
    auto m = open("tree");
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->browser().tasks_focused());
    m->press(kKeyTab);
    EXPECT_FALSE(m->browser().tasks_focused());
    m->press(kKeyBackTab);
    EXPECT_TRUE(m->browser().tasks_focused());
    m->press(kKeyRight);
    EXPECT_EQ(m->browser().tab_name(), "threads");
    m->press(']');
    EXPECT_EQ(m->browser().tab_name(), "vmas");
    m->press('[');
    EXPECT_EQ(m->browser().tab_name(), "threads");
    m->press(kKeyLeft);
    m->press(kKeyLeft);   // wraps around to the last tab
    EXPECT_EQ(m->browser().tab_name(), "images");
}

TEST_F(TuiModelTest, SpaceFoldsTheTaskTree) {
    auto m = open("tree");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->browser().tasks().size(), 4u);
    m->press(' ');
    EXPECT_EQ(m->browser().tasks().size(), 1u);
    EXPECT_EQ(m->render().text().find("13297"), std::string::npos);
    EXPECT_NE(line(*m, 2).find("+ 13295"), std::string::npos) << line(*m, 2);
    m->press('f');
    EXPECT_EQ(m->browser().tasks().size(), 4u);
    m->press('j');
    m->press(' ');   // a leaf has nothing to fold
    EXPECT_EQ(m->browser().tasks().size(), 4u);
    EXPECT_NE(m->status().find("nothing to fold"), std::string::npos);
}

TEST_F(TuiModelTest, EnterOpensAndEscBackspaceGoBack) {
    auto m = open("tree");
    ASSERT_TRUE(m);
    m->press(kKeyEnter);
    EXPECT_FALSE(m->browser().tasks_focused());
    m->press(kKeyEscape);
    EXPECT_TRUE(m->browser().tasks_focused());
    m->press('l');
    EXPECT_FALSE(m->browser().tasks_focused());
    m->press(kKeyBackspace);
    EXPECT_TRUE(m->browser().tasks_focused());
    m->press('l');
    m->press('h');
    EXPECT_TRUE(m->browser().tasks_focused());
}

TEST_F(TuiModelTest, SlashFiltersTheTableAndNFindsMatches) {
    auto m = open("tree");
    ASSERT_TRUE(m);
    run(*m, {"filter sleep"});
    EXPECT_EQ(m->browser().tasks().size(), 2u);
    EXPECT_EQ(m->browser().selected_pid(), 13297u);
    m->press('n');
    EXPECT_EQ(m->browser().selected_pid(), 13298u);
    m->press('N');
    EXPECT_EQ(m->browser().selected_pid(), 13297u);
    run(*m, {"/", "key Esc"});   // a cancelled prompt changes nothing
    EXPECT_EQ(m->browser().tasks().size(), 2u);
    run(*m, {"/", "key Enter"});  // an empty filter shows every row again
    EXPECT_EQ(m->browser().tasks().size(), 4u);
    // In a detail tab: the environment of 13299 filtered to one variable.
    std::string s = run(*m, {"select 13299", "tab cmdline", "Tab", "filter SCENARIO"});
    EXPECT_NE(s.find("CIMG_SCENARIO=tree"), std::string::npos) << s;
    EXPECT_EQ(s.find("PATH=/usr/bin"), std::string::npos) << s;
}

TEST_F(TuiModelTest, HelpListsEveryKeyOfTheKeymap) {
    auto m = open("tree");
    ASSERT_TRUE(m);
    m->resize(120, 60);
    m->press('?');
    std::string s = m->render().text();
    for (const auto& c : commands()) {
        EXPECT_NE(s.find("(" + std::string(c.name) + ")"), std::string::npos) << c.name;
        EXPECT_NE(s.find(std::string(c.help)), std::string::npos) << c.help;
    }
    for (const auto& b : key_bindings()) EXPECT_NE(s.find(key_name(b.key)), std::string::npos) << key_name(b.key);
    m->press(kKeyEscape);
    EXPECT_EQ(m->render().text().find("(quit)"), std::string::npos);
}

TEST_F(TuiModelTest, QuitKeys) {
    for (int key : {'q', 'Q'}) {
        auto m = open("tree");
        ASSERT_TRUE(m);
        EXPECT_FALSE(m->quit());
        m->press(key);
        EXPECT_TRUE(m->quit());
    }
}

TEST_F(TuiModelTest, UnboundKeySaysSo) {
    auto m = open("tree");
    ASSERT_TRUE(m);
    m->press('z');
    EXPECT_NE(m->status().find("key z does nothing"), std::string::npos) << m->status();
}


TEST_F(TuiModelTest, DetailTabsShowEachTasksTables) {
    auto threads = open("threads");
    ASSERT_TRUE(threads);
    std::string s = run(*threads, {"tab threads", "resize 100x60"});
    for (auto tid : {"13397", "13398", "13399", "worker-3"}) EXPECT_NE(s.find(tid), std::string::npos) << tid << s;
    EXPECT_NE(s.find("Registers"), std::string::npos);
    EXPECT_NE(s.find("0x7f9b83d9a545"), std::string::npos);
    auto files = open("files");
    ASSERT_TRUE(files);
    s = run(*files, {"tab fds", "resize 120x40"});
    EXPECT_NE(s.find("ghost.txt"), std::string::npos) << s;
    EXPECT_NE(s.find("files-memfd"), std::string::npos) << s;
    auto sockets = open("sockets");
    ASSERT_TRUE(sockets);
    s = run(*sockets, {"tab sockets", "resize 120x30"});
    EXPECT_NE(s.find("/srv/cimg/sockets/listen.sock"), std::string::npos) << s;
    EXPECT_NE(s.find("127.0.0.1:45678"), std::string::npos) << s;
    auto tree = open("tree");
    ASSERT_TRUE(tree);
    s = run(*tree, {"tab pipes", "resize 120x30"});
    EXPECT_NE(s.find("/srv/cimg/tree/fifo"), std::string::npos) << s;
    s = run(*tree, {"tab signals"});
    EXPECT_NE(s.find("SIGINT"), std::string::npos) << s;
    s = run(*tree, {"tab rlimits"});
    EXPECT_NE(s.find("RLIMIT_NOFILE"), std::string::npos) << s;
    s = run(*tree, {"tab cmdline"});
    EXPECT_NE(s.find("/opt/cimg/bin/tree /srv/cimg/tree"), std::string::npos) << s;
    s = run(*tree, {"tab vmas", "select 13299"});
    EXPECT_NE(s.find("[heap]"), std::string::npos) << s;
    EXPECT_NE(s.find("PAGES"), std::string::npos) << s;
}

TEST_F(TuiModelTest, VmaOpensItsBytesAndAbsentPagesAreMarked) {
    auto m = open("mem-1");
    ASSERT_TRUE(m);
    std::string s = run(*m, {"tab vmas", "Tab", "filter 7f4a1b58d000", "Enter"});
    ASSERT_NE(m->memory(), nullptr) << s;
    EXPECT_NE(line(*m, 0).find("7f4a1b58d000-7f4a1c591000"), std::string::npos) << line(*m, 0);
    // Area page 7 was never touched: not in the dump.
    s = run(*m, {"goto 0x7f4a1b595010"});
    EXPECT_EQ(m->memory()->cursor(), 0x7f4a1b595010u);
    EXPECT_NE(selected(*m).find("7f4a1b595010  -- -- --"), std::string::npos) << selected(*m);
    EXPECT_NE(selected(*m).find("<not in dump>"), std::string::npos);
    // Page 8's first word: (8 << 20) ^ 0 ^ 0x5a5a5a5a00000000, little-endian.
    run(*m, {"goto 7f4a1b596000"});
    EXPECT_NE(selected(*m).find("7f4a1b596000  00 00 80 00 5a 5a 5a 5a  01 00 80 00 5a 5a 5a 5a  ....ZZZZ....ZZZZ"),
              std::string::npos)
        << selected(*m);
    run(*m, {"goto 1234"});
    EXPECT_NE(m->status().find("in no VMA"), std::string::npos) << m->status();
    run(*m, {"k", "j", "Home"});
    EXPECT_EQ(m->memory()->cursor(), 0x7f4a1b58d000u);
    run(*m, {"End"});
    EXPECT_EQ(m->memory()->cursor(), 0x7f4a1c591000u - 16);
    run(*m, {"PgUp"});
    EXPECT_EQ(m->memory()->cursor(), 0x7f4a1c591000u - 16 - 22 * 16);
    run(*m, {"PgDn", "Esc"});
    EXPECT_EQ(m->memory(), nullptr);
}

// The texts drawn Selected: in the memory view, the cursor's cell in the hex and the ASCII columns.
std::vector<std::string> selected_cells(TuiModel& m) {
    std::vector<std::string> cells;
    for (const auto& l : m.render().lines)
        for (const auto& seg : l.segments)
            if (seg.style == Style::Selected) cells.push_back(seg.text);
    return cells;
}

// The memory cursor is a byte: Left/Right and h/l move it one byte, j/k a row (its column kept),
// its cell is highlighted in both columns, the status line says its address; g and a search's
// match put it on the byte.
TEST_F(TuiModelTest, MemoryCursorMovesByByte) {
    auto m = open("mem-1");
    ASSERT_TRUE(m);
    run(*m, {"tab vmas", "Tab", "filter 7f4a1b58d000", "Enter", "goto 7f4a1b596005"});
    ASSERT_NE(m->memory(), nullptr);
    EXPECT_EQ(m->memory()->cursor(), 0x7f4a1b596005u);
    EXPECT_EQ(selected_cells(*m), (std::vector<std::string>{"5a", "Z"}));
    EXPECT_NE(m->render().lines.back().text().find("at 7f4a1b596005"), std::string::npos);
    run(*m, {"Right", "l", "l"});
    EXPECT_EQ(m->memory()->cursor(), 0x7f4a1b596008u);
    EXPECT_EQ(selected_cells(*m), (std::vector<std::string>{"01", "."}));
    EXPECT_NE(m->render().lines.back().text().find("at 7f4a1b596008"), std::string::npos);
    run(*m, {"Left", "h"});   // h moves here, it does not go back
    ASSERT_NE(m->memory(), nullptr);
    EXPECT_EQ(m->memory()->cursor(), 0x7f4a1b596006u);
    run(*m, {"j"});
    EXPECT_EQ(m->memory()->cursor(), 0x7f4a1b596016u);
    run(*m, {"k", "k"});
    EXPECT_EQ(m->memory()->cursor(), 0x7f4a1b595ff6u);
    run(*m, {"Home", "h"});   // stays in the VMA
    EXPECT_EQ(m->memory()->cursor(), 0x7f4a1b58d000u);
    run(*m, {"End", "key Right", "goto 7f4a1c590fff", "l"});
    EXPECT_EQ(m->memory()->cursor(), 0x7f4a1c590fffu);
    // An absent byte: its "--" and its place in the note are the cursor's cells.
    run(*m, {"goto 7f4a1b595012"});
    EXPECT_EQ(selected_cells(*m), (std::vector<std::string>{"--", "o"}));
    run(*m, {"goto 7f4a1b596001", "search x:01 00 80 00"});
    EXPECT_EQ(m->memory()->cursor(), 0x7f4a1b596008u);
    EXPECT_EQ(selected_cells(*m), (std::vector<std::string>{"01", "."}));
    // Outside the memory view Left and Right switch tabs, h goes back.
    run(*m, {"Esc", "Right"});
    EXPECT_EQ(m->browser().tab_name(), "fds");
}

TEST_F(TuiModelTest, MemoryViewReadsOnlyTheRowsOnScreen) {
    auto m = open("mem-1");
    ASSERT_TRUE(m);
    run(*m, {"tab vmas", "Tab", "filter 7f4a1b58d000", "Enter"});
    ASSERT_NE(m->memory(), nullptr);
    uint64_t before = m->memory()->bytes_pulled();
    run(*m, {"PgDn"});
    EXPECT_EQ(m->memory()->bytes_pulled() - before, 2 * 22 * 16u);   // two draws of 22 rows of 16 bytes
}

TEST_F(TuiModelTest, SearchCrossesPageBoundariesAndNextPrevWalkMatches) {
    auto m = open("mem-1");
    ASSERT_TRUE(m);
    run(*m, {"tab vmas", "Tab", "filter 7f4a1b58d000", "Enter", "goto 7f4a1b58f000"});
    // The high half of page 1's last word, then the low half of page 2's first: 4 bytes each side.
    run(*m, {"search x:5a 5a 5a 5a 00 00 20 00"});
    EXPECT_NE(m->status().find("at 7f4a1b58fffc"), std::string::npos) << m->status();
    EXPECT_NE(selected(*m).find("7f4a1b58fff0"), std::string::npos) << selected(*m);
    // "5a5a5a5a 0000" from page 1 on is at every page boundary (a word 0 begins each page).
    run(*m, {"goto 7f4a1b58f000", "search x:5a5a5a5a0000"});
    EXPECT_NE(m->status().find("at 7f4a1b58fffc"), std::string::npos) << m->status();
    run(*m, {"n"});
    EXPECT_NE(m->status().find("at 7f4a1b590ffc"), std::string::npos) << m->status();
    run(*m, {"N"});
    EXPECT_NE(m->status().find("at 7f4a1b58fffc"), std::string::npos) << m->status();
    auto bad = m->memory()->search("x:5g");
    EXPECT_NE(bad.find("not a hex byte"), std::string::npos) << bad;
}

TEST_F(TuiModelTest, SearchFindsTheEnvironmentAcrossVmasAndEscCancels) {
    auto m = open("tree");
    ASSERT_TRUE(m);
    run(*m, {"tab vmas", "Tab", "j", "Enter", "search CIMG_SCENARIO=tree"});
    EXPECT_NE(m->status().find("CIMG_SCENARIO=tree at 7"), std::string::npos) << m->status();
    EXPECT_NE(line(*m, 0).find("[stack]"), std::string::npos) << line(*m, 0);   // moved to the stack VMA
    // A search is started but not run: Esc cancels it, other keys wait.
    m->press('/');
    for (char c : std::string("no-such-text-here")) m->press(c);
    m->press(kKeyEnter);
    ASSERT_TRUE(m->busy());
    m->press('j');
    EXPECT_TRUE(m->busy());
    EXPECT_NE(m->status().find("Esc cancels"), std::string::npos);
    m->press(kKeyEscape);
    EXPECT_FALSE(m->busy());
    EXPECT_EQ(m->status(), "search cancelled");
    // The slices: a search runs a bounded amount of bytes at a time and reports progress.
    run(*m, {"Home", "search no-such-text-here"});
    EXPECT_NE(m->status().find("not found after the cursor"), std::string::npos) << m->status();
}

TEST_F(TuiModelTest, ImagesTabOpensFoldableJson) {
    auto m = open("tree");
    ASSERT_TRUE(m);
    std::string s = run(*m, {"tab images", "Tab", "filter core-13297", "Enter"});
    EXPECT_NE(line(*m, 0).find("core-13297.img"), std::string::npos) << s;
    EXPECT_NE(s.find("magic: \"CORE\""), std::string::npos) << s;
    EXPECT_NE(s.find("+ thread_info: {...} 4 fields"), std::string::npos) << s;
    run(*m, {"filter thread_info", "Space"});
    s = m->render().text();
    EXPECT_NE(s.find("- thread_info: {"), std::string::npos) << s;
    EXPECT_NE(s.find("gpregs"), std::string::npos) << s;
    run(*m, {"Enter"});   // Enter folds too
    EXPECT_NE(m->render().text().find("+ thread_info"), std::string::npos);
    run(*m, {"Esc", "filter pages-1.img", "Enter"});   // raw pages have no entries to decode
    EXPECT_NE(m->status().find("pages-1.img"), std::string::npos) << m->status();
}

// Opening an image is a sliced job: one entry (at least) per slice, progress on the screen, other
// keys wait, Esc drops it; the tree it ends with is the one decoded in one go.
TEST_F(TuiModelTest, ImageDecodesInSlicesShowingProgressAndEscCancels) {
    auto m = open("tree");
    ASSERT_TRUE(m);
    run(*m, {"tab images", "Tab", "filter files.img"});
    m->press(kKeyEnter);
    ASSERT_TRUE(m->busy());
    m->work(1);   // a slice of one byte's budget decodes one entry
    std::string s = m->render().text();
    EXPECT_NE(s.find("decoding files.img ... "), std::string::npos) << s;
    EXPECT_NE(s.find("of 3 KiB, 1 entries (Esc cancels)"), std::string::npos) << s;
    m->press('j');   // waits
    ASSERT_TRUE(m->busy());
    m->press(kKeyEscape);
    EXPECT_FALSE(m->busy());
    EXPECT_EQ(m->status(), "decoding files.img cancelled");
    EXPECT_NE(line(*m, 0).find("tab images"), std::string::npos) << line(*m, 0);
    // Again, to its end: 35 entries, then the slice that finds no more.
    m->resize(120, 200);
    uint64_t before = m->work_stats().slices;
    m->press(kKeyEnter);
    while (m->busy()) m->work(1);
    EXPECT_EQ(m->work_stats().slices - before, 36u);
    auto whole = JsonTreePanel::open(m->dump(), "files.img");
    ASSERT_TRUE(whole.ok());
    Screen screen = m->render();
    ASSERT_GT((*whole)->size(), 35u);
    for (size_t i = 0; i < (*whole)->size() && i + 2 < screen.lines.size(); ++i) {
        std::string shown = screen.lines[i + 1].text();
        shown.erase(shown.find_last_not_of(' ') + 1);
        EXPECT_EQ(shown, (*whole)->row(i).text()) << i;
    }
}

// A table wider than the screen scrolls sideways with < and >, its header with its rows, up to
// where its widest line ends; the other pane stays.
TEST_F(TuiModelTest, WideTableScrollsSideways) {
    auto m = open("tree");
    ASSERT_TRUE(m);
    run(*m, {"tab vmas", "Tab", "filter libc.so.6"});
    auto find_line = [&](const std::string& what) -> std::string {
        for (const auto& l : m->render().lines)
            if (l.text().find(what) != std::string::npos) return l.text();
        return "";
    };
    std::string header = find_line("ADDRESS"), task = line(*m, 2);
    ASSERT_EQ(header.substr(0, 7), "ADDRESS");
    EXPECT_EQ(find_line("libc.so.6 + 0x1cf000"), "");   // 108 columns: cut at 80
    m->press('>');
    std::string shifted = find_line("PROT");
    EXPECT_EQ(shifted.substr(0, 72), header.substr(8, 72)) << shifted;
    EXPECT_EQ(line(*m, 2), task);
    for (int i = 0; i < 10; ++i) m->press('>');
    std::string end = find_line("libc.so.6 + 0x1cf000");
    ASSERT_NE(end, "");
    EXPECT_EQ(end.find("libc.so.6 + 0x1cf000"), 80u - std::string("libc.so.6 + 0x1cf000").size()) << end;
    for (int i = 0; i < 10; ++i) m->press('<');
    EXPECT_EQ(find_line("ADDRESS"), header);
}

// Within one entry too: an mm entry (one entry, a value per field) decoded 50 values a slice ends
// as the tree decoded in one go; a job dropped half-way through an entry ends cleanly.
TEST_F(TuiModelTest, ImageDecodingSlicesWithinAnEntry) {
    auto m = open("tree");
    ASSERT_TRUE(m);
    auto job = JsonDecodeJob::open(m->dump(), "mm-13295.img", 50);
    ASSERT_TRUE(job.ok());
    auto first = (*job)->step(UINT64_MAX);
    ASSERT_TRUE(first.ok());
    EXPECT_FALSE(*first);
    EXPECT_NE((*job)->progress().find(", 0 entries"), std::string::npos) << (*job)->progress();
    size_t slices = 1;
    for (auto r = first; !*r; ++slices) {
        r = (*job)->step(UINT64_MAX);
        ASSERT_TRUE(r.ok());
    }
    EXPECT_GT(slices, 5u);
    auto sliced = (*job)->take_panel();
    auto whole = JsonTreePanel::open(m->dump(), "mm-13295.img");
    ASSERT_TRUE(sliced && whole.ok());
    ASSERT_EQ(sliced->size(), (*whole)->size());
    for (size_t i = 0; i < sliced->size(); ++i) EXPECT_EQ(sliced->row(i).text(), (*whole)->row(i).text()) << i;
    auto dropped = JsonDecodeJob::open(m->dump(), "mm-13295.img", 50);
    ASSERT_TRUE(dropped.ok());
    ASSERT_TRUE((*dropped)->step(UINT64_MAX).ok());
    dropped->reset();   // stops the decoding thread mid-entry
}

TEST_F(TuiModelTest, ResizesKeepEveryLineTheScreensWidth) {
    auto m = open("tree");
    ASSERT_TRUE(m);
    expect_shape(m->render(), 80, 24);
    m->resize(100, 30);
    expect_shape(m->render(), 100, 30);
    m->resize(40, 10);
    Screen small = m->render();
    expect_shape(small, 40, 10);
    EXPECT_NE(small.text().find("13295"), std::string::npos);
    run(*m, {"tab vmas", "Tab", "j", "Enter"});
    expect_shape(m->render(), 40, 10);
    m->resize(132, 50);
    expect_shape(m->render(), 132, 50);
}

TEST_F(TuiModelTest, PidOptionSelectsTheTask) {
    TuiOptions o;
    o.pid = 13298;
    auto m = open("tree", o);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->browser().selected_pid(), 13298u);
    o.pid = 1;
    auto s = img::test::shared_dir();
    auto bad = TuiModel::open(*s + "/criu-images/tree", o);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message().find("no task 1"), std::string::npos);
}

TEST_F(TuiModelTest, DiffModeMarksTasksAndListsDifferences) {
    auto s = img::test::shared_dir();
    auto m = TuiModel::open_diff(*s + "/criu-images/mem-1", *s + "/criu-images/mem-2", TuiOptions{});
    ASSERT_TRUE(m.ok()) << m.error().message();
    TuiModel& tui = **m;
    // The first screen comes at once: A's panes, and the comparison's progress, a step at a time.
    ASSERT_TRUE(tui.busy());
    std::string text = tui.render().text();
    EXPECT_NE(text.find("13438"), std::string::npos) << text;
    EXPECT_NE(text.find("comparing with mem-2: step 1 of ?, the files (Esc cancels)"), std::string::npos) << text;
    tui.work(TuiModel::kSliceBytes);
    EXPECT_NE(tui.status().find("step 2 of 4, task 13438"), std::string::npos) << tui.status();
    tui.press('j');   // waits for the comparison
    EXPECT_NE(tui.status().find("step 2 of 4"), std::string::npos) << tui.status();
    tui.work(TuiModel::kSliceBytes);
    EXPECT_NE(tui.status().find("step 3 of 4, the pages of task 13438"), std::string::npos) << tui.status();
    while (tui.busy()) tui.work(TuiModel::kSliceBytes);
    EXPECT_EQ(tui.browser().tab_name(), "diff");
    text = run(tui, {"resize 120x40"});
    EXPECT_NE(text.find("*  13438  bigmem"), std::string::npos) << text;
    // The area's 41 rewritten pages plus 2 anonymous ones after it (see criu-images/README.md).
    EXPECT_NE(text.find("7f4a1b58d000-7f4a1c591000 anonymous rw-: 43 changed, 0 added, 0 removed"), std::string::npos)
        << text;
    EXPECT_NE(text.find("~ registers  thread 13438 /thread_info/gpregs/r12: \"0x0\" -> \"0x29\""), std::string::npos) << text;
    EXPECT_NE(text.find("image inventory.img /entries/0/dump_criu_run_id"), std::string::npos) << text;
    text = run(tui, {"Tab", "filter pages"});
    EXPECT_EQ(text.find("registers"), std::string::npos) << text;
    // The vmas tab marks the five VMAs whose pages differ, and only them.
    text = run(tui, {"tab vmas"});
    EXPECT_NE(text.find("* 7f4a1b58d000-7f4a1c591000"), std::string::npos) << text;
    EXPECT_NE(text.find("* 5615e48a2000-5615e48c3000"), std::string::npos) << text;
    size_t marked = 0;
    for (size_t at = text.find("\n* "); at != std::string::npos; at = text.find("\n* ", at + 1))
        if (text[at + 3] != ' ') ++marked;   // a VMA row ("* 7f4a..."), not the task's ("*  13438")
    EXPECT_EQ(marked, 5u) << text;
    EXPECT_NE(text.find("\n  ffffffffff600000-ffffffffff601000"), std::string::npos) << text;   // unmarked
    // Identical dumps: nothing marked, nothing listed.
    auto same = TuiModel::open_diff(*s + "/criu-images/tree", *s + "/criu-images/tree", TuiOptions{});
    ASSERT_TRUE(same.ok());
    while ((*same)->busy()) (*same)->work(TuiModel::kSliceBytes);
    text = (*same)->render().text();
    EXPECT_NE(text.find("the dumps are identical"), std::string::npos) << text;
    EXPECT_EQ(text.find("*  1329"), std::string::npos) << text;
    EXPECT_NE(text.find("no difference"), std::string::npos) << text;
}

TEST_F(TuiModelTest, DiffModeEscCancelsTheComparison) {
    auto s = img::test::shared_dir();
    auto m = TuiModel::open_diff(*s + "/criu-images/mem-1", *s + "/criu-images/mem-2", TuiOptions{});
    ASSERT_TRUE(m.ok()) << m.error().message();
    (*m)->work(TuiModel::kSliceBytes);
    (*m)->press(kKeyEscape);
    EXPECT_FALSE((*m)->busy());
    EXPECT_EQ((*m)->status(), "comparison cancelled: the panes show the first dump alone");
    std::string text = (*m)->render().text();
    EXPECT_EQ(text.find(" diff"), std::string::npos) << text;   // no diff tab
    EXPECT_EQ(text.find("*  13438"), std::string::npos) << text;
}

// The mouse, as the painter hands it over: rows count from the title line (0), as ncurses does.
// At 80x24 the tree dump's task pane is rows 1-5 (header, 4 tasks), the tab bar row 6, the detail
// pane from row 7 (its header) on.
TEST_F(TuiModelTest, ClickSelectsARowAndFocusesItsPane) {
    auto m = open("tree");
    ASSERT_TRUE(m);
    run(*m, {"click 3 5"});
    EXPECT_NE(selected(*m).find(" 13297 "), std::string::npos) << selected(*m);
    EXPECT_NE(line(*m, 0).find("task 13297"), std::string::npos) << line(*m, 0);
    run(*m, {"tab vmas", "click 12 3"});
    EXPECT_FALSE(m->browser().tasks_focused());
    EXPECT_EQ(selected(*m).rfind("555590813000-555590814000", 0), 0u) << selected(*m);
    run(*m, {"Enter"});
    ASSERT_TRUE(m->memory());
    EXPECT_EQ(m->memory()->cursor(), 0x555590813000u);
    run(*m, {"Esc", "click 2 5"});   // back on the task pane, its first task
    EXPECT_TRUE(m->browser().tasks_focused());
    EXPECT_EQ(m->browser().selected_pid(), 13295u);
    // The header, the title, the status line and the blank lines below the overview select nothing.
    run(*m, {"tab overview", "click 1 5", "click 0 5", "click 23 5", "click 21 3"});
    EXPECT_EQ(m->browser().selected_pid(), 13295u);
    EXPECT_TRUE(m->browser().tasks_focused());
}

TEST_F(TuiModelTest, ClickOnATabsNameSwitchesToIt) {
    auto m = open("tree");
    ASSERT_TRUE(m);
    std::string bar = line(*m, 6);
    auto files = bar.find("files");
    ASSERT_NE(files, std::string::npos) << bar;
    run(*m, {"click 6 " + std::to_string(files + 4)});
    EXPECT_EQ(m->browser().tab_name(), "files");
    run(*m, {"click 6 " + std::to_string(files - 1)});   // the space before it
    EXPECT_EQ(m->browser().tab_name(), "files");
    run(*m, {"click 6 0"});   // "overview", from column 0
    EXPECT_EQ(m->browser().tab_name(), "overview");
}

TEST_F(TuiModelTest, WheelScrollsThePaneUnderThePointerByThreeRows) {
    auto m = open("tree");
    ASSERT_TRUE(m);
    run(*m, {"select 13297", "tab vmas"});
    std::string fourth = line(*m, 11);
    run(*m, {"wheel 15 down"});
    EXPECT_EQ(line(*m, 8), fourth);
    EXPECT_TRUE(m->browser().tasks_focused());   // the wheel moves no focus
    run(*m, {"wheel 20 up"});
    EXPECT_EQ(line(*m, 8).rfind("exe", 0), 0u) << line(*m, 8);
    // The task pane shows all four tasks: the wheel moves its selection instead.
    run(*m, {"select 13295", "wheel 2 down"});
    EXPECT_EQ(m->browser().selected_pid(), 13299u);
    run(*m, {"wheel 4 up"});
    EXPECT_EQ(m->browser().selected_pid(), 13295u);
}

TEST_F(TuiModelTest, MouseInTheMemoryViewHelpAndPrompts) {
    auto m = open("tree");
    ASSERT_TRUE(m);
    run(*m, {"select 13297", "tab vmas", "click 10 3", "Enter"});
    ASSERT_TRUE(m->memory());
    uint64_t at = m->memory()->cursor();
    run(*m, {"wheel 5 down"});
    EXPECT_EQ(m->memory()->cursor(), at + 3 * 16);
    run(*m, {"click 5 5"});
    EXPECT_EQ(m->memory()->cursor(), at + 3 * 16);
    EXPECT_NE(m->status().find("the keys move the cursor"), std::string::npos) << m->status();
    run(*m, {"Esc", "?", "click 4 3"});
    EXPECT_EQ(selected(*m), line(*m, 4));
    run(*m, {"Esc", "/"});
    m->mouse(Mouse{Mouse::Kind::Click, 3, 5});
    EXPECT_TRUE(m->prompting());   // the prompt keeps the keyboard and ignores the mouse
    std::string out;
    EXPECT_FALSE(run_batch_command(*m, "click x 3", out).ok());
    EXPECT_FALSE(run_batch_command(*m, "wheel 3 sideways", out).ok());
    EXPECT_FALSE(run_batch_command(*m, "click 3", out).ok());
}

TEST(TuiManPage, KeyTableIsTheKeymaps) {
    std::string man = img::test::slurp(img::test::source_dir() + "/man/img-tui.1");
    auto begin = man.find(".\\\" keys begin\n"), end = man.find(".\\\" keys end\n");
    ASSERT_NE(begin, std::string::npos);
    ASSERT_NE(end, std::string::npos);
    begin += std::string(".\\\" keys begin\n").size();
    EXPECT_EQ(man.substr(begin, end - begin), man_key_table())
        << "man/img-tui.1's key table differs from the keymap; the table to paste:\n" << man_key_table();
    begin = man.find(".\\\" mouse begin\n");
    end = man.find(".\\\" mouse end\n");
    ASSERT_NE(begin, std::string::npos);
    ASSERT_NE(end, std::string::npos);
    begin += std::string(".\\\" mouse begin\n").size();
    EXPECT_EQ(man.substr(begin, end - begin), man_mouse_table())
        << "man/img-tui.1's MOUSE table differs from the help screen's; the table to paste:\n" << man_mouse_table();
}

}  // namespace
