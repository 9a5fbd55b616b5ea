// Loading every entry of one image of a dump as typed messages.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "img/dump_source.h"
#include "img/entry_decoder.h"
#include "img/error.h"
#include "img/image_reader.h"

namespace img {

// All entries of `name` as messages of type M; nullopt when the image does not exist.
// The image's kind must carry messages of type M.
template <class M>
Expected<std::optional<std::vector<M>>> load_entries(const DumpSource& src, const std::string& name) {
    if (!src.exists(name)) return std::optional<std::vector<M>>{};
    auto file = src.open(name);
    if (!file) return std::move(file).error();
    auto rd = ImageReader::from_file(std::move(*file));
    if (!rd) return std::move(rd).error();
    if (rd->kind().message != M::descriptor()->full_name()) {
        Error e; e.file = src.shown_path(name); e.offset = 0;
        e.what = "is a " + std::string(rd->kind().name) + " image, not the kind its name says";
        return e;
    }
    // Framing alone first: the vector is sized once and each message parsed in its place
    // (moving a protobuf message is a construction and a swap, not a cheap move).
    RawEntry e;
    size_t count = 0;
    for (;;) {
        auto more = rd->next(e);
        if (!more) return std::move(more).error();
        if (!*more) break;
        ++count;
    }
    rd->rewind();
    std::vector<M> out;
    out.reserve(count);
    for (;;) {
        auto more = rd->next(e);
        if (!more) return std::move(more).error();
        if (!*more) break;
        M& m = out.emplace_back();
        if (!m.ParsePartialFromArray(e.message.data(), static_cast<int>(e.message.size())) || !m.IsInitialized()) {
            Error err; err.file = src.shown_path(name); err.entry = e.index; err.offset = static_cast<int64_t>(e.offset);
            err.what = "invalid or incomplete " + M::descriptor()->name() + " message";
            return err;
        }
    }
    return std::optional<std::vector<M>>(std::move(out));
}

}  // namespace img
