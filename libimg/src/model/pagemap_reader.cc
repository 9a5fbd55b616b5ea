#include "img/model/pagemap_reader.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "img/schema/entry_decoder.h"
#include "img/io/image_reader.h"
#include "pagemap.pb.h"

namespace img {

Expected<std::unique_ptr<PagemapReader>> PagemapReader::open(const DumpSource& src, const std::string& name) {
    auto file = src.open(name);
    if (!file) return std::move(file).error();
    auto rd = ImageReader::from_file(std::move(*file));
    if (!rd) return std::move(rd).error();
    if (rd->kind().name != "PAGEMAP") {
        Error e; e.file = src.shown_path(name); e.offset = 0;
        e.what = fmt::format("expected a PAGEMAP image, found {}", rd->kind().name);
        return e;
    }
    auto pm = std::unique_ptr<PagemapReader>(new PagemapReader());
    pm->name_ = name;
    RawEntry e;
    cimg::PagemapHead head;
    cimg::PagemapEntry pe;
    uint64_t offset = 0;
    const std::string path = src.shown_path(name);
    for (;;) {
        auto more = rd->next(e);
        if (!more) return std::move(more).error();
        if (!*more) break;
        auto fail = [&](std::string what) {
            Error err; err.file = path; err.entry = e.index; err.offset = static_cast<int64_t>(e.offset); err.what = std::move(what);
            return err;
        };
        if (e.index == 0) {
            if (!head.ParseFromArray(e.message.data(), static_cast<int>(e.message.size())))
                return fail("invalid pagemap head");
            pm->pages_id_ = head.pages_id();
            continue;
        }
        if (!pe.ParseFromArray(e.message.data(), static_cast<int>(e.message.size())))
            return fail("invalid pagemap entry");
        PageRun r;
        r.start = pe.vaddr();
        r.nr_pages = pe.has_nr_pages() ? pe.nr_pages() : pe.compat_nr_pages();
        if (pe.in_parent()) r.flags = (pe.has_flags() ? pe.flags() : 0) | kPeParent;
        else r.flags = pe.has_flags() ? pe.flags() : kPePresent;
        if (r.start % kPageSize) return fail(fmt::format("vaddr {:#x} is not page aligned", r.start));
        if (r.nr_pages > (UINT64_MAX - r.start) / kPageSize) return fail(fmt::format("{} pages at {:#x} overflow the address space", r.nr_pages, r.start));
        if (r.flags & kPePresent) {
            if (r.nr_pages * kPageSize > UINT64_MAX - offset)
                return fail(fmt::format("{} pages at {:#x} take the pages file past 2^64 bytes", r.nr_pages, r.start));
            r.file_offset = offset;
            offset += r.nr_pages * kPageSize;
        }
        pm->runs_.push_back(r);
    }
    pm->sorted_in_file_ = std::is_sorted(pm->runs_.begin(), pm->runs_.end(), [](const PageRun& a, const PageRun& b) { return a.start < b.start; });
    if (!pm->sorted_in_file_)
        std::stable_sort(pm->runs_.begin(), pm->runs_.end(), [](const PageRun& a, const PageRun& b) { return a.start < b.start; });
    pm->pages_name_ = fmt::format("pages-{}.img", pm->pages_id_);
    pm->src_ = &src;
    pm->described_bytes_ = offset;
    if (const DumpSource* parent = src.parent(); parent && parent->exists(name)) {
        auto pp = open(*parent, name);
        if (pp) pm->parent_ = std::move(*pp);
    }
    return pm;
}

uint64_t PagemapReader::present_pages() const {
    uint64_t n = 0;
    for (const auto& r : runs_) if (r.flags & kPePresent) n += r.nr_pages;
    return n;
}

const PageRun* PagemapReader::find(uint64_t addr) const {
    auto it = std::upper_bound(runs_.begin(), runs_.end(), addr, [](uint64_t a, const PageRun& r) { return a < r.start; });
    if (it == runs_.begin()) return nullptr;
    --it;
    return addr < it->end() ? &*it : nullptr;
}

Expected<const MappedFile*> PagemapReader::pages() const {
    if (pages_) return &*pages_;
    if (pages_error_) return *pages_error_;
    Error err;
    if (!src_->exists(pages_name_)) {
        err.file = src_->shown_path(pages_name_);
        err.what = fmt::format("missing, but {} describes {} bytes of pages in it", name_, described_bytes_);
    } else if (auto f = src_->open(pages_name_); f) {
        pages_ = std::move(*f);
        return &*pages_;
    } else {
        err = std::move(f).error();
    }
    pages_error_ = err;
    return err;
}

Expected<Bytes> PagemapReader::run_bytes(const PageRun& r) const {
    if (!(r.flags & kPePresent) || r.nr_pages == 0) return Bytes{};
    auto f = pages();
    if (!f) return std::move(f).error();
    Bytes all = (*f)->bytes();
    const uint64_t len = r.nr_pages * kPageSize;
    if (r.file_offset > all.size() || len > all.size() - r.file_offset) {
        Error e;
        e.file = (*f)->name();
        e.offset = static_cast<int64_t>(std::min<uint64_t>(all.size(), r.file_offset));
        e.what = fmt::format("cut short: {} puts the {} pages at {:#x} at bytes {}-{}, but the file has {} bytes",
                             name_, r.nr_pages, r.start, r.file_offset, r.file_offset + len, all.size());
        return e;
    }
    return all.subspan(r.file_offset, len);
}

void PagemapReader::release_before(const std::byte* upto) const {
    if (pages_) pages_->release_before(upto);
}

Expected<void> PagemapReader::read(uint64_t addr, size_t len, std::byte* out, std::vector<AddressSpan>& absent) const {
    auto add_absent = [&](uint64_t s, uint64_t e) {
        if (!absent.empty() && absent.back().end == s) absent.back().end = e;
        else absent.push_back(AddressSpan{s, e});
    };
    uint64_t pos = addr, end = addr + len;
    auto it = std::upper_bound(runs_.begin(), runs_.end(), pos, [](uint64_t a, const PageRun& r) { return a < r.start; });
    if (it != runs_.begin()) --it;
    while (pos < end) {
        while (it != runs_.end() && it->end() <= pos) ++it;
        if (it == runs_.end() || it->start >= end) {
            std::memset(out + (pos - addr), 0, end - pos);
            add_absent(pos, end);
            break;
        }
        if (it->start > pos) {
            std::memset(out + (pos - addr), 0, it->start - pos);
            add_absent(pos, it->start);
            pos = it->start;
        }
        uint64_t chunk_end = std::min(end, it->end());
        size_t n = chunk_end - pos;
        if (it->flags & kPePresent) {
            auto b = run_bytes(*it);
            if (!b) return std::move(b).error();
            std::memcpy(out + (pos - addr), b->data() + (pos - it->start), n);
        } else if ((it->flags & kPeParent) && parent_) {
            auto r = parent_->read(pos, n, out + (pos - addr), absent);
            if (!r) return r;
        } else {
            std::memset(out + (pos - addr), 0, n);
            add_absent(pos, chunk_end);
        }
        pos = chunk_end;
    }
    return {};
}

}  // namespace img
