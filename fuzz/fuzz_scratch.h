// fuzz_scratch: a private folder under /tmp for targets whose reader takes a path, made once
// per process and removed with everything in it when the process ends normally.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

class FuzzScratch {
public:
    explicit FuzzScratch(const char* name) {
        std::string tmpl = std::string("/tmp/") + name + ".XXXXXX";
        if (const char* d = ::mkdtemp(tmpl.data())) dir_ = d;
    }
    ~FuzzScratch() {
        std::error_code ec;
        if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
    }
    FuzzScratch(const FuzzScratch&) = delete;
    FuzzScratch& operator=(const FuzzScratch&) = delete;
    // DIR/name ("/tmp/name" when the folder could not be made).
    std::string path(const std::string& name) const { return (dir_.empty() ? "/tmp" : dir_) + "/" + name; }

private:
    std::string dir_;
};
