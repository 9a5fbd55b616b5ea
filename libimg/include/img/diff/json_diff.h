// Differences between two JSON documents, each named by a JSON pointer: objects by key, arrays by
// index. What img-diff uses for messages and whole images alike.
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "img/diff/diff_result.h"

namespace img {

// Called once per difference: a == nullptr when the path exists in b only, b == nullptr in a only.
using JsonDiffFn = std::function<void(Change, const std::string& path, const nlohmann::json* a,
                                      const nlohmann::json* b)>;
void diff_json(const nlohmann::json& a, const nlohmann::json& b, const std::string& path, const JsonDiffFn& fn);

// A JSON pointer component with '~' and '/' escaped (RFC 6901).
std::string pointer_token(const std::string& key);

}  // namespace img
