// TuiModel: the whole state of img-tui without a terminal: the browser, the views opened over it
// (memory, an image's JSON, help), the prompt, the status line. Keys go in (press), a screen of
// styled lines comes out (render); the ncurses painter and --batch drive the same model.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "img/model/checkpoint.h"
#include "img/support/error.h"
#include "model/browser.h"
#include "model/diff_job.h"
#include "model/json_decode_job.h"
#include "model/keymap.h"
#include "model/list_cursor.h"
#include "model/memory_page.h"
#include "model/mouse.h"
#include "model/panel.h"
#include "model/styled_line.h"

namespace img::tui {

struct TuiOptions {
    std::optional<uint32_t> pid;   // the task selected first
    int width = 80, height = 24;
};

class TuiModel {
public:
    // Opens a dump directory or archive: an Error naming it when it is unreadable or has no tasks.
    static Expected<std::unique_ptr<TuiModel>> open(const std::string& path, const TuiOptions& o);
    // Diff mode: the panes of A, tasks that differ from B marked, and a diff tab with img-diff's
    // results for the selected task. An Error naming a dump that cannot be read or compared.
    static Expected<std::unique_ptr<TuiModel>> open_diff(const std::string& a, const std::string& b, const TuiOptions& o);
    TuiModel(std::unique_ptr<Checkpoint> dump, std::unique_ptr<TaskPane> tasks, const TuiOptions& o);

    void press(int key);          // a key, through the prompt or the keymap
    void run(Command c);          // a command by itself
    void mouse(const Mouse& e);   // a click or the wheel, resolved against the last render()
    void resize(int width, int height);
    Screen render();

    bool quit() const { return quit_; }
    // A job runs: a memory search, the decoding of an image being opened, or (--diff) the
    // comparison, its result shown when complete. Keys other than Esc
    // (which cancels it) wait; the painter and --batch call work() between key reads.
    bool busy() const;
    void work(uint64_t budget);   // runs it for up to `budget` bytes (one slice)
    static constexpr uint64_t kSliceBytes = 1u << 20;   // what a slice takes
    // How long the terminal loop runs slices before it looks at the keyboard again. It finishes
    // the slice in progress, so a key waits at most this plus the longest slice: 25 ms plus a slice
    // of a few ms (bench/tui.sh measures the longest) stays well under the 100 ms target, where 50 ms
    // plus a slow slice came near it.
    static constexpr int kInputBudgetMs = 25;
    struct WorkStats {
        uint64_t slices = 0;
        double longest_ms = 0, total_ms = 0;
    };
    const WorkStats& work_stats() const { return stats_; }   // every work() so far, timed
    const std::string& status() const { return status_; }

    Browser& browser() { return browser_; }
    Checkpoint& dump() { return *dump_; }
    MemoryPage* memory();         // the memory view when it is on top
    bool prompting() const { return prompt_ != Prompt::None; }

private:
    enum class Prompt { None, Filter, Search, Goto };
    struct Page {   // a view over the browser: a panel (help, JSON) or the memory view
        std::unique_ptr<Panel> panel;
        ListCursor cursor;
        size_t rows = 1;
        std::unique_ptr<MemoryPage> memory;
        std::unique_ptr<JsonDecodeJob> decode;   // an image being decoded: the panel comes after
    };
    static Page panel_page(std::unique_ptr<Panel> panel);
    void prompt_key(int key);
    void cancel_job();
    std::string job_progress() const;
    void decode_work(uint64_t budget);
    void diff_work();
    void show_diff(std::shared_ptr<const DiffResult> diff);
    void answer(Prompt kind, const std::string& text);
    void page_command(Page& p, Command c);
    void open(const OpenTarget& t);
    void start_prompt(Command c);
    StyledLine title_line() const;
    StyledLine status_line() const;
    size_t body_height() const { return height_ > 2 ? static_cast<size_t>(height_) - 2 : 0; }

    std::unique_ptr<Checkpoint> dump_;
    std::unique_ptr<Checkpoint> other_;   // diff mode: B
    std::unique_ptr<DiffJob> diff_job_;    // diff mode, until the comparison is complete
    Browser browser_;
    std::vector<Page> pages_;
    int width_, height_;
    Prompt prompt_ = Prompt::None;
    std::string prompt_text_;
    std::string status_;
    bool quit_ = false;
    WorkStats stats_;
};

}  // namespace img::tui
