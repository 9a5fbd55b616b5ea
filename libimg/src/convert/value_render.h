// One field value as crit prints it (text or base64 bytes, enum and flag names,
// hex, devices): shared by the reflection printer and the wire-level printer.
#pragma once

#include <cstdint>
#include <string_view>

#include <google/protobuf/descriptor.h>

#include "img/convert/message_render.h"
#include "img/schema/schema_hints.h"
#include "img/output/value_sink.h"

namespace img::detail {

// Bytes that the schema calls text: a JSON string when they are UTF-8, otherwise an
// object keeping the exact bytes (crit would print a Python repr).
void render_text(std::string_view s, ValueSink& out);

// A string or bytes field: quoted-printable for unix names, text, or MIME base64.
void render_bytes_field(const google::protobuf::FieldDescriptor* f, const FieldHints& h, std::string_view v,
                        ValueSink& out);

// An integer field with its hints (enum table, and in pretty mode hex, device, flags, dict).
void render_integer(const FieldHints& h, uint64_t u, int64_t s, bool is_signed, ValueSink& out,
                    const RenderOptions& opt, bool hex);

}  // namespace img::detail
