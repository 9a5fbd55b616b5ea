// image_info as img-show --info prints it in text, on one line:
// "FILE: KIND (0xMAGIC, HEADER header), N entries, N bytes (N in messages, N in payloads)".
// The JSON is the library's (img/convert/image_info_writer.h).
#pragma once

#include <cstdio>
#include <string_view>

#include "img/convert/image_json.h"

namespace img {

void print_image_info_text(const ImageInfo& info, std::string_view file, std::FILE* out);

}  // namespace img
