#include "img/io/wire.h"

#include <fmt/format.h>

namespace img::wire {

namespace {
Expected<uint64_t> get_varint(ByteCursor& c) {
    uint64_t v = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        auto b = c.take(1, "varint");
        if (!b) return std::move(b).error();
        uint8_t byte = static_cast<uint8_t>((*b)[0]);
        if (shift == 63 && byte > 1) return make_error("varint overflows 64 bits", static_cast<int64_t>(c.offset()));
        v |= static_cast<uint64_t>(byte & 0x7f) << shift;
        if (!(byte & 0x80)) return v;
    }
    return make_error("varint longer than 10 bytes", static_cast<int64_t>(c.offset()));
}
}  // namespace

Expected<std::optional<uint64_t>> varint_field(Bytes message, uint32_t field) {
    ByteCursor c(message);
    std::optional<uint64_t> found;
    while (!c.at_end()) {
        auto tag = get_varint(c);
        if (!tag) return std::move(tag).error();
        uint32_t num = static_cast<uint32_t>(*tag >> 3);
        unsigned type = static_cast<unsigned>(*tag & 7);
        if (num == 0) return make_error("protobuf field number 0", static_cast<int64_t>(c.pos()));
        switch (type) {
        case 0: {
            auto v = get_varint(c);
            if (!v) return std::move(v).error();
            if (num == field) found = *v;
            break;
        }
        case 1: { auto b = c.take(8, "fixed64 field"); if (!b) return std::move(b).error(); break; }
        case 5: { auto b = c.take(4, "fixed32 field"); if (!b) return std::move(b).error(); break; }
        case 2: {
            auto len = get_varint(c);
            if (!len) return std::move(len).error();
            auto b = c.take(*len, "length-delimited field");
            if (!b) return std::move(b).error();
            break;
        }
        default:
            return make_error(fmt::format("unsupported protobuf wire type {} (field {})", type, num),
                              static_cast<int64_t>(c.pos()));
        }
    }
    return found;
}

size_t encode_varint(uint64_t v, char* buf) {
    size_t n = 0;
    while (v >= 0x80) { buf[n++] = static_cast<char>((v & 0x7f) | 0x80); v >>= 7; }
    buf[n++] = static_cast<char>(v);
    return n;
}

void put_varint(std::string& out, uint64_t v) {
    char buf[kMaxVarint];
    out.append(buf, encode_varint(v, buf));
}

}  // namespace img::wire
