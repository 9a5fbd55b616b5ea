// Table: cells of every kind survive the compact encoding, and print as text and JSON.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "img/support/display.h"
#include "view_helpers.h"

namespace {

using img::Cell;
using img::Table;

Table two_columns() {
    Table t;
    t.name = "test";
    t.columns = {{"a", "A", true}, {"b", "B"}};
    return t;
}

TEST(Table, EveryKindOfCellReadsBackAsItWasAdded) {
    const std::vector<Cell> cells = {
        Cell(),
        Cell(int64_t{0}),
        Cell(int64_t{-1}),
        Cell(std::numeric_limits<int64_t>::min()),
        Cell(std::numeric_limits<int64_t>::max()),
        Cell(uint64_t{127}),
        Cell(uint64_t{128}),
        Cell(std::numeric_limits<uint64_t>::max()),
        Cell(true),
        Cell(false),
        Cell(""),
        Cell(std::string(300, 'x')),
        Cell(std::string("nul\0inside", 10)),
        Cell(std::vector<std::string>{}),
        Cell(std::vector<std::string>{"", "one", std::string(200, 'y'), ""}),
        Cell::hex(0xdeadbeef),
        Cell::shown(Cell(), "exe"),
        Cell::shown(Cell("value"), "shown"),
        Cell::shown(Cell(std::vector<std::string>{"a", "b"}), "a,b"),
    };
    Table t;
    t.columns.resize(cells.size());
    t.add_row(cells);
    t.add_row({Cell(uint64_t{7})});   // a short row after a long one
    ASSERT_EQ(t.row_count(), 2u);
    std::vector<Cell> back = t.row(0);
    ASSERT_EQ(back.size(), cells.size());
    for (size_t i = 0; i < cells.size(); ++i) {
        EXPECT_EQ(back[i].value, cells[i].value) << "cell " << i;
        EXPECT_EQ(back[i].text, cells[i].text) << "cell " << i;
        EXPECT_EQ(back[i].display(), cells[i].display()) << "cell " << i;
    }
    ASSERT_EQ(t.row(1).size(), 1u);
    EXPECT_EQ(t.row(1)[0].value, Cell(uint64_t{7}).value);
}

TEST(Table, AddAndAddRowStoreTheSameRows) {
    Table a = two_columns(), b = two_columns();
    for (int i = 0; i < 1000; ++i) {
        a.add(Cell(int64_t{i - 500}), Cell(std::string(static_cast<size_t>(i % 40), 'z')));
        b.add_row({Cell(int64_t{i - 500}), Cell(std::string(static_cast<size_t>(i % 40), 'z'))});
    }
    a.reserve(10, 100);   // reserving after rows keeps them
    ASSERT_EQ(a.row_count(), 1000u);
    EXPECT_EQ(img::test::table_text(a), img::test::table_text(b));
    EXPECT_EQ(img::test::table_json(a), img::test::table_json(b));
    EXPECT_EQ(a.row(999)[0].value, Cell(int64_t{499}).value);
}

TEST(Table, TextAlignsColumnsAndFillsShortRows) {
    Table t;
    t.columns = {{"n", "N", true}, {"name", "NAME"}, {"note", "NOTE"}};
    t.add(Cell(uint64_t{5}), Cell("caf\xc3\xa9"), Cell(true));
    t.add_row({Cell(uint64_t{12345})});
    t.add(Cell(int64_t{-3}), Cell(), Cell(std::vector<std::string>{"x", "y"}));
    EXPECT_EQ(img::test::table_text(t),
              "    N  NAME  NOTE\n"
              "    5  café  yes\n"
              "12345\n"
              "   -3  -     x y\n");
}

// A cell wider than 60 characters is cut to its column with "…" (never in the last column shown,
// whatever JSON-only columns follow it); an empty string or list shows "-".
TEST(Table, TextCutsLongCellsAndShowsADashForEmptyOnes) {
    Table t;
    t.columns = {{"path", "PATH"}, {"n", "N", true}, {"tail", "TAIL"}, {"json", ""}};
    const std::string long_path = "/" + std::string(70, 'a');
    t.add(Cell(long_path), Cell(uint64_t{7}), Cell(long_path), Cell::shown(Cell(uint64_t{1}), " "));
    t.add(Cell(""), Cell(uint64_t{8}), Cell(std::vector<std::string>{}), Cell::shown(Cell(uint64_t{2}), " "));
    EXPECT_EQ(img::test::table_text(t),
              "PATH" + std::string(58, ' ') + "N  TAIL\n" +
              "/" + std::string(58, 'a') + "\u2026  7  " + long_path + "\n" +
              "-" + std::string(61, ' ') + "8  -\n");
    auto j = img::test::table_json(t);
    EXPECT_EQ(j["rows"][0]["path"], long_path);
    EXPECT_EQ(j["rows"][1]["path"], "");
}

TEST(Table, KeptWidthIsTheWidestDisplayOfEachColumn) {
    const std::vector<std::vector<Cell>> rows = {
        {Cell(), Cell(int64_t{-1}), Cell(std::numeric_limits<int64_t>::min()), Cell(uint64_t{0}), Cell(true), Cell("")},
        {Cell(uint64_t{9}), Cell(int64_t{10}), Cell(std::numeric_limits<int64_t>::max()), Cell(std::numeric_limits<uint64_t>::max()),
         Cell(false), Cell(std::vector<std::string>{"caf\xc3\xa9", "", "x"})},
        {Cell::hex(0xabcdef), Cell::shown(Cell(), "t\xc3\xa9xt"), Cell(int64_t{-99999}), Cell(uint64_t{99999}), Cell(),
         Cell(std::vector<std::string>{})},
        {Cell(uint64_t{10})},
    };
    Table t;
    t.columns.resize(6);
    for (const auto& r : rows) t.add_row(r);
    for (size_t c = 0; c < 6; ++c) {
        size_t widest = 0;
        for (const auto& r : rows)
            if (c < r.size()) widest = std::max(widest, img::display_width(r[c].display()));
        EXPECT_EQ(t.cell_width(c), widest) << "column " << c;
    }
    EXPECT_EQ(t.cell_width(6), 0u);
}

TEST(Table, JsonHasTypedValuesAndIgnoresText) {
    Table t = two_columns();
    t.add(Cell::hex(255), Cell(std::vector<std::string>{"p", "q"}));
    t.add(Cell(int64_t{-9}), Cell::shown(Cell(), "shown only in text"));
    t.add(Cell(false), Cell("s"));
    auto j = img::test::table_json(t);
    EXPECT_EQ(j["view"], "test");
    ASSERT_EQ(j["rows"].size(), 3u);
    EXPECT_EQ(j["rows"][0]["a"], 255);
    EXPECT_EQ(j["rows"][0]["b"], nlohmann::json::array({"p", "q"}));
    EXPECT_EQ(j["rows"][1]["a"], -9);
    EXPECT_TRUE(j["rows"][1]["b"].is_null());
    EXPECT_EQ(j["rows"][2]["a"], false);
    EXPECT_EQ(j["rows"][2]["b"], "s");
}

TEST(Table, HundredThousandRowsReadBackAndPrint) {
    Table t = two_columns();
    t.reserve(100000, 16);
    for (uint64_t i = 0; i < 100000; ++i) t.add(Cell(i), Cell("row"));
    ASSERT_EQ(t.row_count(), 100000u);
    EXPECT_EQ(t.row(99999)[0].value, Cell(uint64_t{99999}).value);
    EXPECT_EQ(img::test::split_lines(img::test::table_text(t)).size(), 100001u);
}

}  // namespace
