// run_memory_command: the glue between a tool's options and the memory library (hexdump,
// search_dump): text from the printers of tools/common, JSON from the library's sinks.
#include "common/memory_cli.h"

#include <fmt/format.h>

#include "common/output_format.h"
#include "common/progress_line.h"
#include "common/search_text.h"
#include "common/term_style.h"
#include "img/memory/hexdump.h"
#include "img/memory/memory_search.h"
#include "img/memory/search_json.h"

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

std::FILE* memory_progress_stream(const MemoryCommand& c) { return ProgressLine::stream(c.json); }

namespace {

// Writes the text the library hands over to `out`.
HexdumpTextSink::Out to_file(std::FILE* out) {
    return [out](std::string_view text) { std::fwrite(text.data(), 1, text.size(), out); };
}

Expected<MemoryCommandResult> run_hexdump(Checkpoint& dump, const MemoryCommand& c, std::FILE* out) {
    auto spec = parse_memory_spec(c.hexdump);
    if (!spec) return std::move(spec.error().in_file("--hexdump"));   // the option is what is wrong
    auto mem = open_task_memory(dump, spec->pid);
    if (!mem) return std::move(mem).error();
    MemoryCommandResult res;
    if (!mem->missing().empty()) res.notes.push_back(mem->missing());
    if (!c.json) {
        HexdumpTextSink sink(to_file(out), c.squeeze);
        auto r = hexdump(*mem, spec->addr, spec->len, sink);
        if (!r) return std::move(r).error();
        sink.finish(spec->addr + spec->len);
        return res;
    }
    ResultOutput doc(OutputFormat::show(true, c.pretty), out);
    HexdumpJsonSink sink(doc.sink());
    sink.begin(*spec);
    auto r = hexdump(*mem, spec->addr, spec->len, sink);
    if (!r) return std::move(r).error();
    sink.end();
    if (!doc.finish()) return make_error("cannot write the output");
    return res;
}

// "searching: 12 of 345 MiB (3%)"
std::string search_progress(uint64_t done, uint64_t total) {
    if (total == 0) return {};
    return fmt::format("searching: {} of {} MiB ({}%)", done >> 20, (total + (1 << 20) - 1) >> 20, done * 100 / total);
}

Expected<MemoryCommandResult> run_search(Checkpoint& dump, const MemoryCommand& c, std::FILE* out, std::FILE* progress) {
    const bool regex = !c.search_regex.empty();
    auto pattern = regex ? SearchPattern::regex(c.search_regex) : SearchPattern::literal(c.search);
    if (!pattern) return std::move(pattern.error().in_file(regex ? "--search-regex" : "--search"));
    MemoryCommandResult res;
    ProgressLine line(progress);
    SearchOptions opt;
    opt.pid = c.pid;
    opt.context = c.context;
    opt.max_matches = c.max_matches;
    opt.progress = [&](uint64_t done, uint64_t total) { res.scanned = done; line.show(search_progress(done, total)); };
    opt.note = [&](const std::string& n) { res.notes.push_back(n); };

    std::optional<ResultOutput> doc;
    std::optional<SearchJsonSink> json;
    if (c.json) {
        doc.emplace(OutputFormat::show(true, c.pretty), out);
        json.emplace(doc->sink(), c.context != 0);
        json->begin(*pattern);
    }
    TermStyle style(out);
    auto r = search_dump(dump, *pattern, opt, [&](const SearchMatch& m) {
        line.clear();
        if (json) json->match(m);
        else print_match_text(m, c.context != 0, style, out);
        return true;
    });
    line.clear();
    if (!r) return std::move(r).error();
    res.matches = *r;
    if (json) {
        json->end(res.matches);
        if (!doc->finish()) return make_error("cannot write the output");
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
