// Loading every entry of one image of a dump as typed messages.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <google/protobuf/arena.h>

#include "img/dump_source.h"
#include "img/entry_decoder.h"
#include "img/error.h"
#include "img/image_reader.h"

namespace img {

// Parses every entry of `name` as a message of type M: first counts the entries and calls
// reserve(count), then parses each into the message emplace() returns. False when the image does
// not exist. The image's kind must carry messages of type M.
template <class M, class Reserve, class Emplace>
Expected<bool> parse_entries(const DumpSource& src, const std::string& name, Reserve&& reserve, Emplace&& emplace) {
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
    // Framing alone first: the caller sizes its storage once and each message is parsed in its
    // place (moving a protobuf message is a construction and a swap, not a cheap move).
    RawEntry e;
    size_t count = 0;
    for (;;) {
        auto more = rd->next(e);
        if (!more) return std::move(more).error();
        if (!*more) break;
        ++count;
    }
    rd->rewind();
    reserve(count);
    for (;;) {
        auto more = rd->next(e);
        if (!more) return std::move(more).error();
        if (!*more) break;
        M& m = emplace();
        if (!m.ParsePartialFromArray(e.message.data(), static_cast<int>(e.message.size())) || !m.IsInitialized()) {
            Error err; err.file = src.shown_path(name); err.entry = e.index; err.offset = static_cast<int64_t>(e.offset);
            err.what = "invalid or incomplete " + M::descriptor()->name() + " message";
            return err;
        }
    }
    return true;
}

// All entries of `name` as messages of type M; nullopt when the image does not exist.
template <class M>
Expected<std::optional<std::vector<M>>> load_entries(const DumpSource& src, const std::string& name) {
    std::vector<M> out;
    auto found = parse_entries<M>(src, name, [&](size_t n) { out.reserve(n); }, [&]() -> M& { return out.emplace_back(); });
    if (!found) return std::move(found).error();
    if (!*found) return std::optional<std::vector<M>>{};
    return std::optional<std::vector<M>>(std::move(out));
}

// The same, each message (and everything in it) allocated on `arena`: for images of many small
// messages (a files.img, the VMAs of an mm image), whose parse is then mostly bump allocation.
template <class M>
Expected<std::optional<std::vector<M*>>> load_entries(google::protobuf::Arena& arena, const DumpSource& src,
                                                      const std::string& name) {
    std::vector<M*> out;
    auto found = parse_entries<M>(src, name, [&](size_t n) { out.reserve(n); },
                                  [&]() -> M& { return *out.emplace_back(google::protobuf::Arena::CreateMessage<M>(&arena)); });
    if (!found) return std::move(found).error();
    if (!*found) return std::optional<std::vector<M*>>{};
    return std::optional<std::vector<M*>>(std::move(out));
}

}  // namespace img
