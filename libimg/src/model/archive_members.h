// ArchiveMembers: the files of one archive's checkpoint/, unpacked into an
// UnpackDir only when something opens them, within a budget of unpacked bytes.
// The images a model reads by path (every image with a header, small) are
// unpacked during the one scan of the archive; the others (pages-*.img, raw
// network and tmpfs dumps, unknown files) get a sparse placeholder of their
// declared size, so listing and stat() answer, and are unpacked on first open
// by reading on from the last member unpacked, or the archive again from its start.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "archive_api.h"
#include "img/support/error.h"
#include "unpack_dir.h"

namespace img {

class ArchiveMembers {
public:
    ArchiveMembers(std::string archive, std::shared_ptr<UnpackDir> dir, uint64_t budget)
        : archive_(std::move(archive)), dir_(std::move(dir)), budget_(budget) {}

    // The scan is at member number `index` of the archive, to be stored as `file` in the folder
    // (`shown` as errors name it: "checkpoint/pages-1.img"). Unpacks it now when `eager`.
    Expected<void> add(archive* a, const ArchiveApi& la, archive_entry* ent, uint64_t index, const std::string& file,
                       const std::string& shown, bool eager);
    // Unpacks `file` if it is a member still waiting; an Error (named ARCHIVE:MEMBER) when the budget
    // or the archive refuses it, the same one on every later call.
    Expected<void> ensure(const std::string& file);

    const std::string& dir() const { return dir_->path(); }
    uint64_t budget() const { return budget_; }
    uint64_t unpacked() const { return used_; }

private:
    struct Member {
        std::string shown;
        uint64_t index = 0;
        std::optional<uint64_t> declared;   // the size in the header
        bool pending = false;
        std::optional<Error> failed;
    };
    Expected<void> write(archive* a, const ArchiveApi& la, const std::string& file, Member& m);
    Error fail(const Member& m, std::string what) const;
    Expected<void> within_budget(const Member& m) const;   // by its declared size

    std::string archive_;
    std::shared_ptr<UnpackDir> dir_;
    uint64_t budget_;
    uint64_t used_ = 0;
    std::map<std::string, Member> members_;
    ArchivePtr cursor_;                     // the archive, read up to member next_index_, after an unpack
    uint64_t next_index_ = 0;
    std::mutex mu_;   // a view may open files on a second thread
};

// The budget when none is set: 64 times the archive's size, at least 256 MiB, and never more than
// the free space of `parent`'s filesystem less 64 MiB.
uint64_t default_unpack_budget(uint64_t archive_size, const std::string& parent);

}  // namespace img
