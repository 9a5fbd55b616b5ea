#include "model/help_screen.h"

#include <fmt/format.h>

#include "model/keymap.h"

namespace img::tui {

namespace {

std::string joined_keys(Command c, std::string_view sep) {
    std::string s;
    for (const auto& k : keys_of(c)) s += (s.empty() ? "" : std::string(sep)) + k;
    return s;
}

struct MouseHelp {
    std::string_view what, does;
};

// What the mouse does (the terminal's own selection when img-tui runs with --no-mouse).
constexpr MouseHelp kMouse[] = {
    {"click a row", "select it, in the task pane or a table, and focus that pane"},
    {"click a tab's name", "switch to that tab"},
    {"wheel up, down", "scroll the pane under the pointer by 3 rows (memory: 3 lines)"},
    {"Shift+drag", "the terminal's own selection (with --no-mouse: a plain drag)"},
};

}  // namespace

std::vector<StyledLine> help_lines() {
    std::vector<StyledLine> out;
    out.emplace_back("Keys (command name for --batch -c in parentheses)", Style::Heading);
    for (const auto& info : commands()) {
        StyledLine line(fmt::format("  {:<22}", joined_keys(info.command, " ")), Style::Header);
        line.add(fmt::format("{:<11} {}", "(" + std::string(info.name) + ")", info.help));
        out.push_back(std::move(line));
    }
    out.emplace_back("");
    out.emplace_back("Mouse (--batch: click ROW COL, wheel ROW up|down; row 0 is the title)", Style::Heading);
    for (const auto& m : kMouse) {
        StyledLine line(fmt::format("  {:<22}", m.what), Style::Header);
        line.add(std::string(m.does));
        out.push_back(std::move(line));
    }
    out.emplace_back("");
    out.emplace_back("Screen", Style::Heading);
    out.emplace_back("  top: the task tree; below: the selected task's tabs; last line: status and prompts.");
    out.emplace_back("  In prompts: Enter accepts, Esc cancels, Backspace erases.");
    out.emplace_back("  Memory view: -- marks bytes the dump does not hold; / takes text or x:HEX BYTES.");
    out.emplace_back("  See img-tui(1) for more.");
    return out;
}

std::string man_key_table() {
    std::string s;
    for (const auto& info : commands()) s += fmt::format(".TP\n.B {}\n{} ({})\n", joined_keys(info.command, ", "), info.help, info.name);
    return s;
}

std::string man_mouse_table() {
    std::string s;
    for (const auto& m : kMouse) s += fmt::format(".TP\n.B {}\n{}\n", m.what, m.does);
    return s;
}

std::string key_summary() {
    std::string s;
    for (const auto& info : commands()) s += fmt::format("  {:<24} {}\n", joined_keys(info.command, " "), info.help);
    return s;
}

}  // namespace img::tui
