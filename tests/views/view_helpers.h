// Running a view in tests: the table, its text (as img-show prints it) and its
// JSON, plus small lookups over rows.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness/schema.h"   // before any generated header: undoes <signal.h>'s sigmask macro
#include "img/model/checkpoint.h"
#include "img/output/json_writer.h"
#include "img/output/table.h"
#include "img/views/views.h"
#include "harness/paths.h"

namespace img::test {

inline std::unique_ptr<img::Checkpoint> open_dump(const std::string& dir) {
    auto d = img::Checkpoint::open(dir);
    EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.error().message());
    return d.ok() ? std::move(*d) : nullptr;
}

inline std::string table_text(const img::Table& t) {
    char* buf = nullptr;
    size_t len = 0;
    std::FILE* f = ::open_memstream(&buf, &len);
    img::print_table_text(t, f, false);
    std::fclose(f);
    std::string s(buf, len);
    std::free(buf);
    return s;
}

inline nlohmann::json table_json(const img::Table& t) {
    img::JsonWriter w(nullptr);
    img::write_table_json(t, w);
    return nlohmann::json::parse(w.str());
}

// Runs view `name` on the dump; fails the test (and returns an empty table) on error.
inline img::Table run_view(img::Checkpoint& d, const std::string& name, std::optional<uint32_t> pid = std::nullopt) {
    const img::ViewInfo* v = img::find_view(name);
    EXPECT_NE(v, nullptr) << name;
    if (!v) return {};
    img::ViewOptions o;
    o.pid = pid;
    auto t = v->fn(d, o);
    EXPECT_TRUE(t.ok()) << name << ": " << (t.ok() ? "" : t.error().message());
    return t.ok() ? std::move(*t) : img::Table{};
}

inline std::vector<std::string> split_lines(const std::string& s) {
    std::vector<std::string> v;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);) v.push_back(l);
    return v;
}

inline std::vector<std::string> tokens(const std::string& line) {
    std::vector<std::string> v;
    std::istringstream in(line);
    for (std::string w; in >> w;) v.push_back(w);
    return v;
}

// True when `want` appears in `have` in order (not necessarily adjacent).
inline bool subsequence(const std::vector<std::string>& have, const std::vector<std::string>& want) {
    size_t i = 0;
    for (const auto& h : have)
        if (i < want.size() && h == want[i]) ++i;
    return i == want.size();
}

// The index of the first line at or after `from` whose tokens hold `want` in order, or -1.
inline long find_line(const std::vector<std::string>& lines, const std::vector<std::string>& want, size_t from = 0) {
    for (size_t i = from; i < lines.size(); ++i)
        if (subsequence(tokens(lines[i]), want)) return static_cast<long>(i);
    return -1;
}

inline std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : " ") + x;
    return s;
}

}  // namespace img::test
