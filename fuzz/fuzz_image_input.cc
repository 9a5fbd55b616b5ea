#include "fuzz_targets.h"

#include <string>
#include <string_view>

#include "img/convert/image_json.h"
#include "img/io/image_reader.h"
#include "img/output/json_writer.h"
#include "img/io/mapped_file.h"

namespace {

// The same bytes as an image file: every way img-show can print it. Errors are expected
// (most inputs are not valid images); only crashes, leaks and sanitizer reports count.
void as_image(const std::string& bytes) {
    auto reader = img::ImageReader::from_file(img::MappedFile::from_string("fuzz.img", bytes));
    if (!reader) return;

    struct Mode { bool pretty; int indent; bool human; };
    // crit decode; crit decode --pretty; the readable view's values (previews instead of base64).
    for (Mode m : {Mode{false, 0, false}, Mode{true, 4, false}, Mode{true, 0, true}}) {
        reader->rewind();
        img::JsonWriter w(nullptr, m.indent);
        img::ShowOptions so;
        so.render.pretty = m.pretty;
        so.human = m.human;
        (void)img::render_image(*reader, w, so);
    }
    reader->rewind();
    (void)img::image_info(*reader);
}

}  // namespace

void fuzz_image_input(const uint8_t* data, size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    as_image(bytes);
    // The same bytes as JSON text for img-encode.
    (void)img::encode_image_json(std::string_view(bytes), "fuzz.json");
}
