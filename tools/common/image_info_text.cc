#include "common/image_info_text.h"

#include <fmt/format.h>

#include "img/convert/image_info_writer.h"

namespace img {

void print_image_info_text(const ImageInfo& info, std::string_view file, std::FILE* out) {
    fmt::print(out, "{}: {} ({:#010x}, {} header), {} entries, {} bytes ({} in messages, {} in payloads)\n", file,
               info.kind, info.magic, header_class_name(info.header), info.entries, info.file_bytes,
               info.message_bytes, info.payload_bytes);
}

}  // namespace img
