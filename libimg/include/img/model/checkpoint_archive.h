// Container checkpoints as Podman and CRI-O write them: an archive (tar,
// tar.gz, tar.zst) or a directory holding the CRIU images under checkpoint/
// and the container's metadata beside them (config.dump, spec.dump, network.status, ...).
// An archive's members under checkpoint/ are unpacked into a private temporary
// directory that lives as long as the DumpSource: the images with a header
// when the archive is opened, pages and other raw files only when opened,
// within a budget of unpacked bytes; nothing else is extracted.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "img/model/checkpoint_size.h"
#include "img/model/dump_source.h"
#include "img/support/error.h"

namespace img {

struct ContainerMetadata {
    std::string origin;                    // the archive or directory the user named
    bool archive = false;
    std::optional<nlohmann::json> config;  // config.dump (Podman's container config; CRI-O writes the same keys)
    std::optional<nlohmann::json> spec;    // spec.dump (the OCI runtime spec)
    std::optional<nlohmann::json> network; // network.status (Podman's networks: addresses, MACs, gateways)
    std::optional<nlohmann::json> deleted; // deleted.files (paths deleted from the container's root)
    std::vector<std::string> entries;      // top-level names beside checkpoint/ (rootfs-diff.tar, stats-dump, ...)
    std::vector<std::string> warnings;     // metadata present but unreadable, entries skipped
    CheckpointSize size;                   // checkpoint/'s files, its pages, rootfs-diff.tar (see checkpoint_size.h)

    // checkpoint/ holds no image: the checkpoint carries only its container's metadata.
    bool images_absent() const { return size.files == 0; }

    // From config.dump ("" when absent): name, id, image (rootfsImageName, else rootfsImage),
    // created (createdTime, as written), runtime.
    std::string name() const;
    std::string id() const;
    std::string image() const;
    std::string created() const;
    std::string checkpointed() const;
    std::string runtime() const;
    // From spec.dump: process.args, root.path.
    std::vector<std::string> args() const;
    std::string root() const;
};

// True when `path` is something DumpSource::open_path reads rather than one image file: a directory, or a
// regular file whose first bytes are those of an archive (gzip, zstd, xz, bzip2, or a tar header) and
// whose name is not an image's (a raw pages-N.img may start with any bytes). "-" is never a dump.
bool is_dump_path(const std::string& path);

// The budget of unpacked bytes for archives opened from now on (nullopt: the default, 64 times the
// archive's size, at least 256 MiB, at most the free space of $TMPDIR's filesystem less 64 MiB).
// Passing it unpacks nothing more: the member is refused with an Error naming archive and member.
// One setting for the process, set by a tool's main (--max-unpacked) before it opens a dump.
void set_max_unpacked(std::optional<uint64_t> bytes);

}  // namespace img
