// Checkpoint: the model of one checkpoint (a directory, or an archive unpacked for
// reading). Each image is loaded once, and only when a question needs it.
#pragma once

#include <cstdint>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <google/protobuf/arena.h>

#include "core.pb.h"
#include "fdinfo.pb.h"
#include "fs.pb.h"
#include "img/model/dump_source.h"
#include "img/support/error.h"
#include "img/model/file_table.h"
#include "img/model/pagemap_reader.h"
#include "inventory.pb.h"
#include "memfd.pb.h"
#include "mm.pb.h"
#include "mnt.pb.h"
#include "pstree.pb.h"

namespace img {

class Checkpoint {
public:
    // A dump directory, a Podman/CRI-O checkpoint directory (checkpoint/ + metadata), or a checkpoint
    // archive (tar, tar.gz, tar.zst; unpacked into a temporary directory removed with the Checkpoint).
    static Expected<std::unique_ptr<Checkpoint>> open(const std::string& path);
    static std::unique_ptr<Checkpoint> from_source(std::unique_ptr<DumpSource> src, std::string label);

    const DumpSource& source() const { return *src_; }
    const std::string& label() const { return label_; }   // what the user named
    // The container metadata of a checkpoint archive or directory (config.dump, spec.dump), or nullptr.
    const ContainerMetadata* container() const { return src_->container(); }

    // Each returns nullptr when the image does not exist, an Error when it is unreadable.
    Expected<const cimg::InventoryEntry*> inventory();
    Expected<const std::vector<cimg::PstreeEntry>*> pstree();
    Expected<const cimg::PstreeEntry*> task(uint32_t pid);
    Expected<const cimg::CoreEntry*> core(uint32_t tid);
    Expected<const cimg::TaskKobjIdsEntry*> ids(uint32_t pid);
    Expected<const cimg::MmEntry*> mm(uint32_t pid);
    Expected<const cimg::FsEntry*> fs(uint32_t pid);
    Expected<const std::vector<cimg::FdinfoEntry>*> fdinfo(uint32_t pid);   // through ids.files_id
    Expected<const FileTable*> files();
    // Starts reading files.img on a second thread, for a view that needs it after other work
    // (a task's memory map, read meanwhile): files() then waits for it. Nothing happens when it is
    // read or being read already, or when no thread can be started.
    void prefetch_files();
    Expected<const std::vector<cimg::MemfdInodeEntry>*> memfd_inodes();
    Expected<const std::vector<cimg::MntEntry>*> mounts(uint32_t mnt_ns_id);
    Expected<PagemapReader*> pagemap(uint32_t pid);
    Expected<PagemapReader*> shmem_pagemap(uint64_t shmid);

    // True when the task's core says it is dead (a zombie: only a core, no other images).
    Expected<bool> is_zombie(uint32_t pid);

private:
    template <class M>
    Expected<const M*> single(std::map<uint32_t, const M*>& cache, const std::string& name, uint32_t key);

    Checkpoint();

    // Per-task messages (cores, ids, mm, fs) live here: an mm of 100,000 VMAs parses by bump allocation.
    std::unique_ptr<google::protobuf::Arena> arena_;
    std::vector<std::unique_ptr<google::protobuf::Arena>> big_arenas_;   // one per big image
    std::unique_ptr<DumpSource> src_;
    std::string label_;
    std::optional<std::optional<cimg::InventoryEntry>> inventory_;
    std::optional<std::vector<cimg::PstreeEntry>> pstree_;
    bool pstree_loaded_ = false;
    std::map<uint32_t, const cimg::CoreEntry*> cores_;
    std::map<uint32_t, const cimg::TaskKobjIdsEntry*> ids_;
    std::map<uint32_t, const cimg::MmEntry*> mms_;
    std::map<uint32_t, const cimg::FsEntry*> fss_;
    std::map<uint32_t, std::optional<std::vector<cimg::FdinfoEntry>>> fdinfos_;
    std::optional<FileTable> files_;
    // files.img being read by prefetch_files() (only src_'s const members are used there; declared
    // after src_, so it is waited for before src_ goes).
    std::future<Expected<FileTable>> files_loading_;
    std::optional<std::optional<std::vector<cimg::MemfdInodeEntry>>> memfds_;
    std::map<uint32_t, std::optional<std::vector<cimg::MntEntry>>> mounts_;
    std::map<uint32_t, std::unique_ptr<PagemapReader>> pagemaps_;
    std::map<uint64_t, std::unique_ptr<PagemapReader>> shmem_pagemaps_;
};

}  // namespace img
