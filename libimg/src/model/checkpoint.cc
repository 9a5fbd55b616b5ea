#include "img/model/checkpoint.h"

#include <system_error>

#include <fmt/format.h>

#include "img/model/checkpoint_archive.h"
#include "img/model/image_loader.h"
#include "img/model/model_arena.h"

namespace img {

Expected<std::unique_ptr<Checkpoint>> Checkpoint::open(const std::string& path) {
    auto src = DumpSource::open_path(path);
    if (!src) return std::move(src).error();
    return from_source(std::move(*src), path);
}

Checkpoint::Checkpoint() : arena_(new_model_arena()) {}

std::unique_ptr<Checkpoint> Checkpoint::from_source(std::unique_ptr<DumpSource> src, std::string label) {
    auto d = std::unique_ptr<Checkpoint>(new Checkpoint());
    d->src_ = std::move(src);
    d->label_ = std::move(label);
    return d;
}

template <class M>
Expected<const M*> Checkpoint::single(std::map<uint32_t, const M*>& cache, const std::string& name, uint32_t key) {
    auto it = cache.find(key);
    if (it == cache.end()) {
        // A big image (an mm of many VMAs) gets an arena of its own, sized for it at once.
        google::protobuf::Arena* arena = arena_.get();
        bool own = false;
        if (size_t expect = parsed_size_estimate(src_->size(name)); expect >= (1 << 20)) {
            arena = big_arenas_.emplace_back(new_model_arena(expect)).get();
            own = true;
        }
        // CRIU reads one entry of these images: what follows it is not parsed (img-verify looks at it).
        auto v = load_entries<M>(*arena, *src_, name, 1);
        if (!v) {
            if (own) big_arenas_.pop_back();   // a damaged image asked for again takes no more memory
            return std::move(v).error();
        }
        it = cache.emplace(key, *v && !(*v)->empty() ? (**v)[0] : nullptr).first;
    }
    return it->second;
}

Expected<const cimg::InventoryEntry*> Checkpoint::inventory() {
    if (!inventory_) {
        auto v = load_entries<cimg::InventoryEntry>(*src_, "inventory.img");
        if (!v) return std::move(v).error();
        inventory_.emplace();
        if (*v && !(*v)->empty()) *inventory_ = std::move((**v)[0]);
    }
    return *inventory_ ? &**inventory_ : nullptr;
}

Expected<const std::vector<cimg::PstreeEntry>*> Checkpoint::pstree() {
    if (!pstree_loaded_) {
        auto v = load_entries<cimg::PstreeEntry>(*src_, "pstree.img");
        if (!v) return std::move(v).error();
        pstree_loaded_ = true;
        pstree_ = std::move(*v);
    }
    return pstree_ ? &*pstree_ : nullptr;
}

Expected<const cimg::PstreeEntry*> Checkpoint::task(uint32_t pid) {
    auto t = pstree();
    if (!t) return std::move(t).error();
    if (!*t) return nullptr;
    for (const auto& e : **t)
        if (e.pid() == pid) return &e;
    return nullptr;
}

Expected<const cimg::CoreEntry*> Checkpoint::core(uint32_t tid) { return single(cores_, fmt::format("core-{}.img", tid), tid); }
Expected<const cimg::TaskKobjIdsEntry*> Checkpoint::ids(uint32_t pid) { return single(ids_, fmt::format("ids-{}.img", pid), pid); }
Expected<const cimg::MmEntry*> Checkpoint::mm(uint32_t pid) { return single(mms_, fmt::format("mm-{}.img", pid), pid); }
Expected<const cimg::FsEntry*> Checkpoint::fs(uint32_t pid) { return single(fss_, fmt::format("fs-{}.img", pid), pid); }

Expected<const std::vector<cimg::FdinfoEntry>*> Checkpoint::fdinfo(uint32_t pid) {
    auto id = ids(pid);
    if (!id) return std::move(id).error();
    if (!*id) return nullptr;
    uint32_t files_id = (*id)->files_id();
    auto it = fdinfos_.find(files_id);
    if (it == fdinfos_.end()) {
        auto v = load_entries<cimg::FdinfoEntry>(*src_, fmt::format("fdinfo-{}.img", files_id));
        if (!v) return std::move(v).error();
        it = fdinfos_.emplace(files_id, std::move(*v)).first;
    }
    return it->second ? &*it->second : nullptr;
}

Expected<const FileTable*> Checkpoint::files() {
    if (!files_) {
        auto t = files_loading_.valid() ? files_loading_.get() : FileTable::load(*src_);
        if (!t) return std::move(t).error();
        files_ = std::move(*t);
    }
    return &*files_;
}

void Checkpoint::prefetch_files() {
    if (files_ || files_loading_.valid()) return;
    try {
        const DumpSource* src = src_.get();
        files_loading_ = std::async(std::launch::async, [src] { return FileTable::load(*src); });
    } catch (const std::system_error&) {
        // No thread: files() reads it when asked.
    }
}

Expected<const std::vector<cimg::MemfdInodeEntry>*> Checkpoint::memfd_inodes() {
    if (!memfds_) {
        auto v = load_entries<cimg::MemfdInodeEntry>(*src_, "memfd.img");
        if (!v) return std::move(v).error();
        memfds_ = std::move(*v);
    }
    return *memfds_ ? &**memfds_ : nullptr;
}

Expected<const std::vector<cimg::MntEntry>*> Checkpoint::mounts(uint32_t mnt_ns_id) {
    auto it = mounts_.find(mnt_ns_id);
    if (it == mounts_.end()) {
        auto v = load_entries<cimg::MntEntry>(*src_, fmt::format("mountpoints-{}.img", mnt_ns_id));
        if (!v) return std::move(v).error();
        it = mounts_.emplace(mnt_ns_id, std::move(*v)).first;
    }
    return it->second ? &*it->second : nullptr;
}

Expected<PagemapReader*> Checkpoint::pagemap(uint32_t pid) {
    auto it = pagemaps_.find(pid);
    if (it == pagemaps_.end()) {
        std::string name = fmt::format("pagemap-{}.img", pid);
        std::unique_ptr<PagemapReader> r;
        if (src_->exists(name)) {
            auto p = PagemapReader::open(*src_, name);
            if (!p) return std::move(p).error();
            r = std::move(*p);
        }
        it = pagemaps_.emplace(pid, std::move(r)).first;
    }
    return it->second.get();
}

Expected<PagemapReader*> Checkpoint::shmem_pagemap(uint64_t shmid) {
    auto it = shmem_pagemaps_.find(shmid);
    if (it == shmem_pagemaps_.end()) {
        std::string name = fmt::format("pagemap-shmem-{}.img", shmid);
        std::unique_ptr<PagemapReader> r;
        if (src_->exists(name)) {
            auto p = PagemapReader::open(*src_, name);
            if (!p) return std::move(p).error();
            r = std::move(*p);
        }
        it = shmem_pagemaps_.emplace(shmid, std::move(r)).first;
    }
    return it->second.get();
}

Expected<bool> Checkpoint::is_zombie(uint32_t pid) {
    auto c = core(pid);
    if (!c) return std::move(c).error();
    return *c && (*c)->has_tc() && (*c)->tc().task_state() == 2;
}

}  // namespace img
