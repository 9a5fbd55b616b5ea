#include "img/diff/json_diff.h"

#include <algorithm>

namespace img {

std::string pointer_token(const std::string& key) {
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

void diff_json(const nlohmann::json& a, const nlohmann::json& b, const std::string& path, const JsonDiffFn& fn) {
    if (a.is_object() && b.is_object()) {
        for (const auto& [k, va] : a.items()) {
            auto it = b.find(k);
            std::string p = path + "/" + pointer_token(k);
            if (it == b.end()) fn(Change::Removed, p, &va, nullptr);
            else diff_json(va, *it, p, fn);
        }
        for (const auto& [k, vb] : b.items())
            if (!a.contains(k)) fn(Change::Added, path + "/" + pointer_token(k), nullptr, &vb);
        return;
    }
    if (a.is_array() && b.is_array()) {
        size_t common = std::min(a.size(), b.size());
        for (size_t i = 0; i < common; ++i) diff_json(a[i], b[i], path + "/" + std::to_string(i), fn);
        for (size_t i = common; i < a.size(); ++i) fn(Change::Removed, path + "/" + std::to_string(i), &a[i], nullptr);
        for (size_t i = common; i < b.size(); ++i) fn(Change::Added, path + "/" + std::to_string(i), nullptr, &b[i]);
        return;
    }
    if (a != b) fn(Change::Changed, path, &a, &b);
}

}  // namespace img
