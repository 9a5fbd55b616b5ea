#include "model/tui_model.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "model/diff_panel.h"
#include "model/help_screen.h"
#include "model/json_tree_panel.h"
#include "model/key.h"
#include "model/lines_panel.h"
#include "model/panel_view.h"

namespace img::tui {

namespace {

// A dump's path or label as the title shows it: its last component.
std::string short_label(std::string label) {
    while (label.size() > 1 && label.back() == '/') label.pop_back();
    if (auto slash = label.rfind('/'); slash != std::string::npos && slash + 1 < label.size()) label.erase(0, slash + 1);
    return label;
}

}  // namespace

Expected<std::unique_ptr<TuiModel>> TuiModel::open(const std::string& path, const TuiOptions& o) {
    auto dump = Checkpoint::open(path);
    if (!dump) return std::move(dump.error());
    auto tasks = TaskPane::build(**dump);
    if (!tasks) return std::move(tasks.error().in_file(path));
    if ((*tasks)->task_count() == 0) return make_error(path + ": the dump has no tasks");
    auto m = std::make_unique<TuiModel>(std::move(*dump), std::move(*tasks), o);
    if (o.pid && !m->browser_.select_pid(*o.pid)) return make_error(fmt::format("{}: no task {} in the dump", path, *o.pid));
    return m;
}

Expected<std::unique_ptr<TuiModel>> TuiModel::open_diff(const std::string& a, const std::string& b, const TuiOptions& o) {
    auto m = open(a, o);
    if (!m) return m;
    auto other = Checkpoint::open(b);
    if (!other) return std::move(other.error());
    TuiModel& t = **m;
    t.other_ = std::move(*other);
    t.diff_job_ = std::make_unique<DiffJob>(*t.dump_, *t.other_, short_label(b));
    t.status_ = t.diff_job_->progress();
    return m;
}

// The comparison's result on the panes: tasks and VMAs that differ marked, and the diff tab.
void TuiModel::show_diff(std::shared_ptr<const DiffResult> diff) {
    for (const auto& d : diff->differences)
        if (auto pid = task_of(d.where)) browser_.tasks().mark(*pid, '*');
    for (const auto& p : diff->pages) browser_.tasks().mark(p.pid, '*');
    browser_.set_vma_marker([diff](uint32_t pid, uint64_t start) {
        for (const auto& p : diff->pages)
            if (p.pid == pid && p.start == start) return '*';
        return ' ';
    });
    browser_.add_tab("diff", [diff](uint32_t pid) { return std::make_unique<DiffPanel>(diff, pid); });
    browser_.select_tab("diff");
    status_ = diff->identical() ? "the dumps are identical"
                                : fmt::format("{} differences, {} VMAs with differing pages (* marks tasks)",
                                              diff->differences.size(), diff->pages.size());
}

TuiModel::TuiModel(std::unique_ptr<Checkpoint> dump, std::unique_ptr<TaskPane> tasks, const TuiOptions& o)
    : dump_(std::move(dump)), browser_(*dump_, std::move(tasks)), width_(o.width), height_(o.height) {
    browser_.layout(body_height());
}

TuiModel::Page TuiModel::panel_page(std::unique_ptr<Panel> panel) {
    Page p;
    p.panel = std::move(panel);
    return p;
}

void TuiModel::resize(int width, int height) {
    width_ = std::max(width, 1);
    height_ = std::max(height, 1);
    browser_.layout(body_height());
}

MemoryPage* TuiModel::memory() { return pages_.empty() ? nullptr : pages_.back().memory.get(); }

bool TuiModel::busy() const {
    if (diff_job_) return true;
    if (pages_.empty()) return false;
    const Page& p = pages_.back();
    return p.decode || (p.memory && p.memory->busy());
}

void TuiModel::work(uint64_t budget) {
    if (!busy()) return;
    auto t0 = std::chrono::steady_clock::now();
    if (diff_job_) {
        diff_work();
    } else if (pages_.back().decode) {
        decode_work(budget);
    } else if (auto* m = memory()) {
        m->work(budget);
        status_ = m->status();
    }
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    ++stats_.slices;
    stats_.total_ms += ms;
    stats_.longest_ms = std::max(stats_.longest_ms, ms);
}

void TuiModel::decode_work(uint64_t budget) {
    Page& p = pages_.back();
    auto done = p.decode->step(budget);
    if (!done) {
        status_ = done.error().message();
        pages_.pop_back();
    } else if (*done) {
        p.panel = p.decode->take_panel();
        p.decode.reset();
        status_.clear();
    } else {
        status_ = p.decode->progress();
    }
}

void TuiModel::diff_work() {
    auto done = diff_job_->step();
    if (!done) {
        status_ = "the comparison failed: " + done.error().message();
        diff_job_.reset();
    } else if (*done) {
        auto diff = diff_job_->take();
        diff_job_.reset();
        show_diff(std::move(diff));
    } else {
        status_ = diff_job_->progress();
    }
}

std::string TuiModel::job_progress() const {
    if (diff_job_) return diff_job_->progress();
    if (pages_.back().decode) return pages_.back().decode->progress();
    return "a search is running: Esc cancels it";
}

void TuiModel::cancel_job() {
    if (diff_job_) {
        diff_job_.reset();
        status_ = "comparison cancelled: the panes show the first dump alone";
        return;
    }
    Page& p = pages_.back();
    if (p.decode) {
        status_ = "decoding " + p.decode->name() + " cancelled";
        pages_.pop_back();
        return;
    }
    memory()->cancel();
    status_ = memory()->status();
}

void TuiModel::press(int key) {
    if (prompt_ != Prompt::None) return prompt_key(key);
    if (busy()) {
        if (key == kKeyEscape) cancel_job();
        else status_ = job_progress();
        return;
    }
    auto c = command_for_key(key, memory() != nullptr);
    if (!c) {
        status_ = "key " + key_name(key) + " does nothing here (? for help)";
        return;
    }
    run(*c);
}

void TuiModel::mouse(const Mouse& e) {
    if (prompt_ != Prompt::None) return;   // the prompt keeps its text; Enter or Esc ends it
    if (busy()) {
        status_ = job_progress();
        return;
    }
    status_.clear();
    if (e.row < 1 || static_cast<size_t>(e.row) > body_height() || e.col < 0) return;   // title, status line
    auto line = static_cast<size_t>(e.row - 1), col = static_cast<size_t>(e.col);
    long delta = e.kind == Mouse::Kind::WheelUp ? -kWheelRows : kWheelRows;
    bool click = e.kind == Mouse::Kind::Click;
    if (pages_.empty()) return click ? browser_.click(line, col) : browser_.wheel(line, delta);
    Page& p = pages_.back();
    if (p.memory) {
        if (click) status_ = "in the memory view the keys move the cursor; the wheel scrolls";
        for (long i = 0; !click && i < kWheelRows; ++i) p.memory->command(delta < 0 ? Command::Up : Command::Down, body_height());
        if (!click) status_ = p.memory->status();
    } else if (p.panel && click) {
        if (auto row = row_at(*p.panel, p.cursor, line)) p.cursor.pos = *row;
    } else if (p.panel) {
        p.cursor.scroll(delta, p.panel->size(), p.rows);
    }
}

void TuiModel::prompt_key(int key) {
    if (key == kKeyEnter) {
        Prompt kind = prompt_;
        prompt_ = Prompt::None;
        answer(kind, prompt_text_);
    } else if (key == kKeyEscape) {
        prompt_ = Prompt::None;
        status_.clear();
    } else if (key == kKeyBackspace) {
        while (!prompt_text_.empty() && (static_cast<unsigned char>(prompt_text_.back()) & 0xc0) == 0x80) prompt_text_.pop_back();
        if (!prompt_text_.empty()) prompt_text_.pop_back();
    } else if (is_text_key(key) && key < kKeyUp) {
        prompt_text_ += key_utf8(key);
    }
}

void TuiModel::answer(Prompt kind, const std::string& text) {
    status_.clear();
    if (kind == Prompt::Search || kind == Prompt::Goto) {
        MemoryPage* m = memory();
        if (!m) return;
        status_ = kind == Prompt::Search ? m->search(text) : m->go_to(text);
        if (status_.empty()) status_ = m->status();
        return;
    }
    if (!pages_.empty()) {
        pages_.back().panel->set_filter(text);
        if (auto hit = pages_.back().panel->find(pages_.back().cursor.pos, true)) pages_.back().cursor.pos = *hit;
        return;
    }
    browser_.set_filter(text);
    if (!text.empty()) status_ = "filter: " + text + " (/ then Enter on nothing clears it)";
}

void TuiModel::start_prompt(Command c) {
    bool mem = memory() != nullptr;
    if (c == Command::Goto && !mem) {
        status_ = "g goes to an address in the memory view (Enter on a VMA opens it)";
        return;
    }
    prompt_ = c == Command::Goto ? Prompt::Goto : mem ? Prompt::Search : Prompt::Filter;
    prompt_text_.clear();
}

void TuiModel::run(Command c) {
    status_.clear();
    if (c == Command::Quit) {
        quit_ = true;
        return;
    }
    if (c == Command::Help) {
        bool on_help = !pages_.empty() && pages_.back().panel && pages_.back().panel->title() == "help";
        if (!on_help) pages_.push_back(panel_page(std::make_unique<LinesPanel>("help", help_lines())));
        return;
    }
    if (c == Command::Filter || c == Command::Goto) return start_prompt(c);
    if (!pages_.empty()) return page_command(pages_.back(), c);
    if (auto target = browser_.command(c, status_)) open(*target);
}

void TuiModel::page_command(Page& p, Command c) {
    if (c == Command::Back) {
        pages_.pop_back();
        return;
    }
    if (p.memory) {
        if (p.memory->command(c, body_height())) status_ = p.memory->status();
        else status_ = "not in the memory view: Esc goes back";
        return;
    }
    if (navigate(c, *p.panel, p.cursor, p.rows, status_)) return;
    if (c == Command::Fold || c == Command::Open) {
        if (!p.panel->toggle_fold(p.cursor.pos)) status_ = "nothing to fold here";
        return;
    }
    status_ = "Esc goes back";
}

void TuiModel::open(const OpenTarget& t) {
    if (t.kind == OpenTarget::Kind::Memory) {
        auto page = MemoryPage::open(*dump_, t.pid, t.addr);
        if (!page) {
            status_ = page.error().message();
            return;
        }
        Page p;
        p.memory = std::move(*page);
        pages_.push_back(std::move(p));
        return;
    }
    auto job = JsonDecodeJob::open(*dump_, t.image);
    if (!job) {
        status_ = job.error().message();
        return;
    }
    Page p;
    p.decode = std::move(*job);
    status_ = p.decode->progress();
    pages_.push_back(std::move(p));
}

}  // namespace img::tui

namespace img::tui {

StyledLine TuiModel::title_line() const {
    std::string where;
    if (pages_.empty()) where = fmt::format("task {}  tab {}", browser_.selected_pid(), browser_.tab_name());
    else if (pages_.back().memory) where = pages_.back().memory->title();
    else if (pages_.back().decode) where = pages_.back().decode->name();
    else where = pages_.back().panel->title();
    return StyledLine(fmt::format("img-tui  {}  |  {}", short_label(dump_->label()), where), Style::Title);
}

StyledLine TuiModel::status_line() const {
    switch (prompt_) {
        case Prompt::Filter: return StyledLine("filter: " + prompt_text_ + "_", Style::Status);
        case Prompt::Search: return StyledLine("search (text, or x:HEX): " + prompt_text_ + "_", Style::Status);
        case Prompt::Goto: return StyledLine("goto address (hex): " + prompt_text_ + "_", Style::Status);
        case Prompt::None: break;
    }
    if (!status_.empty()) return StyledLine(status_, Style::Status);
    if (!pages_.empty() && pages_.back().memory)
        return StyledLine(fmt::format("at {:x}  h/l j/k PgUp/PgDn move  g goto  / search  n/N  Esc back  ? help",
                                      pages_.back().memory->cursor()), Style::Status);
    if (!pages_.empty()) return StyledLine("j/k move  Space fold  / find  n/N next/prev  Esc back  ? help  q quit", Style::Status);
    return StyledLine("j/k move  Tab pane  Left/Right tab  Enter open  Space fold  / filter  ? help  q quit", Style::Status);
}

Screen TuiModel::render() {
    Screen s;
    s.width = width_;
    s.height = height_;
    auto w = static_cast<size_t>(width_);
    std::vector<StyledLine> body;
    size_t bh = body_height();
    if (pages_.empty()) {
        browser_.draw(body, w, bh);
    } else if (auto& p = pages_.back(); p.memory) {
        p.memory->draw(body, w, bh);
    } else if (p.decode) {
        body.push_back(StyledLine(p.decode->progress(), Style::Dim));
    } else {
        p.rows = panel_rows(*p.panel, bh);
        draw_panel(body, *p.panel, p.cursor, true, bh, w);
    }
    body.resize(bh);
    if (height_ >= 2) s.lines.push_back(fit(title_line(), w));
    for (auto& line : body) s.lines.push_back(fit(line, w));
    s.lines.push_back(fit(status_line(), w));
    s.lines.resize(static_cast<size_t>(height_));
    return s;
}

}  // namespace img::tui
