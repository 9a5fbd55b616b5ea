// img-show: parse options, call libimg, print.
#include <cstdio>

#include <fmt/format.h>

#include "img/exit_code.h"
#include "img/image_json.h"
#include "img/image_reader.h"
#include "img/json_writer.h"
#include "img/text_writer.h"
#include "options.h"

namespace {
const char* header_name(img::HeaderClass h) {
    switch (h) {
    case img::HeaderClass::Inventory: return "inventory";
    case img::HeaderClass::Common: return "common";
    case img::HeaderClass::Service: return "service";
    case img::HeaderClass::Raw: return "single-magic (V1)";
    }
    return "?";
}

int fail(const img::Error& e) {
    std::fflush(stdout);
    fmt::print(stderr, "img-show: {}\n", e.message());
    return img::kExitError;
}
}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"img-show"};
    ShowToolOptions o;
    setup_show(app, o);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? 0 : img::kExitError;
    }

    auto reader = img::ImageReader::open(o.input);
    if (!reader) return fail(reader.error());

    if (o.info) {
        auto info = img::image_info(*reader);
        if (!info) return fail(info.error());
        if (o.json) {
            img::JsonWriter w(stdout, o.pretty ? 4 : 0);
            w.begin_object();
            w.key("file"); w.string(o.input);
            w.key("magic"); w.string(info->kind);
            w.key("magic_value"); w.string(fmt::format("{:#010x}", info->magic));
            w.key("header"); w.string(header_name(info->header));
            w.key("entries"); w.number(info->entries);
            w.key("message_bytes"); w.number(info->message_bytes);
            w.key("payload_bytes"); w.number(info->payload_bytes);
            w.key("file_bytes"); w.number(info->file_bytes);
            w.end_object();
            w.newline();
        } else {
            fmt::print("{}: {} ({:#010x}, {} header), {} entries, {} bytes ({} in messages, {} in payloads)\n",
                       o.input, info->kind, info->magic, header_name(info->header), info->entries, info->file_bytes,
                       info->message_bytes, info->payload_bytes);
        }
        return img::kExitOk;
    }

    img::ShowOptions so;
    so.render.pretty = o.pretty || !o.json;
    so.payloads = !o.nopl;
    so.human = !o.json;
    if (o.json) {
        img::JsonWriter w(stdout, o.pretty ? 4 : 0);
        auto r = img::render_image(*reader, w, so);
        if (!r) { w.flush(); return fail(r.error()); }
        w.newline();
        w.flush();
        if (w.failed()) return fail(img::make_error("cannot write to standard output"));
    } else {
        img::TextWriter w(stdout);
        auto r = img::render_image(*reader, w, so);
        w.flush();
        if (!r) return fail(r.error());
    }
    return img::kExitOk;
}
