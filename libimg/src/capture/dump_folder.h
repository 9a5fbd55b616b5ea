// DumpFolder: the images of one dump, written into a temporary folder beside the target and
// renamed into place only when whole, so an interrupted dump never looks complete.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/message_lite.h>

#include "img/support/error.h"

namespace img {

class DumpFolder {
public:
    // `dir` must not exist, or be an empty folder (it is then replaced by the rename).
    static Expected<DumpFolder> create(const std::string& dir);
    DumpFolder(DumpFolder&& o) noexcept;
    DumpFolder& operator=(DumpFolder&&) = delete;
    ~DumpFolder();   // removes the temporary folder unless committed

    // One image of `kind` (a name of the image-kind table) holding these messages; each message
    // may carry payload bytes after it (pipe data, a ghost file's contents).
    struct Entry {
        const google::protobuf::MessageLite* message;
        std::string_view payload;
    };
    Expected<void> write_image(const std::string& name, std::string_view kind, const std::vector<Entry>& entries);
    Expected<void> write_image(const std::string& name, std::string_view kind,
                               const std::vector<const google::protobuf::MessageLite*>& messages);
    // A raw file (pages-N.img) opened for writing: the descriptor, owned by the caller.
    Expected<int> open_raw(const std::string& name);
    const std::string& temp_path() const { return tmp_; }

    // fsyncs the folder and renames it to its final name.
    Expected<void> commit();

private:
    DumpFolder(std::string dir, std::string tmp, int slot) : dir_(std::move(dir)), tmp_(std::move(tmp)), slot_(slot) {}
    std::string dir_;
    std::string tmp_;
    int slot_ = -1;
    bool committed_ = false;
};

}  // namespace img
