#include "harness/fixtures.h"

#include <cstring>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "img/io/image_reader.h"
#include "img/output/json_writer.h"
#include "img/io/mapped_file.h"
#include "img/convert/message_render.h"
#include "img/io/wire.h"
#include "harness/paths.h"

namespace img::test {

std::string gen_json(const std::string& image_name) { return slurp(gen_dir() + "/" + image_name + ".json"); }

std::string gen_image(const std::string& image_name) {
    std::string text = gen_json(image_name);
    auto b = img::encode_image_json(text, image_name + ".json");
    if (!b) { ADD_FAILURE() << "fixture " << image_name << ".json does not encode: " << b.error().message(); return {}; }
    return *b;
}

namespace wire_bytes {
std::string u32(uint32_t v) { std::string s(4, '\0'); std::memcpy(s.data(), &v, 4); return s; }
std::string u16(uint16_t v) { std::string s(2, '\0'); std::memcpy(s.data(), &v, 2); return s; }
std::string varint(uint64_t v) { std::string s; img::wire::put_varint(s, v); return s; }
std::string vfield(uint32_t field, uint64_t v) { return varint(uint64_t{field} << 3) + varint(v); }
std::string lfield(uint32_t field, std::string_view data) {
    return varint((uint64_t{field} << 3) | 2) + varint(data.size()) + std::string(data);
}
std::string frame(std::string_view message, std::string_view payload) {
    return u32(static_cast<uint32_t>(message.size())) + std::string(message) + std::string(payload);
}
std::string common_header(uint32_t m) { return u32(0x54564319) + u32(m); }
std::string service_header(uint32_t m) { return u32(0x55105940) + u32(m); }
}  // namespace wire_bytes

RenderResult render_bytes(const std::string& name, const std::string& bytes, bool pretty, int indent, bool payloads) {
    RenderResult r;
    auto rd = img::ImageReader::from_file(img::MappedFile::from_string(name, bytes));
    if (!rd) { r.error = rd.error(); return r; }
    img::JsonWriter w(nullptr, indent);
    img::ShowOptions so;
    so.render.pretty = pretty;
    so.payloads = payloads;
    auto ok = img::render_image(*rd, w, so);
    r.json = w.str();
    if (!ok) { r.error = ok.error(); return r; }
    r.ok = true;
    return r;
}

RenderResult render_path(const std::string& path, bool pretty, int indent) {
    RenderResult r;
    auto rd = img::ImageReader::open(path);
    if (!rd) { r.error = rd.error(); return r; }
    img::JsonWriter w(nullptr, indent);
    img::ShowOptions so;
    so.render.pretty = pretty;
    auto ok = img::render_image(*rd, w, so);
    r.json = w.str();
    if (!ok) { r.error = ok.error(); return r; }
    r.ok = true;
    return r;
}

nlohmann::json strip_unknown_fields(nlohmann::json j) {
    if (j.is_object()) {
        j.erase(img::kUnknownFieldsKey);
    }
    if (j.is_object() || j.is_array()) {
        for (auto it = j.begin(); it != j.end(); ++it) *it = strip_unknown_fields(std::move(*it));
    }
    return j;
}

std::string hex(std::string_view b, size_t max) {
    std::string s;
    for (size_t i = 0; i < b.size() && i < max; ++i) s += fmt::format("{}{:02x}", i ? " " : "", static_cast<unsigned char>(b[i]));
    if (b.size() > max) s += fmt::format(" ... ({} bytes)", b.size());
    return s;
}

}  // namespace img::test
