// pipes: each pipe and fifo (by pipe inode), its ends (file ids, read/write,
// which task's fd holds them), the fifo's path and the data queued in it
// (pipes-data.img, fifo-data.img).
#include <fmt/format.h>

#include "img/model/image_loader.h"
#include "pipe_data.pb.h"
#include "img/model/file_uses.h"
#include "img/support/display.h"
#include "img/views/views.h"
#include "file_view_inputs.h"
#include "table_cells.h"

namespace img {


namespace {

const char* access_mode(uint32_t flags) {
    switch (flags & 3) {
    case 0: return "r";
    case 1: return "w";
    default: return "rw";
    }
}

struct PipeRow {
    std::string path;
    std::vector<uint32_t> ids;
    std::vector<std::string> ends;
    std::optional<uint64_t> bytes, size;
    bool used_by_pid = false;
};

}  // namespace

Expected<Table> view_pipes(Checkpoint& d, const ViewOptions& o) {
    Table t;
    auto in = file_view_inputs(d, o, t);
    if (!in) return std::move(in).error();
    const FileTable* ft = in->files;
    const auto& uses = in->uses;
    const std::optional<uint32_t> pid = in->pid;
    // (kind, pipe_id) -> row; map order puts pipes before fifos, each by pipe id.
    std::map<std::pair<int, uint32_t>, PipeRow> rows;
    auto add_end = [&](int kind, uint32_t pipe_id, uint32_t id, const char* mode) {
        PipeRow& r = rows[{kind, pipe_id}];
        r.ids.push_back(id);
        std::vector<std::string> who;
        if (auto u = uses.find(id); u != uses.end()) {
            who = use_labels(u->second);
            if (pid && used_by(u->second, *pid)) r.used_by_pid = true;
        }
        std::string s = fmt::format("{} id {}", mode, id);
        if (!who.empty()) {
            s += " by";
            for (const auto& w : who) s += " " + w;
        }
        r.ends.push_back(s);
        return &r;
    };
    for (const auto& f : ft->all()) {
        if (f.has_pipe()) {
            add_end(0, f.pipe().pipe_id(), f.id(), access_mode(f.pipe().flags()));
        } else if (f.has_fifo()) {
            const cimg::FileEntry* reg = f.fifo().has_regf_id() ? ft->find(f.fifo().regf_id()) : nullptr;
            const char* mode = reg && reg->has_reg() ? access_mode(reg->reg().flags()) : "?";
            PipeRow* r = add_end(1, f.fifo().pipe_id(), f.id(), mode);
            if (r->path.empty()) r->path = display_text(ft->path_of(f.id()));
        }
    }
    for (int kind = 0; kind < 2; ++kind) {
        const char* name = kind == 0 ? "pipes-data.img" : "fifo-data.img";
        auto data = load_entries<cimg::PipeDataEntry>(d.source(), name);
        if (!data) return std::move(data).error();
        if (!*data) continue;
        for (const auto& e : **data) {
            PipeRow& r = rows[{kind, e.pipe_id()}];
            r.bytes = r.bytes.value_or(0) + e.bytes();
            if (e.has_size()) r.size = e.size();
        }
    }
    t.name = "pipes";
    t.columns = {{"kind", "KIND"},          {"pipe_id", "PIPE", true}, {"queued_bytes", "QUEUED", true},
                 {"capacity", "CAPACITY", true}, {"path", "PATH"},   {"ends", "ENDS"}, {"file_ids", ""}};
    for (auto& [key, r] : rows) {
        if (pid && !r.used_by_pid) continue;
        std::vector<std::string> ids;
        for (uint32_t id : r.ids) ids.push_back(std::to_string(id));
        t.add_row({Cell(key.first == 0 ? "pipe" : "fifo"), Cell(key.second),
                   r.bytes ? Cell(*r.bytes) : Cell(uint64_t{0}), r.size ? Cell(*r.size) : Cell(),
                   key.first == 1 ? Cell(r.path) : Cell(), joined(r.ends, "; "), json_only(Cell(ids))});
    }
    return t;
}

}  // namespace img
