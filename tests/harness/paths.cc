#include "harness/paths.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace img::test {

namespace fs = std::filesystem;

std::string source_dir() { return IMG_SOURCE_DIR; }
std::string binary_dir() { return IMG_BINARY_DIR; }
std::string testdata_dir() { return source_dir() + "/testdata"; }
std::string gen_dir() { return testdata_dir() + "/gen"; }
std::string captured_dir() { return testdata_dir() + "/captured"; }

std::string shared_dir_candidate() {
    if (const char* env = std::getenv("IMG_SHARED_DIR"); env && *env) return env;
    return IMG_SHARED_DIR;
}

std::optional<std::string> shared_dir() {
    std::string d = shared_dir_candidate();
    if (!dir_exists(d + "/criu-images")) return std::nullopt;
    return d;
}

std::string shared_missing_reason() {
    return "shared corpus not found (" + shared_dir_candidate() +
           "/criu-images is missing; set IMG_SHARED_DIR to point elsewhere)";
}

std::string tool_path(const std::string& name) { return binary_dir() + "/tools/" + name; }

std::string base_name(const std::string& path) {
    size_t s = path.find_last_of('/');
    return s == std::string::npos ? path : path.substr(s + 1);
}

bool file_exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool dir_exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) { ADD_FAILURE() << "cannot read " << path; return {}; }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> v;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) v.push_back(l);
    return v;
}

void spit(const std::string& path, const std::string& data) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    if (!out) ADD_FAILURE() << "cannot write " << path;
}

TempDir::TempDir() : TempDir(fs::temp_directory_path().string()) {}

TempDir::TempDir(const std::string& parent) {
    std::string base = parent + "/criu-img-test.XXXXXX";
    if (!::mkdtemp(base.data())) ADD_FAILURE() << "mkdtemp failed for " << base;
    path_ = base;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

}  // namespace img::test
