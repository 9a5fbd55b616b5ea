// Whole-image JSON in crit's shape, both directions.
#include "img/convert/image_json.h"

#include <fmt/format.h>
#include <google/protobuf/message.h>

#include <cstring>

#include "img/schema/entry_decoder.h"
#include "img/convert/json_to_message.h"
#include "img/output/json_writer.h"
#include "img/schema/schema_hints.h"
#include "img/support/text_codecs.h"
#include "img/io/image_kind.h"
#include "img/io/mapped_file.h"
#include "img/io/wire.h"
#include "img/convert/image_renderer.h"
#include "img/convert/wire_render.h"

namespace img {

namespace gp = google::protobuf;
Expected<void> render_image(ImageReader& rd, ValueSink& out, const ShowOptions& opt) {
    ImageRenderer r(rd, out, opt);
    for (;;) {
        auto more = r.step();
        if (!more) return std::move(more).error();
        if (!*more) return {};
    }
}

Expected<ImageInfo> image_info(ImageReader& rd) {
    ImageInfo info;
    info.kind = std::string(rd.kind().name);
    info.magic = rd.kind().magic;
    info.header = rd.header();
    info.file_bytes = rd.bytes().size();
    RawEntry e;
    for (;;) {
        auto more = rd.next(e);
        if (!more) return std::move(more).error();
        if (!*more) break;
        ++info.entries;
        info.message_bytes += e.message.size();
        info.payload_bytes += e.payload.size();
    }
    return info;
}

Expected<ImageInfo> image_info_of_file(const std::string& path) {
    size_t slash = path.rfind('/');
    const ImageKind* k = kind_by_file_name(slash == std::string::npos ? path : path.substr(slash + 1));
    if (!k || k->header != HeaderClass::Raw) {
        auto rd = ImageReader::open(path);
        if (!rd) return std::move(rd).error();
        return image_info(*rd);
    }
    auto f = MappedFile::open(path);   // only for its size: nothing is read
    if (!f) return std::move(f).error();
    ImageInfo info;
    info.kind = std::string(k->name);
    info.header = HeaderClass::Raw;
    info.raw = true;
    info.about = std::string(k->about);
    info.file_bytes = f->bytes().size();
    info.payload_bytes = info.file_bytes;
    if (k->name == "pages") info.pages = info.file_bytes / 4096;
    return info;
}

}  // namespace img
