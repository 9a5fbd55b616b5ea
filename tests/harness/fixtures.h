// Test inputs: images generated from testdata/gen/*.json by our own encoder,
// image bytes built by hand (to test the reader without the encoder), and
// one-call rendering of in-memory images to JSON text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "img/support/error.h"
#include "img/convert/image_json.h"

namespace img::test {

// testdata/gen/<image_name>.json, e.g. gen_json("pipes-data.img").
std::string gen_json(const std::string& image_name);
// That JSON encoded by img::encode_image_json; fails the test on error.
std::string gen_image(const std::string& image_name);

// Hand-built protobuf wire bytes and image framing (native byte order, as CRIU).
namespace wire_bytes {
std::string u32(uint32_t v);
std::string u16(uint16_t v);
std::string varint(uint64_t v);
std::string vfield(uint32_t field, uint64_t v);                    // wire type 0
std::string lfield(uint32_t field, std::string_view data);         // wire type 2
std::string frame(std::string_view message, std::string_view payload = {});
std::string common_header(uint32_t kind_magic);
std::string service_header(uint32_t kind_magic);
}  // namespace wire_bytes

struct RenderResult {
    bool ok = false;
    std::string json;      // what was written (partial output on error)
    img::Error error;      // set when !ok
};

// Reads `bytes` as the file `name` and renders it (indent 0 = one line, like crit decode).
RenderResult render_bytes(const std::string& name, const std::string& bytes, bool pretty = false, int indent = 0,
                          bool payloads = true);
RenderResult render_path(const std::string& path, bool pretty = false, int indent = 0);

// Removes every "_unknown_fields" key, recursively (for comparing with crit's output).
nlohmann::json strip_unknown_fields(nlohmann::json j);

// Hex dump for failure messages.
std::string hex(std::string_view bytes, size_t max = 256);

}  // namespace img::test
