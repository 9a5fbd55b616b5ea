#include "img/io/image_writer.h"

#include <cstdint>

namespace img {

namespace {
void put_u32(std::string& s, uint32_t v) { s.append(reinterpret_cast<const char*>(&v), 4); }

HeaderClass default_header(const ImageKind& k) { return k.header; }
}  // namespace

ImageWriter::ImageWriter(const ImageKind& kind) : ImageWriter(kind, default_header(kind)) {}

ImageWriter::ImageWriter(const ImageKind& kind, HeaderClass header) {
    switch (header) {
    case HeaderClass::Inventory: put_u32(out_, kind.magic); break;
    case HeaderClass::Common: put_u32(out_, kImgCommonMagic); put_u32(out_, kind.magic); break;
    case HeaderClass::Service: put_u32(out_, kImgServiceMagic); put_u32(out_, kind.magic); break;
    case HeaderClass::Raw: if (kind.magic) put_u32(out_, kind.magic); break;
    }
}

void ImageWriter::add(std::string_view message, std::string_view payload) {
    put_u32(out_, static_cast<uint32_t>(message.size()));
    out_.append(message);
    out_.append(payload);
}

void ImageWriter::add_raw(std::string_view framed) { out_.append(framed); }

}  // namespace img
