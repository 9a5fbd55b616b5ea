// Renders one protobuf message the way crit does (field names as keys, in
// field-number order, only set fields), driven by the Render hints of our schema.
#pragma once

#include <string>

#include <google/protobuf/message.h>

#include "img/output/value_sink.h"

namespace img {

struct RenderOptions {
    bool pretty = false;     // crit --pretty: hex, flag names, devices, addresses, dict names
};

// The key under which fields our schema does not know are kept (base64 wire bytes).
inline constexpr const char* kUnknownFieldsKey = "_unknown_fields";

// Writes the fields of `m` into an object that the caller has opened.
void render_fields(const google::protobuf::Message& m, ValueSink& out, const RenderOptions& opt, bool hex = false);

// Opens an object, writes the fields, closes it.
void render_message(const google::protobuf::Message& m, ValueSink& out, const RenderOptions& opt);

}  // namespace img
