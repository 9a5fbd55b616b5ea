#include "img/schema/flag_names.h"

#include <fmt/format.h>

#include "tables.pb.h"

namespace img {

namespace gp = google::protobuf;

std::string flag_names(uint64_t v, const gp::EnumDescriptor* e, std::string_view sep) {
    std::string s;
    uint64_t known = 0;
    for (int i = 0; i < e->value_count(); ++i) {
        uint64_t bit = static_cast<uint32_t>(e->value(i)->number());
        if (!bit || (known & bit)) continue;
        known |= bit;
        if ((v & bit) == bit) {
            if (!s.empty()) s += sep;
            s += e->value(i)->name();
        }
    }
    if (uint64_t rest = v & ~known) {
        if (!s.empty()) s += sep;
        s += fmt::format("{:#x}", rest);
    }
    return s;
}

std::string enum_name(uint64_t v, const gp::EnumDescriptor* e) {
    if (v <= 0x7fffffff)
        if (const auto* ev = e->FindValueByNumber(static_cast<int>(v))) return ev->name();
    return std::to_string(v);
}

std::string open_flags(uint32_t flags) {
    std::string acc = (flags & 3) == 0 ? "O_RDONLY" : "";
    std::string rest = flag_names(flags, cimg::RfileFlags::Bits_descriptor());
    if (acc.empty()) return rest;
    return rest.empty() ? acc : acc + "|" + rest;
}

}  // namespace img
