#include "img/message_render.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/unknown_field_set.h>
#include <google/protobuf/wire_format.h>

#include <fmt/format.h>

#include "img/schema_hints.h"
#include "img/text_codecs.h"

namespace img {

namespace gp = google::protobuf;
using FD = gp::FieldDescriptor;

namespace {

// Renders bytes that the schema calls text: a JSON string when they are UTF-8,
// otherwise an object keeping the exact bytes (crit would print a Python repr).
void render_text(std::string_view s, ValueSink& out) {
    if (valid_utf8(s)) { out.string(s); return; }
    out.begin_object();
    out.key("base64");
    std::string b64 = base64_mime(s);
    out.string(b64);
    out.key("text");
    std::string shown;
    for (unsigned char c : s) {
        if (c >= 0x20 && c < 0x7f && c != '\\') shown.push_back(static_cast<char>(c));
        else shown += fmt::format("\\x{:02x}", c);
    }
    out.string(shown);
    out.end_object();
}

std::string flags_string(uint64_t v, const gp::EnumDescriptor* e) {
    std::string s;
    uint64_t known = 0;
    for (int i = 0; i < e->value_count(); ++i) {
        uint64_t bit = static_cast<uint32_t>(e->value(i)->number());
        known |= bit;
        if (v & bit) {
            if (!s.empty()) s += " | ";
            s += e->value(i)->name();
        }
    }
    uint64_t rest = v & ~known;
    if (rest) {
        if (!s.empty()) s += " | ";
        s += fmt::format("{:#x}", rest);
    }
    return s;
}

template <class T>
std::string hex_string(T v) {
    if constexpr (std::is_signed_v<T>) {
        if (v < 0) return fmt::format("-{:#x}", static_cast<std::make_unsigned_t<T>>(-(v + 1)) + 1u);
    }
    return fmt::format("{:#x}", v);
}

void render_integer(const FieldHints& h, uint64_t u, int64_t s, bool is_signed, ValueSink& out,
                    const RenderOptions& opt, bool hex) {
    if (h.enum_type) {
        if (const auto* ev = h.enum_type->FindValueByNumber(static_cast<int>(u)); ev && u <= 0xffffffffu) {
            out.string(ev->name());
            return;
        }
    } else if (opt.pretty) {
        if (hex) { out.string(is_signed ? hex_string(s) : hex_string(u)); return; }
        if (h.dev) {
            uint64_t maj, min;
            if (h.odev) {
                maj = ((u >> 8) & 0xfff) | ((u >> 32) & ~0xfffULL);
                min = (u & 0xff) | ((u >> 12) & ~0xffULL);
            } else {
                maj = u >> 20; min = u & 0xfffff;
            }
            out.string(fmt::format("{}:{}", maj, min));
            return;
        }
        if (h.flags) { out.string(flags_string(u, h.flags)); return; }
        if (h.dict) {
            if (const auto* ev = h.dict->FindValueByNumber(static_cast<int>(u)); ev && u <= 0xffffffffu) {
                out.string(ev->name());
                return;
            }
        }
    }
    if (is_signed) out.number(s); else out.number(u);
}

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
        if (h.unix_name) { out.string(quoted_printable(v)); return; }
        if (f->type() == FD::TYPE_STRING || h.text) { render_text(v, out); return; }
        out.string(base64_mime(v));
        return;
    }
    case FD::CPPTYPE_BOOL: out.boolean(GET(Bool)); return;
    case FD::CPPTYPE_ENUM: {
        const auto* ev = GET(Enum);
        out.string(ev->name());
        return;
    }
    case FD::CPPTYPE_UINT32: { uint64_t v = GET(UInt32); render_integer(h, v, 0, false, out, opt, hex || h.hex); return; }
    case FD::CPPTYPE_UINT64: { uint64_t v = GET(UInt64); render_integer(h, v, 0, false, out, opt, hex || h.hex); return; }
    case FD::CPPTYPE_INT32: { int64_t v = GET(Int32); render_integer(h, static_cast<uint64_t>(v), v, true, out, opt, hex || h.hex); return; }
    case FD::CPPTYPE_INT64: { int64_t v = GET(Int64); render_integer(h, static_cast<uint64_t>(v), v, true, out, opt, hex || h.hex); return; }
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
