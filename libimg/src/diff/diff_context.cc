#include "diff_context.h"

#include <algorithm>

#include "img/convert/message_render.h"
#include "img/diff/json_diff.h"
#include "img/output/json_writer.h"

namespace img::diff {

bool Context::wants(std::string_view aspect) const {
    if (opt.only.empty()) return !opt.list_pages || aspect == "pages";
    return std::find(opt.only.begin(), opt.only.end(), aspect) != opt.only.end();
}

bool Context::ignored(const std::string& path) const {
    for (const auto& f : opt.ignore) {
        size_t pos = 0;
        while ((pos = path.find(f, pos)) != std::string::npos) {
            bool starts = pos == 0 || path[pos - 1] == '/' || path[pos - 1] == ' ';
            size_t end = pos + f.size();
            bool ends = end == path.size() || path[end] == '/' || path[end] == ' ';
            if (starts && ends) return true;
            pos = end;
        }
    }
    return false;
}

void Context::add(std::string aspect, Change c, std::string where, std::string path, std::string va, std::string vb) {
    if (!wants(aspect) || ignored(where + path)) return;
    result.differences.push_back(Difference{std::move(aspect), c, std::move(where), std::move(path), std::move(va), std::move(vb)});
}

void Context::add_json(const std::string& where, const nlohmann::json& ja, const nlohmann::json& jb,
                       std::string (*aspect_of)(const std::string&), std::string_view fixed_aspect) {
    diff_json(ja, jb, "", [&](Change c, const std::string& path, const nlohmann::json* va, const nlohmann::json* vb) {
        std::string aspect = fixed_aspect.empty() ? aspect_of(path) : std::string(fixed_aspect);
        add(std::move(aspect), c, where, path, va ? json_text(*va) : "", vb ? json_text(*vb) : "");
    });
}

bool same_bytes(const google::protobuf::Message& a, const google::protobuf::Message& b) {
    return a.GetDescriptor() == b.GetDescriptor() && a.SerializeAsString() == b.SerializeAsString();
}

bool paired(const Context& cx, uint32_t ida, uint32_t idb) {
    auto it = cx.file_pairs.find(ida);
    return it != cx.file_pairs.end() && it->second == idb;
}

nlohmann::json parse_rendered(const std::string& text) {
    // Our writer's JSON always parses; should a value ever not (a float nlohmann refuses), the
    // text itself is compared (as {"_text": ...}, an object like every message) rather than throwing.
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    return j.is_discarded() ? nlohmann::json{{"_text", text}} : j;
}

nlohmann::json message_json(const google::protobuf::Message& m) {
    JsonWriter w(nullptr, 0);
    RenderOptions ro;
    ro.pretty = true;
    render_message(m, w, ro);
    w.flush();
    return parse_rendered(w.str());
}

std::string json_text(const nlohmann::json& v) { return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace img::diff
