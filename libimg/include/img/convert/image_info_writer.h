// The JSON of image_info (img-show --info --json): the file, its kind, magic and header, and
// how many entries and bytes it holds. Every key is here, and the header's name for any printer.
#pragma once

#include <string_view>

#include "img/convert/image_json.h"
#include "img/io/image_kind.h"
#include "img/output/value_sink.h"

namespace img {

// "inventory", "common", "service" or "single-magic (V1)".
const char* header_class_name(HeaderClass h);

// {"file", "magic", "magic_value": "0x........", "header", "entries", "message_bytes",
//  "payload_bytes", "file_bytes"}; `file` as the user named it. A raw image: {"file", "magic"
//  (its label: "pages"), "raw": true, "about", "file_bytes"[, "pages"]}.
void write(const ImageInfo& info, std::string_view file, ValueSink& out);

}  // namespace img
