#include "img/convert/message_render.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/unknown_field_set.h>
#include <google/protobuf/wire_format.h>

#include <fmt/format.h>

#include "img/schema/schema_hints.h"
#include "img/support/text_codecs.h"
#include "value_render.h"

namespace img {

namespace gp = google::protobuf;
using FD = gp::FieldDescriptor;

namespace {

void render_value(const gp::Message& m, const FD* f, int index, ValueSink& out, const RenderOptions& opt, bool hex) {
    const gp::Reflection* r = m.GetReflection();
    const FieldHints& h = hints_for(f);
    bool rep = f->is_repeated();
#define GET(T) (rep ? r->GetRepeated##T(m, f, index) : r->Get##T(m, f))
    switch (f->cpp_type()) {
    case FD::CPPTYPE_MESSAGE: {
        out.begin_object();
        render_fields(GET(Message), out, opt, hex || h.hex);
        out.end_object();
        return;
    }
    case FD::CPPTYPE_STRING: {
        std::string scratch;
        const std::string& v = rep ? r->GetRepeatedStringReference(m, f, index, &scratch)
                                   : r->GetStringReference(m, f, &scratch);
        detail::render_bytes_field(f, h, v, out);
        return;
    }
    case FD::CPPTYPE_BOOL: out.boolean(GET(Bool)); return;
    case FD::CPPTYPE_ENUM: {
        const auto* ev = GET(Enum);
        out.string(ev->name());
        return;
    }
    case FD::CPPTYPE_UINT32: { uint64_t v = GET(UInt32); detail::render_integer(h, v, 0, false, out, opt, hex || h.hex); return; }
    case FD::CPPTYPE_UINT64: { uint64_t v = GET(UInt64); detail::render_integer(h, v, 0, false, out, opt, hex || h.hex); return; }
    case FD::CPPTYPE_INT32: { int64_t v = GET(Int32); detail::render_integer(h, static_cast<uint64_t>(v), v, true, out, opt, hex || h.hex); return; }
    case FD::CPPTYPE_INT64: { int64_t v = GET(Int64); detail::render_integer(h, static_cast<uint64_t>(v), v, true, out, opt, hex || h.hex); return; }
    case FD::CPPTYPE_DOUBLE: out.string(fmt::format("{}", GET(Double))); return;
    case FD::CPPTYPE_FLOAT: out.string(fmt::format("{}", GET(Float))); return;
    }
#undef GET
}

}  // namespace

void render_fields(const gp::Message& m, ValueSink& out, const RenderOptions& opt, bool hex) {
    const gp::Reflection* r = m.GetReflection();
    std::vector<const FD*> fields;
    r->ListFields(m, &fields);
    for (const FD* f : fields) {
        out.key(f->name());
        if (!f->is_repeated()) { render_value(m, f, -1, out, opt, hex); continue; }
        int n = r->FieldSize(m, f);
        out.begin_array();
        if (opt.pretty && hints_for(f).ipadd && f->cpp_type() == FD::CPPTYPE_UINT32) {
            std::vector<uint32_t> w;
            for (int i = 0; i < n; ++i) w.push_back(r->GetRepeatedUInt32(m, f, i));
            out.string(ip_words_to_string(w));
        } else {
            for (int i = 0; i < n; ++i) render_value(m, f, i, out, opt, hex);
        }
        out.end_array();
    }
    const gp::UnknownFieldSet& unk = r->GetUnknownFields(m);
    if (!unk.empty()) {
        std::string raw;
        unk.SerializeToString(&raw);
        out.key(kUnknownFieldsKey);
        out.string(base64_mime(raw));
    }
}

void render_message(const gp::Message& m, ValueSink& out, const RenderOptions& opt) {
    out.begin_object();
    render_fields(m, out, opt);
    out.end_object();
}

}  // namespace img
