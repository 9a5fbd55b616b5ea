#include "img/io/image_reader.h"

#include <fmt/format.h>

#include <cstring>

#include "img/io/wire.h"

namespace img {

namespace {

std::string base_name(const std::string& path) {
    size_t s = path.find_last_of('/');
    return s == std::string::npos ? path : path.substr(s + 1);
}

uint32_t read_word(Bytes b, size_t at) {
    uint32_t v; std::memcpy(&v, b.data() + at, 4); return v;
}

Error at(const std::string& file, int64_t offset, std::string what, int64_t entry = -1) {
    Error e; e.file = file; e.offset = offset; e.entry = entry; e.what = std::move(what); return e;
}

uint64_t round_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

}  // namespace

std::string describe_non_image(std::string_view base, Bytes head) {
    const ImageKind* k = kind_by_file_name(base);
    if (k && k->header == HeaderClass::Raw)
        return fmt::format("a raw '{}' image ({}): it has no magic and no entries to decode", k->name, k->about);
    if (head.size() >= 2 && head[0] == std::byte{0x1f} && head[1] == std::byte{0x8b})
        return "gzip data (a tarball or checkpoint archive), not a CRIU image";
    if (head.size() >= 262 && std::memcmp(head.data() + 257, "ustar", 5) == 0)
        return "a tar archive, not a CRIU image";
    return "";
}

ImageReader::ImageReader(MappedFile f, const ImageKind* k, HeaderClass h, size_t hs)
    : file_(std::move(f)), kind_(k), header_(h), header_size_(hs), pos_(hs) {}

Expected<ImageReader> ImageReader::open(const std::string& path) {
    auto f = MappedFile::open(path);
    if (!f) return std::move(f).error();
    return from_file(std::move(*f));
}

Expected<ImageReader> ImageReader::from_file(MappedFile file) {
    const std::string name = file.name();
    Bytes b = file.bytes();
    std::string what = describe_non_image(base_name(name), b.first(std::min<size_t>(b.size(), 512)));
    // The name decides for raw images: a pages file may well begin with bytes that look like a header.
    if (const ImageKind* named = kind_by_file_name(base_name(name)); named && named->header == HeaderClass::Raw)
        return at(name, 0, what);
    if (b.size() < 4) {
        if (!what.empty()) return at(name, 0, what);
        return at(name, 0, fmt::format("truncated header: {} bytes, a CRIU image starts with a 4-byte magic", b.size()));
    }
    uint32_t w0 = read_word(b, 0);
    if (w0 == kImgCommonMagic || w0 == kImgServiceMagic) {
        if (b.size() < 8) return at(name, 4, "truncated header: the second magic word is missing");
        uint32_t w1 = read_word(b, 4);
        const ImageKind* k = kind_by_magic(w1);
        if (!k || k->header == HeaderClass::Inventory)
            return at(name, 4, fmt::format("unknown image magic {:#010x} after the {} magic", w1,
                                           w0 == kImgCommonMagic ? "common" : "service"));
        return ImageReader(std::move(file), k, w0 == kImgServiceMagic ? HeaderClass::Service : HeaderClass::Common, 8);
    }
    if (const ImageKind* k = kind_by_magic(w0)) {
        // inventory.img, or an image from CRIU's V1 era with one magic word.
        return ImageReader(std::move(file), k, k->header == HeaderClass::Inventory ? HeaderClass::Inventory : HeaderClass::Raw, 4);
    }
    if (!what.empty()) return at(name, 0, what);
    uint32_t swapped = __builtin_bswap32(w0);
    if (swapped == kImgCommonMagic || swapped == kImgServiceMagic || kind_by_magic(swapped))
        return at(name, 0, fmt::format("magic {:#010x} is byte-swapped: the image was written on a host of the other byte order", w0));
    return at(name, 0, fmt::format("unknown magic {:#010x}: not a CRIU image", w0));
}

void ImageReader::rewind() { pos_ = header_size_; index_ = 0; ghost_chunked_ = false; }

Expected<bool> ImageReader::next(RawEntry& out) {
    Bytes all = file_.bytes();
    if (pos_ == all.size()) return false;
    ByteCursor cur(all.subspan(pos_), pos_);
    const std::string& name = file_.name();
    auto len = cur.u32("entry length word");
    if (!len) return std::move(len).error().in_file(name).at_entry(index_);
    auto msg = cur.take(*len, "entry message");
    if (!msg) return std::move(msg).error().in_file(name).at_entry(index_);
    out.index = index_;
    out.offset = pos_;
    out.message = *msg;
    out.payload = {};
    out.message_type = kind_->message;
    if (index_ == 0 && !kind_->first_message.empty()) out.message_type = kind_->first_message;
    if (kind_->payload == PayloadRule::Ghost && index_ > 0) out.message_type = "cimg.GhostChunkEntry";
    auto payload = payload_for(out, cur);
    if (!payload) return std::move(payload).error().in_file(name).at_entry(index_);
    out.payload = *payload;
    pos_ = cur.offset();
    ++index_;
    return true;
}

namespace {

// Field n of an entry's message as a number (0 when absent); an error names the entry's offset.
Expected<uint64_t> message_field(const RawEntry& e, uint32_t n) {
    auto v = wire::varint_field(e.message, n);
    if (!v) { Error err = std::move(v).error(); err.offset = static_cast<int64_t>(e.offset); err.what = "invalid protobuf: " + err.what; return err; }
    return v->value_or(0);
}

// A payload as long as fields a and b together (a TCP stream's two queues, a BPF map's keys and values).
Expected<Bytes> take_sum_of(const RawEntry& e, ByteCursor& cur, uint32_t a, uint32_t b, const char* what) {
    auto x = message_field(e, a); if (!x) return std::move(x).error();
    auto y = message_field(e, b); if (!y) return std::move(y).error();
    if (*x > cur.remaining() || *y > cur.remaining() - *x) return cur.take(UINT64_MAX, what);
    return cur.take(*x + *y, what);
}

// A shared memory segment's bytes, padded to 4 (none when they are in pagemaps).
Expected<Bytes> take_shared_memory(const RawEntry& e, ByteCursor& cur) {
    auto inp = message_field(e, 3); if (!inp) return std::move(inp).error();
    if (*inp) return Bytes{};
    auto n = message_field(e, 2); if (!n) return std::move(n).error();
    if (*n > cur.remaining() || *n > UINT64_MAX - 8) return cur.take(UINT64_MAX, "shared memory payload");
    return cur.take(round_up(*n, 4), "shared memory payload");
}

// A semaphore set's values, 16 bits each, padded to 8.
Expected<Bytes> take_semaphores(const RawEntry& e, ByteCursor& cur) {
    auto n = message_field(e, 2); if (!n) return std::move(n).error();
    if (*n > cur.remaining() / 2) return cur.take(UINT64_MAX, "semaphore values");
    return cur.take(round_up(*n * 2, 8), "semaphore values");
}

// A message queue's messages: each a length word, a header and its text padded to 8. `file`
// is the whole image (the cursor's offsets are into it).
Expected<Bytes> take_queued_messages(const RawEntry& e, ByteCursor& cur, Bytes file) {
    auto q = message_field(e, 3); if (!q) return std::move(q).error();
    size_t start = cur.offset();
    for (uint64_t i = 0; i < *q; ++i) {
        auto l = cur.u32("queued message length");
        if (!l) return std::move(l).error();
        auto m = cur.take(*l, "queued message header");
        if (!m) return std::move(m).error();
        auto sz = wire::varint_field(*m, 2);
        if (!sz) { Error err = std::move(sz).error(); err.offset = static_cast<int64_t>(cur.offset()); return err; }
        uint64_t n = sz->value_or(0);
        if (n > cur.remaining()) return cur.take(n, "queued message text");
        auto d = cur.take(round_up(n, 8), "queued message text");
        if (!d) return std::move(d).error();
    }
    return file.subspan(start, cur.offset() - start);
}

}  // namespace

Expected<Bytes> ImageReader::payload_for(const RawEntry& e, ByteCursor& cur) {
    switch (kind_->payload) {
    case PayloadRule::None:
        return Bytes{};
    case PayloadRule::PipeData:
    case PayloadRule::SkQueue: {
        auto n = message_field(e, 2); if (!n) return std::move(n).error();
        return cur.take(*n, "payload");
    }
    case PayloadRule::TcpStream: return take_sum_of(e, cur, 1, 3, "tcp queue payload");
    case PayloadRule::BpfMap: return take_sum_of(e, cur, 2, 3, "bpf map payload");
    case PayloadRule::IpcShm: return take_shared_memory(e, cur);
    case PayloadRule::IpcSem: return take_semaphores(e, cur);
    case PayloadRule::IpcMsg: return take_queued_messages(e, cur, file_.bytes());
    case PayloadRule::Ghost: {
        if (e.index == 0) {
            auto chunks = message_field(e, 9); if (!chunks) return std::move(chunks).error();
            ghost_chunked_ = *chunks != 0;
            if (ghost_chunked_) return Bytes{};
            return cur.rest();
        }
        if (!ghost_chunked_) return make_error("unexpected entry after a whole ghost file", static_cast<int64_t>(e.offset));
        auto n = message_field(e, 1); if (!n) return std::move(n).error();
        return cur.take(*n, "ghost chunk");
    }
    }
    return Bytes{};
}

}  // namespace img
