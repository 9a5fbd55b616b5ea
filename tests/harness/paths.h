// Where things are when the tests run: the source tree (testdata/), the
// optional shared/ corpus, and the build tree (tool binaries).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace img::test {

std::string source_dir();                 // IMG_SOURCE_DIR
std::string binary_dir();                 // IMG_BINARY_DIR
std::string testdata_dir();               // <source>/testdata
std::string gen_dir();                    // <source>/testdata/gen
std::string captured_dir();               // <source>/testdata/captured
// The shared/ folder, when it exists and holds criu-images/ (nullopt otherwise).
std::optional<std::string> shared_dir();
// Where shared/ is looked for: $IMG_SHARED_DIR if set, else the configured IMG_SHARED_DIR.
std::string shared_dir_candidate();
// Why shared-corpus tests are skipped: "shared corpus not found (<dir>/criu-images is missing)...".
std::string shared_missing_reason();
// <binary>/tools/<name>
std::string tool_path(const std::string& name);

std::string base_name(const std::string& path);
bool file_exists(const std::string& path);
bool dir_exists(const std::string& path);
// Whole file as bytes; fails the current test (and returns "") when unreadable.
std::string slurp(const std::string& path);
void spit(const std::string& path, const std::string& data);
// The lines of `text`, without their line ends.
std::vector<std::string> lines_of(const std::string& text);

// A fresh directory under $TMPDIR, removed with its contents on destruction.
class TempDir {
public:
    TempDir();
    explicit TempDir(const std::string& parent);   // under `parent` instead of the temp dir
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

}  // namespace img::test
