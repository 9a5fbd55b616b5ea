#include "img/convert/json_to_message.h"

#include <fmt/format.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/unknown_field_set.h>

#include <limits>

#include "img/convert/message_render.h"
#include "img/schema/schema_hints.h"
#include "img/support/text_codecs.h"

namespace img {

namespace gp = google::protobuf;
using FD = gp::FieldDescriptor;
using json = nlohmann::json;

bool parse_int_text(std::string_view s, int64_t&, uint64_t& mag, bool& negative) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    negative = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) { negative = s[0] == '-'; s.remove_prefix(1); }
    int base = 10;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) { base = 16; s.remove_prefix(2); }
    else if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) { base = 8; s.remove_prefix(2); }
    else if (s.size() > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) { base = 2; s.remove_prefix(2); }
    if (s.empty()) return false;
    uint64_t v = 0;
    for (char c : s) {
        if (c == '_') continue;
        int d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return false;
        if (d >= base) return false;
        if (v > (std::numeric_limits<uint64_t>::max() - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base)) return false;
        v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
    }
    mag = v;
    return true;
}

namespace {

struct Ctx {
    std::string where;
    Error fail(const std::string& field, const std::string& what) const {
        Error e; e.what = fmt::format("{}: field '{}': {}", where, field, what); return e;
    }
};

// An integer from a JSON number or text in any form crit prints or accepts.
Expected<std::pair<bool, uint64_t>> json_integer(const json& v, const FD* f, const Ctx& cx) {
    const FieldHints& h = hints_for(f);
    if (v.is_number_unsigned()) return std::pair<bool, uint64_t>{false, v.get<uint64_t>()};
    if (v.is_number_integer()) {
        int64_t i = v.get<int64_t>();
        return std::pair<bool, uint64_t>{i < 0, i < 0 ? static_cast<uint64_t>(-(i + 1)) + 1 : static_cast<uint64_t>(i)};
    }
    if (v.is_boolean()) return std::pair<bool, uint64_t>{false, v.get<bool>() ? 1u : 0u};
    if (!v.is_string()) return cx.fail(f->name(), "expected a number or a string, got " + std::string(v.type_name()));
    std::string s = v.get<std::string>();
    int64_t dummy = 0; uint64_t mag = 0; bool neg = false;
    if (parse_int_text(s, dummy, mag, neg)) return std::pair<bool, uint64_t>{neg, mag};
    for (const gp::EnumDescriptor* e : {h.enum_type, h.dict}) {
        if (!e) continue;
        if (const auto* ev = e->FindValueByName(s)) return std::pair<bool, uint64_t>{false, static_cast<uint32_t>(ev->number())};
    }
    if (h.dev) {
        size_t colon = s.find(':');
        uint64_t maj = 0, min = 0; bool n1 = false, n2 = false;
        if (colon != std::string::npos && parse_int_text(s.substr(0, colon), dummy, maj, n1) &&
            parse_int_text(s.substr(colon + 1), dummy, min, n2) && !n1 && !n2) {
            uint64_t v2 = h.odev ? ((min & 0xff) | ((maj & 0xfff) << 8) | ((min & ~0xffULL) << 12) | ((maj & ~0xfffULL) << 32))
                                 : (maj << 20) | (min & 0xfffff);
            return std::pair<bool, uint64_t>{false, v2};
        }
    }
    if (h.flags || s.empty()) {
        uint64_t acc = 0;
        size_t pos = 0;
        while (pos <= s.size()) {
            size_t bar = s.find('|', pos);
            std::string part = s.substr(pos, bar == std::string::npos ? std::string::npos : bar - pos);
            while (!part.empty() && part.front() == ' ') part.erase(part.begin());
            while (!part.empty() && part.back() == ' ') part.pop_back();
            if (!part.empty()) {
                const gp::EnumValueDescriptor* ev = h.flags ? h.flags->FindValueByName(part) : nullptr;
                uint64_t m = 0; bool ng = false;
                if (ev) acc |= static_cast<uint32_t>(ev->number());
                else if (parse_int_text(part, dummy, m, ng) && !ng) acc |= m;
                else return cx.fail(f->name(), fmt::format("unknown flag '{}'", part));
            }
            if (bar == std::string::npos) break;
            pos = bar + 1;
        }
        return std::pair<bool, uint64_t>{false, acc};
    }
    return cx.fail(f->name(), fmt::format("cannot read '{}' as a number", s));
}

template <class T>
Expected<T> checked(std::pair<bool, uint64_t> v, const FD* f, const Ctx& cx) {
    auto [neg, mag] = v;
    if constexpr (std::is_signed_v<T>) {
        using U = std::make_unsigned_t<T>;
        if (!neg && mag <= static_cast<U>(std::numeric_limits<T>::max())) return static_cast<T>(mag);
        if (neg && mag <= static_cast<U>(std::numeric_limits<T>::max()) + 1u) return static_cast<T>(-static_cast<T>(mag - 1) - 1);
    } else {
        if (!neg && mag <= std::numeric_limits<T>::max()) return static_cast<T>(mag);
    }
    return cx.fail(f->name(), fmt::format("{}{} does not fit the field's type", neg ? "-" : "", mag));
}

Expected<std::string> json_bytes(const json& v, const FD* f, const Ctx& cx) {
    const FieldHints& h = hints_for(f);
    if (v.is_object() && v.contains("base64") && v["base64"].is_string()) {
        auto b = base64_decode(v["base64"].get<std::string>());
        if (!b) return cx.fail(f->name(), "bad base64");
        return *b;
    }
    if (!v.is_string()) return cx.fail(f->name(), "expected a string");
    const std::string& s = v.get_ref<const std::string&>();
    if (h.unix_name) return quoted_printable_decode(s);
    if (f->type() == FD::TYPE_STRING || h.text) return s;
    auto b = base64_decode(s);
    if (!b) return cx.fail(f->name(), "bad base64");
    return *b;
}

Expected<void> set_bool(gp::Message* m, const FD* f, const json& v, const Ctx& cx) {
    bool b;
    if (v.is_boolean()) b = v.get<bool>();
    else if (v.is_number()) b = v.get<double>() != 0;
    else if (v.is_string() && (v == "true" || v == "True")) b = true;
    else if (v.is_string() && (v == "false" || v == "False")) b = false;
    else return cx.fail(f->name(), "expected true or false");
    const gp::Reflection* r = m->GetReflection();
    if (f->is_repeated()) r->AddBool(m, f, b); else r->SetBool(m, f, b);
    return {};
}

// An enum value by name or by number.
Expected<void> set_enum(gp::Message* m, const FD* f, const json& v, const Ctx& cx) {
    const gp::EnumValueDescriptor* ev = nullptr;
    if (v.is_string()) ev = f->enum_type()->FindValueByName(v.get<std::string>());
    else if (v.is_number_integer()) ev = f->enum_type()->FindValueByNumber(v.get<int>());
    if (!ev) return cx.fail(f->name(), "unknown enum value " + v.dump());
    const gp::Reflection* r = m->GetReflection();
    if (f->is_repeated()) r->AddEnum(m, f, ev); else r->SetEnum(m, f, ev);
    return {};
}

// A float or double from a number or its text.
Expected<void> set_floating(gp::Message* m, const FD* f, const json& v, const Ctx& cx) {
    double d;
    if (v.is_number()) d = v.get<double>();
    else if (v.is_string()) d = std::stod(v.get<std::string>());
    else return cx.fail(f->name(), "expected a number");
    const gp::Reflection* r = m->GetReflection();
    bool rep = f->is_repeated();
    if (f->cpp_type() == FD::CPPTYPE_DOUBLE) { if (rep) r->AddDouble(m, f, d); else r->SetDouble(m, f, d); }
    else { if (rep) r->AddFloat(m, f, static_cast<float>(d)); else r->SetFloat(m, f, static_cast<float>(d)); }
    return {};
}

// An integer field from anything json_integer reads, checked to fit the field's type.
Expected<void> set_integer(gp::Message* m, const FD* f, const json& v, const Ctx& cx) {
    auto iv = json_integer(v, f, cx);
    if (!iv) return std::move(iv).error();
    const gp::Reflection* r = m->GetReflection();
    bool rep = f->is_repeated();
#define SETINT(T, Name)                                              \
    {                                                                \
        auto c = checked<T>(*iv, f, cx);                             \
        if (!c) return std::move(c).error();                         \
        if (rep) r->Add##Name(m, f, *c); else r->Set##Name(m, f, *c); \
        return {};                                                   \
    }
    switch (f->cpp_type()) {
    case FD::CPPTYPE_UINT32: SETINT(uint32_t, UInt32)
    case FD::CPPTYPE_UINT64: SETINT(uint64_t, UInt64)
    case FD::CPPTYPE_INT32: SETINT(int32_t, Int32)
    case FD::CPPTYPE_INT64: SETINT(int64_t, Int64)
    default: break;
    }
#undef SETINT
    return cx.fail(f->name(), "unsupported field type");
}

// One value of field `f` (one element, when repeated) set from JSON.
Expected<void> set_value(gp::Message* m, const FD* f, const json& v, const Ctx& cx) {
    const gp::Reflection* r = m->GetReflection();
    bool rep = f->is_repeated();
    switch (f->cpp_type()) {
    case FD::CPPTYPE_MESSAGE: {
        if (!v.is_object()) return cx.fail(f->name(), "expected an object");
        gp::Message* sub = rep ? r->AddMessage(m, f) : r->MutableMessage(m, f);
        return json_to_message(v, sub, cx.where + "." + f->name());
    }
    case FD::CPPTYPE_STRING: {
        auto b = json_bytes(v, f, cx);
        if (!b) return std::move(b).error();
        if (rep) r->AddString(m, f, std::move(*b)); else r->SetString(m, f, std::move(*b));
        return {};
    }
    case FD::CPPTYPE_BOOL: return set_bool(m, f, v, cx);
    case FD::CPPTYPE_ENUM: return set_enum(m, f, v, cx);
    case FD::CPPTYPE_DOUBLE:
    case FD::CPPTYPE_FLOAT: return set_floating(m, f, v, cx);
    default: return set_integer(m, f, v, cx);
    }
}

}  // namespace

Expected<void> json_to_message(const json& j, gp::Message* m, const std::string& where, bool allow_extra) {
    Ctx cx{where};
    if (!j.is_object()) { Error e; e.what = where + ": expected a JSON object"; return e; }
    const gp::Descriptor* d = m->GetDescriptor();
    // Older crit versions named some fields differently; use the old key only when the
    // current one is absent (pagemap: old "nr_pages" is today's "compat_nr_pages").
    std::vector<std::pair<const FD*, const json*>> assigned;
    std::vector<std::string> consumed_legacy;
    for (int i = 0; i < d->field_count(); ++i) {
        const FD* f = d->field(i);
        const FieldHints& h = hints_for(f);
        if (!h.legacy_name.empty() && !j.contains(f->name()) && j.contains(h.legacy_name)) {
            assigned.emplace_back(f, &j[h.legacy_name]);
            consumed_legacy.push_back(h.legacy_name);
        }
    }
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string& k = it.key();
        if (k == kUnknownFieldsKey) continue;
        if (std::find(consumed_legacy.begin(), consumed_legacy.end(), k) != consumed_legacy.end()) continue;
        const FD* f = d->FindFieldByName(k);
        if (!f) {
            if (allow_extra && k == "extra") continue;
            Error e; e.what = fmt::format("{}: {} has no field '{}'", where, d->name(), k); return e;
        }
        assigned.emplace_back(f, &it.value());
    }
    std::sort(assigned.begin(), assigned.end(), [](auto& a, auto& b) { return a.first->number() < b.first->number(); });
    for (auto& [f, v] : assigned) {
        if (f->is_repeated()) {
            if (!v->is_array()) return cx.fail(f->name(), "expected an array");
            const FieldHints& h = hints_for(f);
            if (h.ipadd && v->size() >= 1 && (*v)[0].is_string()) {
                auto words = ip_string_to_words((*v)[0].get<std::string>());
                if (!words) return cx.fail(f->name(), "not an IP address: " + (*v)[0].dump());
                for (uint32_t w : *words) m->GetReflection()->AddUInt32(m, f, w);
                continue;
            }
            for (const auto& el : *v) {
                auto ok = set_value(m, f, el, cx);
                if (!ok) return ok;
            }
        } else {
            auto ok = set_value(m, f, *v, cx);
            if (!ok) return ok;
        }
    }
    if (auto u = j.find(kUnknownFieldsKey); u != j.end()) {
        auto raw = u->is_string() ? base64_decode(u->get<std::string>()) : std::nullopt;
        if (!raw || !m->GetReflection()->MutableUnknownFields(m)->ParseFromString(*raw)) {
            Error e; e.what = fmt::format("{}: bad {}", where, kUnknownFieldsKey); return e;
        }
    }
    return {};
}

}  // namespace img
