#include "harness/capture_roots.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>

#include <gtest/gtest.h>

#include "harness/paths.h"

namespace fs = std::filesystem;

namespace img::test {

namespace {

int sh(const std::string& cmd) { return std::system(cmd.c_str()); }

// The Debian system files the host captures map, copied from this machine, and a dev/null.
void add_system_files(const std::string& corpus, const std::string& root) {
    fs::create_directories(root + "/dev");
    sh("cp -a /dev/null '" + root + "/dev/null' 2>/dev/null");
    std::ifstream list(corpus + "/host-root.system-files.txt");
    for (std::string f; std::getline(list, f);)
        if (!f.empty() && f != "/dev/null") sh("cp --parents -a '" + f + "' '" + root + "' 2>/dev/null");
}

}  // namespace

std::string capture_root(const std::string& name) {
    static const std::map<std::string, std::string> kTarballs = {
        {"relocate", "relocate-host.root.tar.gz"}, {"aufs", "aufs-container.root.tar.gz"}, {"host", "host-root.tar.gz"}};
    static std::mutex m;
    static std::unique_ptr<TempDir> dir;   // removed when the program ends
    static std::map<std::string, bool> made;
    auto tarball = kTarballs.find(name);
    if (tarball == kTarballs.end() || !shared_dir()) {
        ADD_FAILURE() << "no capture root '" << name << "' (" << shared_missing_reason() << ")";
        return "";
    }
    std::lock_guard lock(m);
    if (!dir) dir = std::make_unique<TempDir>();
    std::string root = dir->file(name);
    if (made[name]) return root;
    const std::string corpus = *shared_dir() + "/criu-images";
    fs::create_directories(root);
    if (sh("tar -xzf '" + corpus + "/" + tarball->second + "' -C '" + root + "'") != 0) {
        ADD_FAILURE() << "cannot unpack " << tarball->second;
        return "";
    }
    if (name == "host") add_system_files(corpus, root);
    made[name] = true;
    return root;
}

}  // namespace img::test
