#include "img/views/checkpoint_list.h"

#include <algorithm>
#include <filesystem>
#include <string_view>
#include <system_error>

#include "img/model/checkpoint.h"
#include "img/model/checkpoint_archive.h"
#include "img/model/container_info.h"
#include "img/model/dump_presence.h"
#include "img/model/task_tree.h"
#include "img/support/display.h"
#include "table_cells.h"

namespace img {

namespace {

namespace fs = std::filesystem;

enum Col : size_t {
    kEngine, kNamespace, kPod, kContainer, kCheckpointed, kSize, kPages, kTasks, kImage, kPath, kErrorColumn
};

bool archive_name(const std::string& n) {
    for (const char* ext : {".tar", ".tar.gz", ".tgz", ".tar.zst", ".tar.xz", ".tar.bz2"}) {
        std::string_view e(ext);
        if (n.size() > e.size() && n.compare(n.size() - e.size(), e.size(), e) == 0) return true;
    }
    return false;
}

// The archives in folder `dir` (by content, or by name: an empty or broken one.tar is listed, to
// say why it cannot be read), by name, each as `dir`/NAME.
std::vector<std::string> archives_in(const std::string& dir) {
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code ec2;
        std::string path = it->path().string();
        if (it->is_regular_file(ec2) && (is_dump_path(path) || archive_name(path)))
            names.push_back(it->path().filename().string());
    }
    std::sort(names.begin(), names.end());
    std::string prefix = dir.empty() || dir.back() == '/' ? dir : dir + "/";
    for (auto& n : names) n = prefix + n;
    return names;
}

Cell text_or_blank(const std::string& s) { return s.empty() ? Cell() : Cell(display_text(s)); }

// A row with only its path (and no error: null in JSON, nothing in text).
std::vector<Cell> bare_row(const std::string& path) {
    std::vector<Cell> row(kErrorColumn + 1);
    row[kPath] = Cell(display_text(path));
    row[kErrorColumn] = json_only(Cell());
    return row;
}

std::vector<Cell> error_row(const std::string& path, const Error& e) {
    std::vector<Cell> row = bare_row(path);
    row[kErrorColumn] = json_only(Cell(display_text(e.message())));
    return row;
}

std::vector<Cell> checkpoint_row(const std::string& path) {
    auto d = Checkpoint::open(path);
    if (!d) return error_row(path, d.error().in_file(path));
    if (auto ok = require_dump(**d, path); !ok) return error_row(path, ok.error());
    std::vector<Cell> row = bare_row(path);
    const ContainerMetadata* m = (*d)->container();
    if (m) {
        ContainerInfo ci = container_info(*m);
        row[kEngine] = Cell(std::string(engine_name(ci.engine)));
        row[kNamespace] = text_or_blank(ci.pod_namespace);
        row[kPod] = text_or_blank(ci.pod);
        row[kContainer] = text_or_blank(ci.name);
        row[kCheckpointed] = text_or_blank(m->checkpointed());
        row[kImage] = text_or_blank(m->image());
    }
    CheckpointSize size = checkpoint_size(**d);
    row[kSize] = byte_size(size.bytes);
    row[kPages] = byte_size(size.pages);
    if (m && m->images_absent()) {
        row[kTasks] = Cell(uint64_t{0});
    } else {
        auto tasks = task_tree(**d);
        if (!tasks) return error_row(path, tasks.error().in_file(path));
        row[kTasks] = Cell(uint64_t{tasks->size()});
    }
    return row;
}

}  // namespace

std::vector<std::string> checkpoints_named(const std::vector<std::string>& paths) {
    std::vector<std::string> out;
    for (const auto& p : paths) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            auto d = Checkpoint::open(p);
            if (!d || !require_dump(**d, p)) {
                auto in = archives_in(p);
                out.insert(out.end(), in.begin(), in.end());
                continue;
            }
        }
        out.push_back(p);
    }
    return out;
}

Table checkpoint_list(const std::vector<std::string>& paths) {
    Table t;
    t.name = "list";
    // The path last, where the text printer never cuts a cell.
    t.columns = {{"engine", "ENGINE"},                {"namespace", "NAMESPACE"},
                 {"pod", "POD"},                      {"container", "CONTAINER"},
                 {"checkpointed", "CHECKPOINTED"},    {"checkpoint_size", "SIZE", true},
                 {"pages_size", "MEMORY", true},      {"tasks", "TASKS", true},
                 {"image", "IMAGE"},                  {"checkpoint", "CHECKPOINT"},
                 {"error", ""}};
    for (const auto& p : checkpoints_named(paths)) t.add_row(checkpoint_row(p));
    return t;
}

std::vector<std::string> checkpoint_list_errors(const Table& t) {
    std::vector<std::string> out;
    for (size_t r = 0; r < t.row_count(); ++r)
        t.for_each_cell(r, [&](size_t c, const CellRef& v) {
            if (c == kErrorColumn && v.kind == CellRef::Kind::Str) out.emplace_back(v.str);
        });
    return out;
}

}  // namespace img
