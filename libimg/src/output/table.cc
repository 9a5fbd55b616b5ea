#include "img/output/table.h"

#include <algorithm>

#include <fmt/format.h>

#include "img/support/decimal.h"
#include "img/support/display.h"
#include "img/io/wire.h"

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

enum : uint8_t { kHasText = 8, kTrue = 16 };

template <class Out>
void put_varint(Out& out, uint64_t v) {
    char buf[wire::kMaxVarint];
    out.append(buf, wire::encode_varint(v, buf));
}

template <class Out>
void put_bytes(Out& out, std::string_view b) {
    put_varint(out, b.size());
    out.append(b);
}

void append_decimal(std::string& out, uint64_t v) {
    char buf[24];
    out.append(buf, write_decimal(buf, v));
}

void append_decimal(std::string& out, int64_t v) {
    char buf[24];
    out.append(buf, write_decimal(buf, v));
}

// A list of an about block: its title, then its rows aligned under a header, indented.
void append_about_list(const AboutList& l, std::string& s) {
    if (l.rows.empty()) return;
    const size_t nc = l.fields.size();
    std::vector<std::vector<std::string>> text(l.rows.size());
    std::vector<size_t> w(nc, 0);
    for (size_t c = 0; c < nc; ++c) w[c] = display_width(l.fields[c].title);
    for (size_t r = 0; r < l.rows.size(); ++r)
        for (size_t c = 0; c < nc; ++c) {
            text[r].push_back(c < l.rows[r].size() ? l.rows[r][c].display() : "-");
            if (text[r].back().empty()) text[r].back() = "-";
            w[c] = std::max(w[c], display_width(text[r][c]));
        }
    auto line = [&](auto&& cell) {
        std::string ln = "    ";
        for (size_t c = 0; c < nc; ++c) {
            std::string v = cell(c);
            size_t pad = w[c] - std::min(w[c], display_width(v));
            if (l.fields[c].right) ln.append(pad, ' ').append(v);
            else ln.append(v).append(c + 1 < nc ? pad : 0, ' ');
            if (c + 1 < nc) ln += "  ";
        }
        s += ln + "\n";
    };
    s += "  " + l.title + "\n";
    line([&](size_t c) { return l.fields[c].title; });
    for (size_t r = 0; r < l.rows.size(); ++r) line([&](size_t c) { return text[r][c]; });
}

// `gap`: a blank line after it, before the rows.
void print_about_text(const TableAbout& a, std::FILE* out, bool colour, bool gap) {
    size_t w = 0;
    for (const auto& f : a.fields) w = std::max(w, display_width(f.title));
    std::string s = colour ? "\033[1m" + a.title + "\033[0m\n" : a.title + "\n";
    for (size_t i = 0; i < a.fields.size() && i < a.values.size(); ++i) {
        std::string v = a.values[i].display();
        if (v.empty() || v == "-") continue;
        const std::string& title = a.fields[i].title;
        s += "  " + title + ":" + std::string(w - display_width(title) + 1, ' ') + v + "\n";
    }
    for (const auto& l : a.lists) append_about_list(l, s);
    if (gap) s += "\n";
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

void write_cell_json(const CellRef& c, ValueSink& o) {
    switch (c.kind) {
    case CellRef::Kind::Null: o.null(); break;
    case CellRef::Kind::Int: o.number(c.i); break;
    case CellRef::Kind::UInt: o.number(c.u); break;
    case CellRef::Kind::Str: o.string(c.str); break;
    case CellRef::Kind::Bool: o.boolean(c.b); break;
    case CellRef::Kind::List:
        o.begin_array();
        c.for_each_item([&](std::string_view item) { o.string(item); });
        o.end_array();
        break;
    }
}

// key: value, ... for the first min(columns, cells) pairs, into an object the caller opened.
void write_fields_json(const std::vector<Column>& columns, const std::vector<Cell>& cells, ValueSink& out) {
    for (size_t c = 0; c < columns.size() && c < cells.size(); ++c) {
        out.key(columns[c].key);
        write_cell_json(cells[c], out);
    }
}

void write_record_json(const std::vector<Column>& columns, const std::vector<Cell>& cells, ValueSink& out) {
    out.begin_object();
    write_fields_json(columns, cells, out);
    out.end_object();
}

// The about block: its facts, then each list under its key.
void write_about_json(const TableAbout& a, ValueSink& out) {
    out.begin_object();
    write_fields_json(a.fields, a.values, out);
    for (const auto& l : a.lists) {
        out.key(l.key);
        if (l.single) {
            if (l.rows.empty()) out.null();
            else write_record_json(l.fields, l.rows[0], out);
            continue;
        }
        out.begin_array();
        for (const auto& r : l.rows) write_record_json(l.fields, r, out);
        out.end_array();
    }
    out.end_object();
}

}  // namespace

void CellRef::append_display(std::string& out) const {
    if (!text.empty()) {
        out.append(text);
        return;
    }
    switch (kind) {
    case Kind::Null: out.push_back('-'); break;
    case Kind::Int: append_decimal(out, i); break;
    case Kind::UInt: append_decimal(out, u); break;
    case Kind::Str: out.append(str); break;
    case Kind::Bool: out.append(b ? "yes" : "no"); break;
    case Kind::List: {
        bool first = true;
        for_each_item([&](std::string_view item) {
            if (!first) out.push_back(' ');
            first = false;
            out.append(item);
        });
        break;
    }
    }
}

Cell CellRef::cell() const {
    Cell c;
    switch (kind) {
    case Kind::Null: break;
    case Kind::Int: c = Cell(i); break;
    case Kind::UInt: c = Cell(u); break;
    case Kind::Str: c = Cell(std::string(str)); break;
    case Kind::Bool: c = Cell(b); break;
    case Kind::List: {
        std::vector<std::string> items;
        for_each_item([&](std::string_view item) { items.emplace_back(item); });
        c = Cell(std::move(items));
        break;
    }
    }
    c.text = std::string(text);
    return c;
}

namespace {

size_t decimal_digits(uint64_t v) {
    size_t n = 1;
    while (v >= 10) { v /= 10; ++n; }
    return n;
}

// How many characters Cell::display() of c has, without making it.
size_t display_chars(const Cell& c) {
    if (!c.text.empty()) return display_width(c.text);
    struct V {
        size_t operator()(std::monostate) const { return 1; }
        size_t operator()(int64_t v) const {
            uint64_t mag = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
            return decimal_digits(mag) + (v < 0);
        }
        size_t operator()(uint64_t v) const { return decimal_digits(v); }
        size_t operator()(const std::string& v) const { return display_width(v); }
        size_t operator()(bool v) const { return v ? 3 : 2; }
        size_t operator()(const std::vector<std::string>& v) const {
            size_t n = v.empty() ? 0 : v.size() - 1;
            for (const auto& s : v) n += display_width(s);
            return n;
        }
    };
    return std::visit(V{}, c.value);
}

}  // namespace

void Table::put(const Cell& c, size_t col) {
    if (col >= widths_.size()) widths_.resize(col + 1, 0);
    widths_[col] = std::max(widths_[col], display_chars(c));
    uint8_t head = c.text.empty() ? 0 : kHasText;
    struct V {
        decltype(data_)& out;
        uint8_t head;
        void operator()(std::monostate) const { out.push_back(static_cast<char>(head | uint8_t(CellRef::Kind::Null))); }
        void operator()(int64_t v) const {
            out.push_back(static_cast<char>(head | uint8_t(CellRef::Kind::Int)));
            put_varint(out, (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));   // zigzag
        }
        void operator()(uint64_t v) const {
            out.push_back(static_cast<char>(head | uint8_t(CellRef::Kind::UInt)));
            put_varint(out, v);
        }
        void operator()(const std::string& v) const {
            out.push_back(static_cast<char>(head | uint8_t(CellRef::Kind::Str)));
            put_bytes(out, v);
        }
        void operator()(bool v) const { out.push_back(static_cast<char>(head | uint8_t(CellRef::Kind::Bool) | (v ? kTrue : 0))); }
        void operator()(const std::vector<std::string>& v) const {
            out.push_back(static_cast<char>(head | uint8_t(CellRef::Kind::List)));
            size_t total = 0;
            for (const auto& s : v) total += s.size() + 10;
            std::string items;
            items.reserve(total);
            for (const auto& s : v) put_bytes(items, s);
            put_bytes(out, items);
        }
    };
    std::visit(V{data_, head}, c.value);
    if (!c.text.empty()) put_bytes(data_, c.text);
}

size_t Table::decode(size_t at, CellRef& c) const {
    std::string_view in(data_.data(), data_.size());
    in.remove_prefix(at);
    auto head = static_cast<uint8_t>(in.front());
    in.remove_prefix(1);
    auto take_bytes = [&] {
        size_t n = std::min<size_t>(table_detail::take_varint(in), in.size());
        std::string_view b = in.substr(0, n);
        in.remove_prefix(n);
        return b;
    };
    c.kind = static_cast<CellRef::Kind>(head & 7);
    c.str = {};
    switch (c.kind) {
    case CellRef::Kind::Null: break;
    case CellRef::Kind::Int: {
        uint64_t z = table_detail::take_varint(in);
        c.i = static_cast<int64_t>(z >> 1) ^ -static_cast<int64_t>(z & 1);
        break;
    }
    case CellRef::Kind::UInt: c.u = table_detail::take_varint(in); break;
    case CellRef::Kind::Str:
    case CellRef::Kind::List: c.str = take_bytes(); break;
    case CellRef::Kind::Bool: c.b = head & kTrue; break;
    }
    c.text = (head & kHasText) ? take_bytes() : std::string_view();
    return data_.size() - in.size();
}

Table& Table::add_row(const std::vector<Cell>& r) {
    row_begin_.push_back(data_.size());
    for (size_t col = 0; col < r.size(); ++col) put(r[col], col);
    return *this;
}

void Table::reserve(size_t rows, size_t bytes_per_row) {
    row_begin_.reserve(row_begin_.size() + rows);
    data_.reserve(data_.size() + rows * bytes_per_row);
}

std::vector<Cell> Table::row(size_t r) const {
    std::vector<Cell> cells;
    for_each_cell(r, [&](size_t, const CellRef& c) { cells.push_back(c.cell()); });
    return cells;
}

namespace {

// How many bytes of UTF-8 text `v` its first `chars` characters take.
size_t utf8_prefix_bytes(std::string_view v, size_t chars) {
    size_t at = 0;
    for (size_t n = 0; at < v.size(); ++at) {
        bool starts_char = (static_cast<unsigned char>(v[at]) & 0xc0) != 0x80;
        if (starts_char && n++ == chars) break;
    }
    return at;
}

}  // namespace

void print_table_text(const Table& t, std::FILE* out, bool colour) {
    if (t.about) print_about_text(*t.about, out, colour, !t.columns.empty());
    const size_t nc = t.columns.size();
    // Column widths were kept as rows were added: one pass over the cells, each cell's text made
    // in one reused buffer.
    std::vector<size_t> w(nc, 0);
    for (size_t c = 0; c < nc; ++c) w[c] = std::max(display_width(t.columns[c].title), std::min<size_t>(t.cell_width(c), 60));
    std::string cell;
    std::string s;
    size_t line_start = 0;
    // One cell into the line: padded by characters, not bytes (cells hold UTF-8: file names, comms).
    // The last column text shows: those after it are JSON's alone (no title, blank cells).
    size_t last_shown = nc ? nc - 1 : 0;
    while (last_shown > 0 && t.columns[last_shown].title.empty()) --last_shown;
    std::string cut;
    auto put_cell = [&](size_t c, std::string_view v) {
        bool last = c + 1 == nc;
        bool cuttable = c < last_shown;
        size_t width = display_width(v);
        if (cuttable && width > w[c]) {   // wider than its column (over 60): cut, so the next columns stay in line
            cut.assign(v.substr(0, utf8_prefix_bytes(v, w[c] - 1))).append("\u2026");
            v = cut;
            width = w[c];
        }
        size_t pad = width < w[c] ? w[c] - width : 0;
        if (t.columns[c].right) s.append(pad, ' ').append(v);
        else if (last) s += v;
        else s.append(v).append(pad, ' ');
        if (!last) s += "  ";
    };
    auto end_line = [&] {
        while (s.size() > line_start && s.back() == ' ') s.pop_back();
        s.push_back('\n');
        if (s.size() >= (64u << 10)) {
            std::fwrite(s.data(), 1, s.size(), out);
            s.clear();
        }
        line_start = s.size();
    };
    if (nc == 0) return;   // only the about block
    if (colour) s += "\033[1m";
    for (size_t c = 0; c < nc; ++c) put_cell(c, t.columns[c].title);
    while (!s.empty() && s.back() == ' ') s.pop_back();
    if (colour) s += "\033[0m";
    end_line();
    for (size_t r = 0; r < t.row_count(); ++r) {
        size_t next = 0;   // the next column to print: a short row's missing cells print empty
        t.for_each_cell(r, [&](size_t c, const CellRef& v) {
            if (c >= nc) return;
            cell.clear();
            v.append_display(cell);
            if (cell.empty()) cell = "-";   // an empty string or list: "-" as for a missing value
            put_cell(c, cell);
            next = c + 1;
        });
        for (; next < nc; ++next) put_cell(next, {});
        end_line();
    }
    std::fwrite(s.data(), 1, s.size(), out);
}

void Table::warn(std::string w) {
    if (std::find(warnings.begin(), warnings.end(), w) == warnings.end()) warnings.push_back(std::move(w));
}

void write_table_json(const Table& t, ValueSink& out) {
    out.begin_object();
    out.key("view");
    out.string(t.name);
    if (t.about) {
        out.key(t.about->key);
        write_about_json(*t.about, out);
    }
    if (!t.warnings.empty()) {
        out.key("warnings");
        out.begin_array();
        for (const auto& w : t.warnings) out.string(w);
        out.end_array();
    }
    out.key("rows");
    out.begin_array();
    for (size_t r = 0; r < t.row_count(); ++r) {
        out.begin_object();
        t.for_each_cell(r, [&](size_t c, const CellRef& v) {
            if (c >= t.columns.size()) return;
            out.key(t.columns[c].key);
            write_cell_json(v, out);
        });
        out.end_object();
    }
    out.end_array();
    out.end_object();
}

}  // namespace img
