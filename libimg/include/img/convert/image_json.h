// crit-compatible JSON for a whole image: {"magic": NAME, "entries": [...]},
// payloads under "extra"; and the way back, JSON to the image's exact bytes.
#pragma once

#include <optional>
#include <string>

#include "img/support/error.h"
#include "img/io/image_reader.h"
#include "img/convert/message_render.h"
#include "img/output/value_sink.h"

namespace img {

struct ShowOptions {
    RenderOptions render;
    bool payloads = true;   // false: "extra" shows "... <NB>" like crit show --nopl
    bool human = false;     // readable view: payload previews instead of base64
};

// Streams the image to `out`. Stops at the first bad entry with an Error naming it.
Expected<void> render_image(ImageReader& reader, ValueSink& out, const ShowOptions& opt);

// Entry count and sizes, from the framing alone.
struct ImageInfo {
    std::string kind;
    uint32_t magic = 0;
    HeaderClass header = HeaderClass::Common;
    uint64_t entries = 0;
    uint64_t message_bytes = 0;
    uint64_t payload_bytes = 0;
    uint64_t file_bytes = 0;
    // A raw image (pages-N.img, iptables-*.img, ...): no header and no entries; `kind` is its
    // label, `about` says what it holds, and a pages image counts its 4 KiB pages.
    bool raw = false;
    std::string about;
    std::optional<uint64_t> pages;
};
Expected<ImageInfo> image_info(ImageReader& reader);
// The same for the image file at `path`, raw images included (recognised by name, as CRIU does).
Expected<ImageInfo> image_info_of_file(const std::string& path);

// Parses JSON text (ours, crit 4.2's or an older crit's) and returns the image bytes.
Expected<std::string> encode_image_json(std::string_view json_text, const std::string& source_name);

}  // namespace img
