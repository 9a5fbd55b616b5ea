#include "img/table.h"

#include <algorithm>

#include <fmt/format.h>

#include "img/display.h"

namespace img {

Cell Cell::hex(uint64_t v) {
    Cell c(v);
    c.text = fmt::format("{:x}", v);
    return c;
}

std::string Cell::display() const {
    if (!text.empty()) return text;
    struct V {
        std::string operator()(std::monostate) const { return "-"; }
        std::string operator()(int64_t v) const { return fmt::format("{}", v); }
        std::string operator()(uint64_t v) const { return fmt::format("{}", v); }
        std::string operator()(const std::string& v) const { return v; }
        std::string operator()(bool v) const { return v ? "yes" : "no"; }
        std::string operator()(const std::vector<std::string>& v) const {
            std::string s;
            for (size_t i = 0; i < v.size(); ++i) s += (i ? " " : "") + v[i];
            return s;
        }
    };
    return std::visit(V{}, value);
}

namespace {

void print_about_text(const TableAbout& a, std::FILE* out, bool colour) {
    size_t w = 0;
    for (const auto& f : a.fields) w = std::max(w, display_width(f.title));
    std::string s = colour ? "\033[1m" + a.title + "\033[0m\n" : a.title + "\n";
    for (size_t i = 0; i < a.fields.size() && i < a.values.size(); ++i) {
        std::string v = a.values[i].display();
        if (v.empty() || v == "-") continue;
        const std::string& title = a.fields[i].title;
        s += "  " + title + ":" + std::string(w - display_width(title) + 1, ' ') + v + "\n";
    }
    s += "\n";
    std::fwrite(s.data(), 1, s.size(), out);
}

void write_cell_json(const Cell& cell, ValueSink& o) {
    struct V {
        ValueSink& o;
        void operator()(std::monostate) const { o.null(); }
        void operator()(int64_t v) const { o.number(v); }
        void operator()(uint64_t v) const { o.number(v); }
        void operator()(const std::string& v) const { o.string(v); }
        void operator()(bool v) const { o.boolean(v); }
        void operator()(const std::vector<std::string>& v) const {
            o.begin_array();
            for (const auto& s : v) o.string(s);
            o.end_array();
        }
    };
    std::visit(V{o}, cell.value);
}

// {key: value, ...} for the first min(columns, cells) pairs.
void write_record_json(const std::vector<Column>& columns, const std::vector<Cell>& cells, ValueSink& out) {
    out.begin_object();
    for (size_t c = 0; c < columns.size() && c < cells.size(); ++c) {
        out.key(columns[c].key);
        write_cell_json(cells[c], out);
    }
    out.end_object();
}

}  // namespace

void print_table_text(const Table& t, std::FILE* out, bool colour) {
    if (t.about) print_about_text(*t.about, out, colour);
    const size_t nc = t.columns.size();
    // Two passes over the cells (widths, then lines) rather than a copy of every cell's text:
    // a view of 100,000 rows would otherwise hold a second table of strings.
    std::vector<size_t> w(nc, 0);
    for (size_t c = 0; c < nc; ++c) w[c] = display_width(t.columns[c].title);
    for (const auto& r : t.rows)
        for (size_t c = 0; c < nc && c < r.size(); ++c)
            w[c] = std::max(w[c], std::min<size_t>(display_width(r[c].display()), 60));
    std::string s;
    auto emit = [&](auto&& text_of, bool header) {
        s.clear();
        for (size_t c = 0; c < nc; ++c) {
            bool last = c + 1 == nc;
            const std::string v = text_of(c);
            // Pad by characters, not bytes: cells hold UTF-8 (file names, comms).
            size_t width = display_width(v);
            size_t pad = width < w[c] ? w[c] - width : 0;
            if (t.columns[c].right) s.append(pad, ' ').append(v);
            else if (last) s += v;
            else s.append(v).append(pad, ' ');
            if (!last) s += "  ";
        }
        while (!s.empty() && s.back() == ' ') s.pop_back();
        if (header && colour) s = "\033[1m" + s + "\033[0m";
        s.push_back('\n');
        std::fwrite(s.data(), 1, s.size(), out);
    };
    emit([&](size_t c) { return t.columns[c].title; }, true);
    for (const auto& r : t.rows) emit([&](size_t c) { return c < r.size() ? r[c].display() : std::string(); }, false);
}

void write_table_json(const Table& t, ValueSink& out) {
    out.begin_object();
    out.key("view");
    out.string(t.name);
    if (t.about) {
        out.key(t.about->key);
        write_record_json(t.about->fields, t.about->values, out);
    }
    out.key("rows");
    out.begin_array();
    for (const auto& r : t.rows) write_record_json(t.columns, r, out);
    out.end_array();
    out.end_object();
}

}  // namespace img
