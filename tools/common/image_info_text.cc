#include "common/image_info_text.h"

#include <fmt/format.h>

#include "common/plural.h"
#include "img/convert/image_info_writer.h"

namespace img {

void print_image_info_text(const ImageInfo& info, std::string_view file, std::FILE* out) {
    if (info.raw) {
        fmt::print(out, "{}: raw {} image ({}; no header, no entries), {}{}\n", file, info.kind, info.about,
                   counted(info.file_bytes, "byte"), info.pages ? ", " + counted(*info.pages, "page") + " of 4096 bytes" : "");
        return;
    }
    fmt::print(out, "{}: {} ({:#010x}, {} header), {}, {} bytes ({} in messages, {} in payloads)\n", file,
               info.kind, info.magic, header_class_name(info.header), counted(info.entries, "entry", "entries"), info.file_bytes,
               info.message_bytes, info.payload_bytes);
}

}  // namespace img
