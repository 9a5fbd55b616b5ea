// run_memory_command: the glue between a tool's options and the memory
// library (hexdump, search_dump), and the two printers of their records.
#include "common/memory_cli.h"

#include <unistd.h>

#include <fmt/format.h>

#include "img/memory/hexdump.h"
#include "img/output/json_writer.h"
#include "img/memory/memory_search.h"
#include "common/term_style.h"

namespace img {

bool wants_memory_command(const MemoryCommand& c) {
    return !c.hexdump.empty() || !c.search.empty() || !c.search_regex.empty();
}

std::optional<std::string> memory_command_usage_error(const MemoryCommand& c) {
    int n = !c.hexdump.empty() + !c.search.empty() + !c.search_regex.empty();
    if (n == 0) return "give one of --hexdump, --search, --search-regex";
    if (n > 1) return "--hexdump, --search and --search-regex exclude each other";
    if (!c.hexdump.empty() && (c.context || c.pid || c.max_matches))
        return "--context, --pid and --max-matches go with --search or --search-regex, not --hexdump";
    if (c.context > kMaxSearchContext)
        return fmt::format("--context takes 0 to {} bytes", kMaxSearchContext);
    return std::nullopt;
}

std::FILE* memory_progress_stream(const MemoryCommand& c) {
    if (c.json || !::isatty(STDERR_FILENO)) return nullptr;
    return stderr;
}

namespace {

// A "\r"-rewritten progress line on a terminal, at most a few updates a second worth of text.
class ProgressLine {
public:
    explicit ProgressLine(std::FILE* f) : f_(f) {}
    ~ProgressLine() { clear(); }
    void show(uint64_t done, uint64_t total) {
        if (!f_ || total == 0) return;
        unsigned pct = static_cast<unsigned>(done * 100 / total);
        if (shown_ && pct == last_pct_) return;
        last_pct_ = pct;
        fmt::print(f_, "\r\033[Ksearching: {} of {} MiB ({}%)", done >> 20, (total + (1 << 20) - 1) >> 20, pct);
        std::fflush(f_);
        shown_ = true;
    }
    void clear() {
        if (f_ && shown_) { fmt::print(f_, "\r\033[K"); std::fflush(f_); }
        shown_ = false;
    }

private:
    std::FILE* f_;
    bool shown_ = false;
    unsigned last_pct_ = 0;
};

Expected<MemoryCommandResult> run_hexdump(Checkpoint& dump, const MemoryCommand& c, std::FILE* out) {
    auto spec = parse_memory_spec(c.hexdump);
    if (!spec) return std::move(spec).error();
    auto t = dump.task(spec->pid);
    if (!t) return std::move(t).error();
    if (!*t) { Error e; e.file = dump.label(); e.what = fmt::format("no task {} in the dump", spec->pid); return e; }
    auto mem = ProcessMemory::open(dump, spec->pid);
    if (!mem) return std::move(mem).error();
    MemoryCommandResult res;
    if (!mem->missing().empty()) res.notes.push_back(mem->missing());
    if (c.json) {
        JsonWriter w(out, c.pretty ? 4 : 0);
        w.begin_object();
        w.key("pid"); w.number(uint64_t{spec->pid});
        w.key("address"); w.number(spec->addr);
        w.key("length"); w.number(spec->len);
        w.key("lines");
        w.begin_array();
        HexdumpJsonSink sink(w);
        auto r = hexdump(*mem, spec->addr, spec->len, sink);
        if (!r) return std::move(r).error();
        w.end_array();
        w.end_object();
        w.newline();
        w.flush();
        if (w.failed()) return make_error("cannot write the output");
    } else {
        HexdumpTextSink sink(out, c.squeeze);
        auto r = hexdump(*mem, spec->addr, spec->len, sink);
        if (!r) return std::move(r).error();
        sink.finish(spec->addr + spec->len);
    }
    return res;
}

Expected<MemoryCommandResult> run_search(Checkpoint& dump, const MemoryCommand& c, std::FILE* out, std::FILE* progress) {
    const bool regex = !c.search_regex.empty();
    auto pattern = regex ? SearchPattern::regex(c.search_regex) : SearchPattern::literal(c.search);
    if (!pattern) return std::move(pattern).error();
    SearchOptions opt;
    opt.pid = c.pid;
    opt.context = c.context;
    opt.max_matches = c.max_matches;
    ProgressLine line(progress);
    uint64_t scanned = 0;
    opt.progress = [&](uint64_t done, uint64_t total) { scanned = done; line.show(done, total); };

    MemoryCommandResult res;
    opt.note = [&](const std::string& n) { res.notes.push_back(n); };
    TermStyle style(out);
    std::optional<JsonWriter> w;
    if (c.json) {
        w.emplace(out, c.pretty ? 4 : 0);
        w->begin_object();
        w->key(regex ? "regex" : "search"); w->string(escape_bytes(pattern->text()));
        w->key("matches");
        w->begin_array();
    }
    auto r = search_dump(dump, *pattern, opt, [&](const SearchMatch& m) {
        if (w) {
            w->begin_object();
            w->key("pid"); w->number(uint64_t{m.pid});
            w->key("address"); w->number(m.addr);
            w->key("length"); w->number(m.length);
            w->key("vma_start"); w->number(m.vma_start);
            w->key("vma_end"); w->number(m.vma_end);
            w->key("vma"); w->string(escape_bytes(m.vma));
            w->key("match"); w->string(escape_bytes(m.bytes));
            if (c.context) {
                w->key("before"); w->string(escape_bytes(m.before));
                w->key("after"); w->string(escape_bytes(m.after));
            }
            w->end_object();
            return true;
        }
        line.clear();
        std::string shown = escape_bytes(m.bytes);
        if (m.bytes.size() < m.length) shown += fmt::format("...(+{} bytes)", m.length - m.bytes.size());
        if (style.colour()) shown = style.red(style.bold(shown));
        else if (c.context) shown = "[" + shown + "]";
        fmt::print(out, "{}  {:#x}  {:x}-{:x} {}  {}{}{}\n", m.pid, m.addr, m.vma_start, m.vma_end, m.vma,
                   escape_bytes(m.before), shown, escape_bytes(m.after));
        return true;
    });
    line.clear();
    if (!r) return std::move(r).error();
    res.matches = *r;
    res.scanned = scanned;
    if (w) {
        w->end_array();
        w->key("count"); w->number(res.matches);
        w->end_object();
        w->newline();
        w->flush();
        if (w->failed()) return make_error("cannot write the output");
    }
    return res;
}

}  // namespace

Expected<MemoryCommandResult> run_memory_command(Checkpoint& dump, const MemoryCommand& c, std::FILE* out,
                                                 std::FILE* progress) {
    if (auto u = memory_command_usage_error(c)) return make_error(*u);
    if (!c.hexdump.empty()) return run_hexdump(dump, c, out);
    return run_search(dump, c, out, progress);
}

}  // namespace img
