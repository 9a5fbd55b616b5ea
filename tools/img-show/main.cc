// img-show: parse options, call libimg, print.
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

#include "common/command_line.h"
#include "common/exit_code.h"
#include "common/image_info_text.h"
#include "common/memory_cli.h"
#include "common/output_format.h"
#include "common/term_style.h"
#include "common/views_text.h"
#include "img/convert/image_info_writer.h"
#include "img/convert/image_json.h"
#include "img/io/image_reader.h"
#include "img/model/checkpoint.h"
#include "img/model/checkpoint_archive.h"
#include "img/model/dump_presence.h"
#include "img/support/display.h"
#include "img/views/checkpoint_list.h"
#include "img/views/views.h"
#include "img/views/views_document.h"
#include "options.h"

namespace {

int fail(const img::Error& e) {
    std::fflush(stdout);
    fmt::print(stderr, "img-show: {}\n", e.message());
    return img::kExitError;
}

// An error about the input the user named: messages name it even when the library could not.
int fail_in(const std::string& input, img::Error e) { return fail(e.in_file(input)); }

int fail_to_write() { return fail(img::make_error("cannot write to standard output")); }

bool stdout_failed() { return std::fflush(stdout) != 0 || std::ferror(stdout); }

// What a view could not show because the dump lacks it: on stderr, and exit 1.
int warn(const ShowToolOptions& o, const img::Table& t) {
    for (const auto& w : t.warnings) fmt::print(stderr, "img-show: {}: warning: {}\n", o.input, w);
    return t.warnings.empty() ? img::kExitOk : img::kExitFound;
}

int usage(const std::string& what) {
    std::fflush(stdout);
    fmt::print(stderr, "img-show: {}; try 'img-show --help'\n", what);
    return img::kExitError;
}

// The dump the user named, opened; not a dump at all (an empty folder, /etc) is an Error.
img::Expected<std::unique_ptr<img::Checkpoint>> open_dump(const std::string& input) {
    auto dump = img::Checkpoint::open(input);
    if (!dump) return dump;
    if (auto ok = img::require_dump(**dump, input); !ok) return std::move(ok).error();
    return dump;
}

// --hexdump, --search, --search-regex on a dump: 0 shown / found, 1 nothing found, 2 error.
int memory_command(ShowToolOptions& o) {
    o.memory.json = o.json;
    o.memory.pretty = o.pretty;
    o.memory.pid = o.pid;
    if (auto u = img::memory_command_usage_error(o.memory)) return usage(*u);
    if (!o.views.empty() || o.info || o.nopl) return usage("--view, --info and --nopl do not go with memory commands");
    auto dump = open_dump(o.input);
    if (!dump) return fail_in(o.input, dump.error());
    // Errors name their image or the option at fault (memory_cli.cc).
    auto r = img::run_memory_command(**dump, o.memory, stdout, img::memory_progress_stream(o.memory));
    if (stdout_failed()) return fail_to_write();
    if (!r) return fail(r.error());
    for (const auto& n : r->notes) fmt::print(stderr, "img-show: {}: warning: {}\n", o.input, n);
    bool search = o.memory.hexdump.empty();
    if (!search || r->matches) return img::kExitOk;
    fmt::print(stderr, "img-show: {}: no match in the dumped memory{}\n", o.input,
               o.pid ? fmt::format(" of task {}", *o.pid) : std::string());
    return img::kExitFound;
}

using Selected = std::vector<const img::ViewInfo*>;

// The views as one JSON document; errors are told after it.
int show_views_json(const ShowToolOptions& o, img::Checkpoint& dump, const img::ViewOptions& vo, const Selected& selected) {
    img::ResultOutput doc(img::OutputFormat::show(true, o.pretty), stdout);
    std::vector<img::Error> errors;
    int rc = img::kExitOk;
    img::begin_views_document(o.input, doc.sink());
    for (const auto* v : selected) {
        auto t = v->fn(dump, vo);
        if (!t) t.error().in_file(o.input);
        img::write(*v, t, doc.sink());
        if (!t) errors.push_back(t.error());
        else if (warn(o, *t) != img::kExitOk && rc == img::kExitOk) rc = img::kExitFound;
    }
    img::end_views_document(doc.sink());
    if (!doc.finish()) return fail_to_write();
    for (const auto& e : errors) rc = fail(e);
    return rc;
}

// The views as text, each under its heading; an error is told in its place.
int show_views_text(const ShowToolOptions& o, img::Checkpoint& dump, const img::ViewOptions& vo, const Selected& selected) {
    img::TermStyle style(stdout);
    int rc = img::kExitOk;
    bool first = true;
    for (const auto* v : selected) {
        auto t = v->fn(dump, vo);
        img::print_view_heading(*v, first, style, stdout);
        first = false;
        if (!t) {
            rc = fail_in(o.input, t.error());
            continue;
        }
        img::print_view_rows(*t, style, stdout);
        if (warn(o, *t) != img::kExitOk && rc == img::kExitOk) rc = img::kExitFound;
    }
    if (stdout_failed()) return fail_to_write();
    return rc;
}

// A dump directory or archive: the selected views, each a table.
int show_dump(const ShowToolOptions& o, const Selected& selected) {
    auto dump = open_dump(o.input);
    if (!dump) return fail_in(o.input, dump.error());
    img::ViewOptions vo;
    vo.pid = o.pid;
    if (auto ok = img::check_view_options(**dump, vo); !ok) return fail_in(o.input, ok.error());
    return o.json ? show_views_json(o, **dump, vo, selected) : show_views_text(o, **dump, vo, selected);
}

// --info: the kind, header and sizes of one image, without decoding its messages.
int show_info(const ShowToolOptions& o) {
    auto info = img::image_info_of_file(o.input);
    if (!info) return fail_in(o.input, info.error());
    if (!o.json) {
        img::print_image_info_text(*info, o.input, stdout);
        return img::kExitOk;
    }
    img::ResultOutput doc(img::OutputFormat::show(true, o.pretty), stdout);
    img::write(*info, o.input, doc.sink());
    doc.finish();
    return img::kExitOk;
}

// One image file, decoded: readable text, or crit's JSON.
int show_image(const ShowToolOptions& o) {
    if (o.info) return show_info(o);
    auto reader = img::ImageReader::open(o.input);
    if (!reader) return fail_in(o.input, reader.error());
    img::ShowOptions so;
    so.render.pretty = o.pretty || !o.json;
    so.payloads = !o.nopl;
    so.human = !o.json;
    img::ResultOutput doc(img::OutputFormat::show(o.json, o.pretty), stdout);
    auto r = img::render_image(*reader, doc.sink(), so);
    if (!r) {
        doc.flush();
        return fail_in(o.input, r.error());
    }
    if (!doc.finish()) return fail_to_write();
    return img::kExitOk;
}

// --list: one row per checkpoint named (a folder: the archives in it); unreadable ones told on
// stderr (their rows carry the error in JSON), exit 2.
int show_list(const ShowToolOptions& o) {
    if (!o.views.empty() || o.pid || o.info || o.nopl || img::wants_memory_command(o.memory))
        return usage("--list goes with no --view, --pid, --info, --nopl or memory command");
    img::Table t = img::checkpoint_list(o.inputs);
    if (o.json) {
        img::ResultOutput doc(img::OutputFormat::show(true, o.pretty), stdout);
        img::write_table_json(t, doc.sink());
        if (!doc.finish()) return fail_to_write();
    } else {
        img::print_view_rows(t, img::TermStyle(stdout), stdout);
        if (stdout_failed()) return fail_to_write();
    }
    auto errors = img::checkpoint_list_errors(t);
    for (const auto& e : errors) fmt::print(stderr, "img-show: {}\n", e);
    return errors.empty() ? img::kExitOk : img::kExitError;
}

// Several dumps (checkpointctl inspect A.tar B.tar): the views of each in turn, in text under a
// "==> DUMP <==" line, in JSON one document per dump, one after the other; the worst exit status.
int show_several(ShowToolOptions o) {
    if (img::wants_memory_command(o.memory) || o.memory.context || o.memory.max_matches || o.info || o.nopl)
        return usage("several inputs are dumps to show views of (or --list): no memory command, --info or --nopl");
    auto selected = img::select_views(o.views);
    if (!selected) return usage(selected.error().what);
    int rc = img::kExitOk;
    const std::vector<std::string> inputs = o.inputs;
    for (size_t i = 0; i < inputs.size(); ++i) {
        o.input = inputs[i];
        if (!o.json) fmt::print("{}==> {} <==\n", i ? "\n" : "", img::display_text(o.input));
        int r = img::is_dump_path(o.input)
                    ? show_dump(o, *selected)
                    : fail_in(o.input, img::make_error("not a dump directory nor a checkpoint archive"));
        std::fflush(stdout);   // each JSON document ends its line itself
        rc = std::max(rc, r);
    }
    return rc;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"", "img-show"};
    ShowToolOptions o;
    setup_show(app, o);
    if (auto rc = parse_command_line(app, argc, argv)) return *rc;
    apply_archive_options(o.archive);
    if (o.list) return show_list(o);
    if (o.inputs.size() > 1) return show_several(o);
    o.input = o.inputs.front();

    if (img::wants_memory_command(o.memory) || o.memory.context || o.memory.max_matches) return memory_command(o);

    bool dir_options = !o.views.empty() || o.pid;
    const bool dump_mode = img::is_dump_path(o.input);   // a directory or a checkpoint archive
    if (!dir_options && !dump_mode) return show_image(o);
    auto selected = img::select_views(o.views);
    if (!selected) return usage(o.input + ": " + selected.error().what);
    if (dump_mode) {
        if (o.info || o.nopl) return usage("--info and --nopl show one image file, not a whole dump");
        return show_dump(o, *selected);
    }
    if (o.input == "-" || ::access(o.input.c_str(), F_OK) == 0)
        return usage("--view and --pid need a dump directory or a checkpoint archive, and " + o.input + " is neither");
    return fail_in(o.input, img::Checkpoint::open(o.input).error());
}
