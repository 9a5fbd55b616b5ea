// Fills a protobuf message from a crit-style JSON object: values plain or
// pretty (hex strings, flag names, "maj:min", addresses, names), older crit
// key names, and our "_unknown_fields" key.
#pragma once

#include <string>

#include <google/protobuf/message.h>
#include <nlohmann/json.hpp>

#include "img/support/error.h"

namespace img {

// `where` names the object for error messages (e.g. "entry #3").
Expected<void> json_to_message(const nlohmann::json& j, google::protobuf::Message* m, const std::string& where,
                               bool allow_extra = false);

// Integer text as crit accepts it: Python int(s, 0) ("0x10", "0o20", "0b1", "12", "-3").
bool parse_int_text(std::string_view s, int64_t& neg_or_pos, uint64_t& magnitude, bool& negative);

}  // namespace img
