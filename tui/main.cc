// img-tui: parse options, open the checkpoint (errors before the terminal is touched), then run
// the model headless (--batch) or under the ncurses painter.
#include <chrono>
#include <clocale>
#include <cstdio>

#include <fmt/format.h>

#include "common/command_line.h"
#include "common/exit_code.h"
#include "curses/key_input.h"
#include "curses/painter.h"
#include "curses/terminal.h"
#include "model/batch_script.h"
#include "model/tui_model.h"
#include "options.h"

namespace {

int fail(const std::string& what) {
    std::fflush(stdout);
    fmt::print(stderr, "img-tui: {}\n", what);
    return img::kExitError;
}

// A running job (a search, an image's decoding) gets slices for TuiModel::kInputBudgetMs (25 ms)
// between looks at the keyboard; the slice under way ends first, so a key waits at most 25 ms plus
// the longest slice (its `stats` line says how long that was).
void work_slice(img::tui::TuiModel& m) {
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(img::tui::TuiModel::kInputBudgetMs);
    while (m.busy() && std::chrono::steady_clock::now() < until) m.work(img::tui::TuiModel::kSliceBytes);
}

int interactive(img::tui::TuiModel& m, bool mouse) {
    img::tui::Terminal term;
    std::string error;
    if (!term.start(error, mouse)) return fail(error);
    img::tui::Painter painter(term.colour());
    m.resize(term.width(), term.height());
    painter.paint(m.render());
    while (!m.quit()) {
        if (m.busy()) {
            work_slice(m);
            painter.paint(m.render());   // progress, or the search's end
        }
        img::tui::Mouse mouse_event;
        int key = img::tui::read_key(m.busy() ? 0 : -1, mouse_event);
        if (key == img::tui::kNoKey) continue;
        if (key == img::tui::kMouse) m.mouse(mouse_event);
        else if (key == img::tui::kResized) m.resize(term.width(), term.height());
        else m.press(key);
        painter.paint(m.render());
    }
    return img::kExitOk;
}

int run(const TuiToolOptions& o) {
    if (o.diff != (o.inputs.size() == 2)) return fail("--diff takes two checkpoints (A B); without it, one");
    if (!o.commands.empty() && !o.batch) return fail("-c goes with --batch");
    img::tui::TuiOptions to;
    to.pid = o.pid;
    if (!parse_size(o.size, to.width, to.height)) return fail("--size '" + o.size + "' is not WxH (20x5 to 1000x1000)");
    auto model = o.diff ? img::tui::TuiModel::open_diff(o.inputs[0], o.inputs[1], to)
                        : img::tui::TuiModel::open(o.inputs[0], to);
    if (!model) return fail(model.error().message());
    if (!o.batch) return interactive(**model, !o.no_mouse);
    auto out = img::tui::run_batch(**model, o.commands);
    if (!out) return fail(out.error().message());
    std::fwrite(out->data(), 1, out->size(), stdout);
    return std::fflush(stdout) == 0 ? img::kExitOk : fail("cannot write to standard output");
}

}  // namespace

int main(int argc, char** argv) {
    std::setlocale(LC_ALL, "");
    CLI::App app{"", "img-tui"};
    TuiToolOptions o;
    setup_tui(app, o);
    if (auto rc = parse_command_line(app, argc, argv)) return *rc;
    apply_archive_options(o.archive);
    try {
        return run(o);
    } catch (const std::exception& e) {
        return fail(e.what());   // the Terminal has been ended on the way out
    }
}
