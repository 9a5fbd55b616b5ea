// What the img-fixpaths cli tests share: running the tool, the shared corpus,
// writable copies of a dump in a temp dir, and the backups and temporaries a
// run leaves beside or inside it.
#pragma once

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/dir_snapshot.h"
#include "harness/paths.h"
#include "harness/process.h"

namespace img::test::fixpaths {

inline RunResult fix(std::vector<std::string> args, int timeout_seconds = 60) {
    args.insert(args.begin(), tool_path("img-fixpaths"));
    return run(args, std::nullopt, "", timeout_seconds);
}

inline std::string corpus() { return *shared_dir() + "/criu-images"; }

// The real relocation capture (a dump whose paths lie under a host folder) and its branch map.
inline std::string captured() { return captured_dir() + "/relocate-host"; }
inline std::string captured_map() { return captured_dir() + "/relocate-host.map"; }

#define SKIP_WITHOUT_SHARED()                                                                   \
    do {                                                                                        \
        if (!img::test::shared_dir()) GTEST_SKIP() << img::test::shared_missing_reason();       \
    } while (0)

// A dump copied into a temp dir: <tmp>/<name>/.
struct DumpCopy {
    TempDir tmp;
    std::string dir;
    explicit DumpCopy(const std::string& from, const std::string& name = "dump") : dir(tmp.file(name)) {
        copy_dump(from, dir);
    }
};

// Backup directories the tool created beside the dump.
inline std::vector<std::string> backups_beside(const DumpCopy& d) {
    std::vector<std::string> v;
    for (const auto& n : dir_names(d.tmp.path()))
        if (n.find(".fixpaths-backup-") != std::string::npos) v.push_back(d.tmp.file(n));
    return v;
}

inline void expect_no_temps(const std::string& dir) {
    for (const auto& n : dir_names(dir)) EXPECT_FALSE(is_temp_name(n)) << "temp file left in " << dir << ": " << n;
}

inline bool contains(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

}  // namespace img::test::fixpaths
