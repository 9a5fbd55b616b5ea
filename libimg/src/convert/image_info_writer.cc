#include "img/convert/image_info_writer.h"

#include <fmt/format.h>

namespace img {

const char* header_class_name(HeaderClass h) {
    switch (h) {
    case HeaderClass::Inventory: return "inventory";
    case HeaderClass::Common: return "common";
    case HeaderClass::Service: return "service";
    case HeaderClass::Raw: return "single-magic (V1)";
    }
    return "?";
}

namespace {

void write_raw(const ImageInfo& info, std::string_view file, ValueSink& out) {
    out.begin_object();
    out.key("file"); out.string(file);
    out.key("magic"); out.string(info.kind);
    out.key("raw"); out.boolean(true);
    out.key("about"); out.string(info.about);
    out.key("file_bytes"); out.number(info.file_bytes);
    if (info.pages) {
        out.key("pages"); out.number(*info.pages);
    }
    out.end_object();
}

}  // namespace

void write(const ImageInfo& info, std::string_view file, ValueSink& out) {
    if (info.raw) return write_raw(info, file, out);
    out.begin_object();
    out.key("file"); out.string(file);
    out.key("magic"); out.string(info.kind);
    out.key("magic_value"); out.string(fmt::format("{:#010x}", info.magic));
    out.key("header"); out.string(header_class_name(info.header));
    out.key("entries"); out.number(info.entries);
    out.key("message_bytes"); out.number(info.message_bytes);
    out.key("payload_bytes"); out.number(info.payload_bytes);
    out.key("file_bytes"); out.number(info.file_bytes);
    out.end_object();
}

}  // namespace img
