// Loading every entry of one image of a dump as typed messages.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <google/protobuf/arena.h>

#include "img/model/dump_source.h"
#include "img/schema/entry_decoder.h"
#include "img/support/error.h"
#include "img/io/image_reader.h"

namespace img {

// Parses the entries of `name` as messages of type M, each into the message emplace() returns, in
// one pass that stops at the first bad entry (a file of zeros after its entries is not scanned to
// its end first), at most `max_entries` of them. The mapped pages behind are released as it goes.
// False when the image does not exist. The image's kind must carry messages of type M.
template <class M, class Emplace>
Expected<bool> parse_entries(const DumpSource& src, const std::string& name, Emplace&& emplace,
                             size_t max_entries = SIZE_MAX) {
    if (!src.exists(name)) return false;
    auto file = src.open(name);
    if (!file) return std::move(file).error();
    auto rd = ImageReader::from_file(std::move(*file));
    if (!rd) return std::move(rd).error();
    if (rd->kind().message != M::descriptor()->full_name()) {
        Error e; e.file = src.shown_path(name); e.offset = 0;
        e.what = "is a " + std::string(rd->kind().name) + " image, not the kind its name says";
        return e;
    }
    RawEntry e;
    for (size_t n = 0; n < max_entries; ++n) {
        auto more = rd->next(e);
        if (!more) return std::move(more).error();
        if (!*more) break;
        M& m = emplace();
        if (!m.ParsePartialFromArray(e.message.data(), static_cast<int>(e.message.size())) || !m.IsInitialized()) {
            Error err; err.file = src.shown_path(name); err.entry = e.index; err.offset = static_cast<int64_t>(e.offset);
            err.what = "invalid or incomplete " + M::descriptor()->name() + " message";
            return err;
        }
        rd->release_read();
    }
    return true;
}

// All entries of `name` as messages of type M; nullopt when the image does not exist.
template <class M>
Expected<std::optional<std::vector<M>>> load_entries(const DumpSource& src, const std::string& name) {
    std::vector<M> out;
    auto found = parse_entries<M>(src, name, [&]() -> M& { return out.emplace_back(); });
    if (!found) return std::move(found).error();
    if (!*found) return std::optional<std::vector<M>>{};
    return std::optional<std::vector<M>>(std::move(out));
}

// The same, each message (and everything in it) allocated on `arena`: for images of many small
// messages (a files.img, the VMAs of an mm image), whose parse is then mostly bump allocation.
// At most `max_entries` (1 for the images CRIU reads one entry of: core, mm, ids, fs).
template <class M>
Expected<std::optional<std::vector<M*>>> load_entries(google::protobuf::Arena& arena, const DumpSource& src,
                                                      const std::string& name, size_t max_entries = SIZE_MAX) {
    std::vector<M*> out;
    auto found = parse_entries<M>(src, name,
                                  [&]() -> M& { return *out.emplace_back(google::protobuf::Arena::CreateMessage<M>(&arena)); },
                                  max_entries);
    if (!found) return std::move(found).error();
    if (!*found) return std::optional<std::vector<M*>>{};
    return std::optional<std::vector<M*>>(std::move(out));
}

}  // namespace img
