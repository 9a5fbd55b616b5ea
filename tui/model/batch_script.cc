#include "model/batch_script.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "model/key.h"

namespace img::tui {

namespace {

void type(TuiModel& m, std::string_view text) {
    for (size_t i = 0; i < text.size();) {
        // One UTF-8 character at a time, as a terminal delivers it.
        auto c = static_cast<unsigned char>(text[i]);
        int len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
        int cp = len == 1 ? c : c & (0x3f >> (len - 1));
        for (int k = 1; k < len && i + static_cast<size_t>(k) < text.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(text[i + static_cast<size_t>(k)]) & 0x3f);
        m.press(cp);
        i += static_cast<size_t>(len);
    }
}

void prompt(TuiModel& m, int key, std::string_view text) {
    m.press(key);
    type(m, text);
    m.press(kKeyEnter);
}

Expected<void> resize(TuiModel& m, std::string_view arg) {
    int w = 0, h = 0;
    auto x = arg.find('x');
    if (x == std::string_view::npos) return make_error(fmt::format("resize: '{}' is not WxH", arg));
    auto r1 = std::from_chars(arg.data(), arg.data() + x, w);
    auto r2 = std::from_chars(arg.data() + x + 1, arg.data() + arg.size(), h);
    if (r1.ec != std::errc() || r2.ec != std::errc() || w < 20 || h < 5 || w > 1000 || h > 1000)
        return make_error(fmt::format("resize: '{}' is not WxH (20x5 to 1000x1000)", arg));
    m.resize(w, h);
    return {};
}

// "click ROW COL" or "wheel ROW up|down": row 0 is the title line, as ncurses counts.
Expected<void> mouse(TuiModel& m, std::string_view verb, std::string_view arg) {
    Mouse e;
    auto space = arg.find(' ');
    std::string_view second = space == std::string_view::npos ? "" : arg.substr(space + 1);
    auto r = std::from_chars(arg.data(), arg.data() + std::min(space, arg.size()), e.row);
    bool ok = r.ec == std::errc() && r.ptr == arg.data() + std::min(space, arg.size());
    if (verb == "click") {
        auto c = std::from_chars(second.data(), second.data() + second.size(), e.col);
        ok = ok && c.ec == std::errc() && c.ptr == second.data() + second.size();
    } else {
        e.kind = second == "up" ? Mouse::Kind::WheelUp : Mouse::Kind::WheelDown;
        ok = ok && (second == "up" || second == "down");
    }
    if (!ok) return make_error(fmt::format("{}: '{}' is not {}", verb, arg, verb == "click" ? "ROW COL" : "ROW up|down"));
    m.mouse(e);
    return {};
}

Expected<void> word_command(TuiModel& m, std::string_view verb, std::string_view arg, std::string& out) {
    if (verb == "key") {
        auto k = parse_key(arg);
        if (!k) return make_error(fmt::format("key: unknown key name '{}'", arg));
        m.press(*k);
    } else if (verb == "type") {
        type(m, arg);
    } else if (verb == "filter" || verb == "search") {
        prompt(m, '/', arg);
    } else if (verb == "goto") {
        prompt(m, 'g', arg);
    } else if (verb == "select") {
        uint32_t pid = 0;
        auto r = std::from_chars(arg.data(), arg.data() + arg.size(), pid);
        if (r.ec != std::errc() || !m.browser().select_pid(pid)) return make_error(fmt::format("select: no task '{}'", arg));
    } else if (verb == "tab") {
        if (!m.browser().select_tab(arg)) return make_error(fmt::format("tab: no tab '{}'", arg));
    } else if (verb == "resize") {
        return resize(m, arg);
    } else if (verb == "click" || verb == "wheel") {
        return mouse(m, verb, arg);
    } else {
        return make_error(fmt::format("unknown command '{} {}' (see --help)", verb, arg));
    }
    return {};
}

}  // namespace

Expected<void> run_batch_command(TuiModel& m, const std::string& cmd, std::string& out) {
    if (cmd == "screen") {
        out += m.render().text() + "\n";
    } else if (cmd == "stats") {
        auto* mem = m.memory();
        out += mem ? fmt::format("memory view: {} bytes read for drawing\n", mem->bytes_pulled()) : "no memory view\n";
        const auto& w = m.work_stats();
        out += fmt::format("jobs: {} slices, longest {:.1f} ms, total {:.1f} ms\n", w.slices, w.longest_ms, w.total_ms);
        out += fmt::format("worst wait for a key: {:.1f} ms ({} ms of slices, then the longest slice)\n",
                           TuiModel::kInputBudgetMs + w.longest_ms, TuiModel::kInputBudgetMs);
    } else if (auto k = parse_key(cmd)) {
        m.press(*k);
    } else if (auto c = find_command(cmd)) {
        m.run(*c);
    } else {
        auto space = cmd.find(' ');
        if (space == std::string::npos) return make_error(fmt::format("unknown command '{}' (see --help)", cmd));
        if (auto r = word_command(m, std::string_view(cmd).substr(0, space), std::string_view(cmd).substr(space + 1), out); !r)
            return r;
    }
    while (m.busy()) m.work(TuiModel::kSliceBytes);   // the slices the terminal runs, timed
    m.render();   // as the terminal does after every key: panes learn their heights
    return {};
}

Expected<std::string> run_batch(TuiModel& m, const std::vector<std::string>& cmds) {
    std::string out;   // a first "screen" shows --diff's comparison not yet begun
    for (const auto& c : cmds) {
        if (auto r = run_batch_command(m, c, out); !r) return std::move(r.error());
        if (m.quit()) break;
    }
    while (m.busy()) m.work(TuiModel::kSliceBytes);   // --diff with no command
    out += m.render().text();
    return out;
}

}  // namespace img::tui
