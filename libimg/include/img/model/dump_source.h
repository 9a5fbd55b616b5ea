// DumpSource: where a dump's image files come from (a directory, or an archive
// whose members are unpacked into a private directory, some only when opened),
// and the `parent` link of incremental dumps.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "img/support/error.h"
#include "img/io/mapped_file.h"

namespace img {

struct ContainerMetadata;   // img/model/checkpoint_archive.h
class ArchiveMembers;       // an archive's members, unpacked on demand (private to the library)

class DumpSource {
public:
    // Opens what the user named: a dump directory, a container checkpoint directory (checkpoint/ plus
    // metadata), or a checkpoint archive. Errors name `path`.
    static Expected<std::unique_ptr<DumpSource>> open_path(const std::string& path);
    // A dump directory. Its `parent` link, if any, is followed lazily by parent().
    static Expected<std::unique_ptr<DumpSource>> open_dir(const std::string& dir);
    // Just the archive case (img/model/checkpoint_archive.h). Bad archives (not an archive, truncated,
    // no checkpoint/, an entry that would land outside the archive such as ../x or /x) give an Error
    // naming the archive.
    static Expected<std::unique_ptr<DumpSource>> open_archive(const std::string& path);

    const std::string& dir() const { return dir_; }
    std::string path_of(const std::string& name) const { return dir_ + "/" + name; }
    // How errors name an image: its path, or for an unpacked archive ARCHIVE:MEMBER
    // ("ckpt.tar.gz:checkpoint/core-1.img"), never the private directory it was unpacked into.
    std::string shown_path(const std::string& name) const;
    bool exists(const std::string& name) const;
    uint64_t size(const std::string& name) const;   // in bytes; 0 when missing
    // Named (and failing) as shown_path(name). A member of an archive not yet unpacked is unpacked
    // first; an Error when the unpacking budget or the archive refuses it.
    Expected<MappedFile> open(const std::string& name) const;
    // File names in the directory, sorted.
    std::vector<std::string> list() const;
    // The previous (pre-)dump through the `parent` link, or nullptr.
    const DumpSource* parent() const;
    // What a Podman/CRI-O checkpoint (archive or directory) says about its container, or nullptr.
    const ContainerMetadata* container() const { return container_.get(); }

private:
    // A Podman checkpoint directory: the images of dir/checkpoint, the metadata beside them.
    static Expected<std::unique_ptr<DumpSource>> open_container_dir(const std::string& dir);

    std::string dir_;
    mutable bool parent_checked_ = false;
    mutable std::unique_ptr<DumpSource> parent_;
    int depth_ = 0;
    std::shared_ptr<const ContainerMetadata> container_;
    std::shared_ptr<ArchiveMembers> unpacked_;   // an archive's members, removed when the source goes
    std::string archive_;                         // the archive the user named ("" for a directory)
    std::map<std::string, std::string> members_;  // unpacked file name -> its member name in archive_
};

}  // namespace img
