// img-show: parse options, call libimg, print.
#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

#include "img/model/checkpoint_archive.h"
#include "img/support/display.h"
#include "img/model/checkpoint.h"
#include "common/exit_code.h"
#include "img/convert/image_json.h"
#include "img/io/image_reader.h"
#include "img/output/json_writer.h"
#include "common/memory_cli.h"
#include "img/output/table.h"
#include "common/term_style.h"
#include "img/output/text_writer.h"
#include "img/views/views.h"
#include "common/command_line.h"
#include "options.h"

namespace {
const char* header_name(img::HeaderClass h) {
    switch (h) {
    case img::HeaderClass::Inventory: return "inventory";
    case img::HeaderClass::Common: return "common";
    case img::HeaderClass::Service: return "service";
    case img::HeaderClass::Raw: return "single-magic (V1)";
    }
    return "?";
}

int fail(const img::Error& e) {
    std::fflush(stdout);
    fmt::print(stderr, "img-show: {}\n", e.message());
    return img::kExitError;
}

// What a view could not show because the dump lacks it: on stderr, and exit 1.
int warn(const ShowToolOptions& o, const img::Table& t) {
    for (const auto& w : t.warnings) fmt::print(stderr, "img-show: {}: warning: {}\n", o.input, w);
    return t.warnings.empty() ? img::kExitOk : img::kExitFound;
}

int usage(const std::string& what) {
    fmt::print(stderr, "img-show: {}\nRun with --help for more information.\n", what);
    return img::kExitError;
}

// --hexdump, --search, --search-regex on a dump: 0 shown / found, 1 nothing found, 2 error.
int memory_command(ShowToolOptions& o) {
    o.memory.json = o.json;
    o.memory.pretty = o.pretty;
    o.memory.pid = o.pid;
    if (auto u = img::memory_command_usage_error(o.memory)) return usage(*u);
    if (!o.views.empty() || o.info || o.nopl) return usage("--view, --info and --nopl do not go with memory commands");
    auto dump = img::Checkpoint::open(o.input);
    if (!dump) return fail(dump.error());
    auto r = img::run_memory_command(**dump, o.memory, stdout, img::memory_progress_stream(o.memory));
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) return fail(img::make_error("cannot write to standard output"));
    if (!r) return fail(r.error());
    for (const auto& n : r->notes) fmt::print(stderr, "img-show: {}: warning: {}\n", o.input, n);
    bool search = o.memory.hexdump.empty();
    return search && r->matches == 0 ? img::kExitFound : img::kExitOk;
}

// A dump directory: the selected views, each a table, as text or one JSON document.
int show_dump(const ShowToolOptions& o, const std::vector<const img::ViewInfo*>& selected) {
    auto dump = img::Checkpoint::open(o.input);
    if (!dump) return fail(dump.error());
    img::ViewOptions vo;
    vo.pid = o.pid;
    if (auto ok = img::check_view_options(**dump, vo); !ok) return fail(ok.error());

    int rc = img::kExitOk;
    if (o.json) {
        img::JsonWriter w(stdout, o.pretty ? 4 : 0);
        std::vector<img::Error> errors;
        w.begin_object();
        w.key("dump");
        w.string(img::display_text(o.input));
        w.key("views");
        w.begin_array();
        for (const auto* v : selected) {
            auto t = v->fn(**dump, vo);
            if (t) {
                img::write_table_json(*t, w);
                if (warn(o, *t) != img::kExitOk && rc == img::kExitOk) rc = img::kExitFound;
                continue;
            }
            w.begin_object();
            w.key("view");
            w.string(v->name);
            w.key("error");
            w.string(img::display_text(t.error().message()));
            w.end_object();
            errors.push_back(t.error());
        }
        w.end_array();
        w.end_object();
        w.newline();
        w.flush();
        if (w.failed()) return fail(img::make_error("cannot write to standard output"));
        for (const auto& e : errors) rc = fail(e);
        return rc;
    }
    img::TermStyle style(stdout);
    bool first = true;
    for (const auto* v : selected) {
        auto t = v->fn(**dump, vo);
        if (!first) std::fputc('\n', stdout);
        first = false;
        std::string title = fmt::format("{} ({})", v->title, v->name);
        std::fputs((style.bold(title) + "\n").c_str(), stdout);
        if (!t) {
            rc = fail(t.error());
            continue;
        }
        img::print_table_text(*t, stdout, style.colour());
        if (t->empty()) std::fputs(style.dim("(none)").append("\n").c_str(), stdout);
        std::fflush(stdout);
        if (warn(o, *t) != img::kExitOk && rc == img::kExitOk) rc = img::kExitFound;
    }
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) return fail(img::make_error("cannot write to standard output"));
    return rc;
}
}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"img-show"};
    ShowToolOptions o;
    setup_show(app, o);
    if (auto rc = parse_command_line(app, argc, argv)) return *rc;
    apply_archive_options(o.archive);

    if (img::wants_memory_command(o.memory) || o.memory.context || o.memory.max_matches) return memory_command(o);

    bool dir_options = !o.views.empty() || o.pid;
    const bool dump_mode = img::is_dump_path(o.input);   // a directory or a checkpoint archive
    std::vector<const img::ViewInfo*> selected;
    if (dir_options || dump_mode) {
        auto sel = img::select_views(o.views);
        if (!sel) return usage(sel.error().message());
        selected = std::move(*sel);
    }
    if (dump_mode) {
        if (o.info || o.nopl) return usage("--info and --nopl show one image file, not a whole dump");
        return show_dump(o, selected);
    }
    if (dir_options) {
        if (o.input == "-" || ::access(o.input.c_str(), F_OK) == 0)
            return usage("--view and --pid need a dump directory or a checkpoint archive, and " + o.input +
                         " is neither");
        return fail(img::Checkpoint::open(o.input).error());
    }

    auto reader = img::ImageReader::open(o.input);
    if (!reader) return fail(reader.error());

    if (o.info) {
        auto info = img::image_info(*reader);
        if (!info) return fail(info.error());
        if (o.json) {
            img::JsonWriter w(stdout, o.pretty ? 4 : 0);
            w.begin_object();
            w.key("file"); w.string(o.input);
            w.key("magic"); w.string(info->kind);
            w.key("magic_value"); w.string(fmt::format("{:#010x}", info->magic));
            w.key("header"); w.string(header_name(info->header));
            w.key("entries"); w.number(info->entries);
            w.key("message_bytes"); w.number(info->message_bytes);
            w.key("payload_bytes"); w.number(info->payload_bytes);
            w.key("file_bytes"); w.number(info->file_bytes);
            w.end_object();
            w.newline();
        } else {
            fmt::print("{}: {} ({:#010x}, {} header), {} entries, {} bytes ({} in messages, {} in payloads)\n",
                       o.input, info->kind, info->magic, header_name(info->header), info->entries, info->file_bytes,
                       info->message_bytes, info->payload_bytes);
        }
        return img::kExitOk;
    }

    img::ShowOptions so;
    so.render.pretty = o.pretty || !o.json;
    so.payloads = !o.nopl;
    so.human = !o.json;
    if (o.json) {
        img::JsonWriter w(stdout, o.pretty ? 4 : 0);
        auto r = img::render_image(*reader, w, so);
        if (!r) { w.flush(); return fail(r.error()); }
        w.newline();
        w.flush();
        if (w.failed()) return fail(img::make_error("cannot write to standard output"));
    } else {
        img::TextWriter w(stdout);
        auto r = img::render_image(*reader, w, so);
        w.flush();
        if (!r) return fail(r.error());
    }
    return img::kExitOk;
}
