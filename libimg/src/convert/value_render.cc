#include "value_render.h"

#include <fmt/format.h>

#include "img/support/text_codecs.h"

namespace img::detail {

namespace gp = google::protobuf;

namespace {

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

}  // namespace

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

void render_bytes_field(const gp::FieldDescriptor* f, const FieldHints& h, std::string_view v, ValueSink& out) {
    if (h.unix_name) { out.string(quoted_printable(v)); return; }
    if (f->type() == gp::FieldDescriptor::TYPE_STRING || h.text) { render_text(v, out); return; }
    out.string(base64_mime(v));
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

}  // namespace img::detail
