// Table: the records a view produces (named columns, typed cells). One table
// prints as aligned text columns or as JSON objects, from the same data.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <utility>
#include <vector>

#include "img/support/bulk_memory.h"
#include "img/output/value_sink.h"

namespace img {

struct Cell {
    // JSON value: null, number, string, bool, or a list of strings.
    std::variant<std::monostate, int64_t, uint64_t, std::string, bool, std::vector<std::string>> value;
    std::string text;   // how the text printer shows it (empty: derived from value)

    Cell() = default;
    Cell(uint64_t v) : value(v) {}
    Cell(uint32_t v) : value(static_cast<uint64_t>(v)) {}
    Cell(int64_t v) : value(v) {}
    Cell(int v) : value(static_cast<int64_t>(v)) {}
    Cell(bool v) : value(v) {}
    Cell(std::string v) : value(std::move(v)) {}
    Cell(const char* v) : value(std::string(v)) {}
    Cell(std::vector<std::string> v) : value(std::move(v)) {}
    static Cell hex(uint64_t v);                        // number in JSON, 0x... in text
    static Cell shown(Cell c, std::string text) { c.text = std::move(text); return c; }
    std::string display() const;
};

struct Column {
    std::string key;      // JSON key
    std::string title;    // text header
    bool right = false;   // right-aligned in text
};

// Records that belong to the facts of a TableAbout rather than to the table's rows (a container's
// network interfaces, its mounts): in text a small aligned table under `title`, indented below the
// facts (left out when it has no rows); in JSON an array of objects under `key` (one object when
// `single`), always present.
struct AboutList {
    std::string key;      // JSON key ("mounts")
    std::string title;    // text heading ("Mounts (spec.dump)")
    std::vector<Column> fields;
    std::vector<std::vector<Cell>> rows;
    bool single = false;  // one record: a JSON object (null when there is no row), not an array
};

// Facts about the whole table rather than one row (the container a checkpoint came from): printed
// above the rows as "title: value" lines (empty values left out), then its lists; in JSON an object
// under `key` holding the facts and the lists.
struct TableAbout {
    std::string key;      // JSON key ("container")
    std::string title;    // text heading ("Container")
    std::vector<Column> fields;
    std::vector<Cell> values;
    std::vector<AboutList> lists;
};

// A cell as a Table holds it, read back without copying: views of the table's storage, valid
// while the table lives and is not added to.
struct CellRef {
    enum class Kind : uint8_t { Null, Int, UInt, Str, Bool, List };
    Kind kind = Kind::Null;
    int64_t i = 0;            // Int
    uint64_t u = 0;           // UInt
    bool b = false;           // Bool
    std::string_view str;     // Str: the string; List: its items, encoded (for_each_item reads them)
    std::string_view text;    // how the text printer shows it (empty: derived from the value)

    // Appends what the text printer shows ("-" for null, decimal numbers, "yes"/"no", list items
    // joined by spaces).
    void append_display(std::string& out) const;
    // Calls fn(std::string_view) for each item of a List.
    template <class F>
    void for_each_item(F&& fn) const;
    Cell cell() const;        // a Cell holding the same value and text
};

// Rows of cells, stored compactly: every cell is encoded into one byte buffer (a kind byte, the
// value, the text), so a view of 100,000 rows costs a few bytes a cell and no allocation per row.
class Table {
public:
    std::string name;     // the view ("ps", "fds", ...)
    std::vector<Column> columns;
    std::optional<TableAbout> about;
    // What the rows cannot show because the dump lacks it ("ids-42.img is missing: ..."): a tool
    // tells the user; JSON carries them as "warnings" (left out when there are none).
    std::vector<std::string> warnings;
    void warn(std::string w);   // adds w once

    Table& add_row(const std::vector<Cell>& r);
    template <class... C>
    Table& add(const C&... cells) {
        row_begin_.push_back(data_.size());
        size_t col = 0;
        (put(cells, col++), ...);
        return *this;
    }
    // Room for `rows` more rows of about `bytes_per_row` encoded bytes.
    void reserve(size_t rows, size_t bytes_per_row);

    size_t row_count() const { return row_begin_.size(); }
    bool empty() const { return row_begin_.empty(); }
    // Calls fn(size_t column, const CellRef&) for each cell of row `r`, in order.
    template <class F>
    void for_each_cell(size_t r, F&& fn) const {
        size_t at = row_begin_[r], end = r + 1 < row_begin_.size() ? row_begin_[r + 1] : data_.size();
        CellRef c;
        for (size_t col = 0; at < end; ++col) {
            at = decode(at, c);
            fn(col, static_cast<const CellRef&>(c));
        }
    }
    std::vector<Cell> row(size_t r) const;   // a copy of row `r` (tests, small views)
    // The widest text shown in column `col` of any row, in characters (kept as rows are added).
    size_t cell_width(size_t col) const { return col < widths_.size() ? widths_[col] : 0; }

private:
    void put(const Cell& c, size_t col);
    size_t decode(size_t at, CellRef& c) const;   // the cell at `at` into c; returns the next offset

    std::basic_string<char, std::char_traits<char>, BulkAllocator<char>> data_;
    std::vector<size_t> row_begin_;
    std::vector<size_t> widths_;
};

namespace table_detail {
// A base-128 varint from the front of `in` (0 if it runs out).
inline uint64_t take_varint(std::string_view& in) {
    uint64_t v = 0;
    for (int shift = 0; !in.empty() && shift < 64; shift += 7) {
        auto b = static_cast<uint8_t>(in.front());
        in.remove_prefix(1);
        v |= static_cast<uint64_t>(b & 0x7f) << shift;
        if (!(b & 0x80)) break;
    }
    return v;
}
}  // namespace table_detail

template <class F>
void CellRef::for_each_item(F&& fn) const {
    // List items: each a varint length, then the bytes.
    std::string_view rest = str;
    while (!rest.empty()) {
        size_t n = std::min<size_t>(table_detail::take_varint(rest), rest.size());
        fn(rest.substr(0, n));
        rest.remove_prefix(n);
    }
}

// Aligned columns with a header line. A column is at most 60 characters wide: a longer cell is
// cut to fit and ends in "…" (the last column is never cut). An empty cell shows "-". A table
// without columns (one that holds only its `about`) prints no header line.
void print_table_text(const Table& t, std::FILE* out, bool colour_headers = false);
// {"view": name, [about.key: {...},] "rows": [{key: value, ...}, ...]} into a sink (the caller may wrap several tables).
void write_table_json(const Table& t, ValueSink& out);

}  // namespace img
