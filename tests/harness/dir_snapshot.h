// Whole dump directories in tests: copy one, snapshot its files' bytes, and
// say how two snapshots differ. Header-only (the img-fixpaths cli and robust
// suites use it).
#pragma once

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/paths.h"

namespace img::test {

// file name -> bytes, for the regular files directly inside a directory.
using DirSnapshot = std::map<std::string, std::string>;

inline DirSnapshot snapshot_dir(const std::string& dir) {
    DirSnapshot s;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (e.is_regular_file()) s[e.path().filename().string()] = slurp(e.path().string());
    if (ec) ADD_FAILURE() << "cannot list " << dir << ": " << ec.message();
    return s;
}

// Every name in a directory (files, links, sub-directories), sorted.
inline std::vector<std::string> dir_names(const std::string& dir) {
    std::vector<std::string> v;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) v.push_back(e.path().filename().string());
    std::sort(v.begin(), v.end());
    return v;
}

// Copies the regular files of `from` into a new directory `to`, writable (the
// shared corpus is read-only).
inline void copy_dump(const std::string& from, const std::string& to) {
    std::filesystem::create_directories(to);
    for (const auto& e : std::filesystem::directory_iterator(from)) {
        if (!e.is_regular_file()) continue;
        std::string dst = to + "/" + e.path().filename().string();
        spit(dst, slurp(e.path().string()));
        ::chmod(dst.c_str(), 0644);
    }
}

// Our temporary files: ".criu-img.<base>.<pid>.tmp".
inline bool is_temp_name(const std::string& n) {
    return n.rfind(".criu-img.", 0) == 0 && n.size() > 14 && n.compare(n.size() - 4, 4, ".tmp") == 0;
}

// "" when equal, else which names are missing, extra or different.
inline std::string snapshot_diff(const DirSnapshot& want, const DirSnapshot& got) {
    std::string s;
    for (const auto& [n, b] : want) {
        auto it = got.find(n);
        if (it == got.end()) s += "  missing: " + n + "\n";
        else if (it->second != b)
            s += "  differs: " + n + " (" + std::to_string(b.size()) + " vs " + std::to_string(it->second.size()) + " bytes)\n";
    }
    for (const auto& [n, b] : got)
        if (!want.count(n)) s += "  extra: " + n + "\n";
    return s;
}

}  // namespace img::test
