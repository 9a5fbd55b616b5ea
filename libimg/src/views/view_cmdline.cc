// cmdline and env: argv and environ as the task had them, read from the dumped
// memory (mm_arg_start..mm_arg_end and mm_env_start..mm_env_end, NUL-separated
// strings), so they come from the pages images, not from any image field.
#include <fmt/format.h>

#include "img/model/process_memory.h"
#include "img/model/task_status.h"
#include "img/model/task_tree.h"
#include "img/support/display.h"
#include "img/views/views.h"
#include "table_cells.h"

namespace img {


namespace {

constexpr uint64_t kMaxArea = 16u << 20;   // far above ARG_MAX; more means a corrupt mm image

struct Strings {
    std::vector<std::string> v;   // displayable (valid UTF-8)
    std::string note;             // why some or all are missing; "" when complete
};

Expected<Strings> read_strings(const ProcessMemory& mem, uint64_t start, uint64_t end) {
    Strings s;
    if (end == start) return s;
    if (end < start || end - start > kMaxArea) {
        s.note = fmt::format("the recorded range {:#x}-{:#x} is not usable", start, end);
        return s;
    }
    std::string buf(end - start, '\0');
    std::vector<AddressSpan> absent;
    auto r = mem.read(start, buf.size(), reinterpret_cast<std::byte*>(buf.data()), absent);
    if (!r) return std::move(r).error();
    uint64_t missing = 0;
    for (const auto& a : absent) missing += a.end - a.start;
    if (missing == buf.size()) {
        s.note = fmt::format("pages {:#x}-{:#x} are not in the dump", start, end);
        return s;
    }
    if (missing) s.note = fmt::format("{} of {} bytes are not in the dump (read as NUL)", missing, buf.size());
    std::string_view rest(buf);
    while (!rest.empty()) {
        size_t nul = rest.find('\0');
        if (nul == std::string_view::npos) { s.v.push_back(display_text(rest)); break; }
        s.v.push_back(display_text(rest.substr(0, nul)));
        rest.remove_prefix(nul + 1);
    }
    return s;
}

std::string shell_quote(const std::string& s) {
    if (!s.empty() && s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_@%+=:,./-") ==
                          std::string::npos)
        return s;
    std::string o = "'";
    for (char c : s) o += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return o + "'";
}

// For each task with memory: its strings between the two mm fields.
template <class Fn>
Expected<void> each_task(Checkpoint& d, const ViewOptions& o, bool env, Table& t, Fn&& fn) {
    auto ts = select_tasks(d, o.pid);
    if (!ts) return std::move(ts).error();
    for (const auto& tr : *ts) {
        uint32_t pid = tr.pid();
        auto comm = task_comm(d, pid);
        if (!comm) return std::move(comm).error();
        auto mm = d.mm(pid);
        if (!mm) return std::move(mm).error();
        Strings s;
        if (!*mm) {
            auto zombie = d.is_zombie(pid);
            if (!zombie) return std::move(zombie).error();
            if (*zombie) {
                s.note = "a zombie: no memory";
            } else {
                s.note = fmt::format("mm-{}.img is missing", pid);
                t.warn(fmt::format("mm-{0}.img is missing: task {0}'s {1} are unknown", pid, env ? "environment strings" : "arguments"));
            }
        } else {
            auto mem = ProcessMemory::open(d, pid);
            if (!mem) return std::move(mem).error();
            auto r = env ? read_strings(*mem, (*mm)->mm_env_start(), (*mm)->mm_env_end())
                         : read_strings(*mem, (*mm)->mm_arg_start(), (*mm)->mm_arg_end());
            if (!r) return std::move(r).error();
            s = std::move(*r);
        }
        fn(pid, *comm, s);
    }
    return {};
}

Cell note_cell(const std::string& note) { return note.empty() ? json_only(Cell()) : Cell(note); }

}  // namespace

Expected<Table> view_cmdline(Checkpoint& d, const ViewOptions& o) {
    Table t;
    t.name = "cmdline";
    t.columns = {{"pid", "PID", true}, {"comm", "COMM"}, {"argv", "COMMAND LINE"}, {"note", ""}};
    auto r = each_task(d, o, false, t, [&](uint32_t pid, const std::string& comm, const Strings& s) {
        std::string text;
        for (const auto& a : s.v) text += (text.empty() ? "" : " ") + shell_quote(a);
        t.add_row({Cell(pid), Cell(comm), Cell::shown(Cell(s.v), text.empty() ? " " : text), note_cell(s.note)});
    });
    if (!r) return std::move(r).error();
    return t;
}

Expected<Table> view_env(Checkpoint& d, const ViewOptions& o) {
    Table t;
    t.name = "env";
    t.columns = {{"pid", "PID", true}, {"index", "#", true}, {"var", "VARIABLE"}, {"note", ""}};
    auto r = each_task(d, o, true, t, [&](uint32_t pid, const std::string&, const Strings& s) {
        for (size_t i = 0; i < s.v.size(); ++i)
            t.add_row({Cell(pid), Cell(static_cast<uint64_t>(i)), Cell(s.v[i]), json_only(Cell())});
        if (!s.note.empty()) t.add_row({Cell(pid), Cell(), Cell(), Cell(s.note)});
    });
    if (!r) return std::move(r).error();
    return t;
}

}  // namespace img
