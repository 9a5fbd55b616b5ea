// UnpackDir: the private folder an archive's members are unpacked into,
// $TMPDIR/criu-img-<pid>-XXXXXX, removed with its files when dropped or on a
// signal (img/temp_dir_cleanup.h); creating one first removes the folders of
// earlier runs whose process is gone.
#pragma once

#include <memory>
#include <string>

#include "img/support/error.h"

namespace img {

class UnpackDir {
public:
    inline static const std::string kPrefix = "criu-img-";

    // A fresh folder under $TMPDIR (or /tmp); errors name `archive`.
    static Expected<std::shared_ptr<UnpackDir>> create(const std::string& archive);
    ~UnpackDir();
    UnpackDir(const UnpackDir&) = delete;
    UnpackDir& operator=(const UnpackDir&) = delete;

    const std::string& path() const { return path_; }
    int fd() const { return fd_; }

private:
    UnpackDir() = default;
    std::string path_;
    int fd_ = -1;
    int slot_ = -1;   // in the signal handlers' registry
};

// The folder temporary files go to: $TMPDIR when set and not empty, else /tmp.
std::string temp_parent();

}  // namespace img
