// Table: the records a view produces (named columns, typed cells). One table
// prints as aligned text columns or as JSON objects, from the same data.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <variant>
#include <utility>
#include <vector>

#include "img/value_sink.h"

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

// Facts about the whole table rather than one row (the container a checkpoint came from): printed
// above the rows as "title: value" lines (empty values left out), and in JSON as an object under `key`.
struct TableAbout {
    std::string key;      // JSON key ("container")
    std::string title;    // text heading ("Container")
    std::vector<Column> fields;
    std::vector<Cell> values;
};

struct Table {
    std::string name;     // the view ("ps", "fds", ...)
    std::vector<Column> columns;
    std::vector<std::vector<Cell>> rows;
    std::optional<TableAbout> about;

    Table& add_row(std::vector<Cell> r) { rows.push_back(std::move(r)); return *this; }
    // The same, moving the cells in (a braced list copies them): for views with many rows.
    template <class... C>
    Table& add(C&&... cells) {
        std::vector<Cell> r;
        r.reserve(sizeof...(C));
        (r.emplace_back(std::forward<C>(cells)), ...);
        return add_row(std::move(r));
    }
};

// Aligned columns with a header line; a cell wider than 60 characters is not padded further.
void print_table_text(const Table& t, std::FILE* out, bool colour_headers = false);
// {"view": name, [about.key: {...},] "rows": [{key: value, ...}, ...]} into a sink (the caller may wrap several tables).
void write_table_json(const Table& t, ValueSink& out);

}  // namespace img
