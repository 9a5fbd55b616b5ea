#include "img/convert/wire_render.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include "img/output/json_writer.h"
#include "img/schema/schema_hints.h"
#include "img/support/text_codecs.h"
#include "value_render.h"

namespace img {

namespace gp = google::protobuf;
using FD = gp::FieldDescriptor;

namespace {

enum class Kind : uint8_t { Varint, ZigZag32, ZigZag64, Fixed32, Fixed64, Float, Double, Bool, Enum, Bytes, Message };

// A varint printed as a bare number, by the C++ type it has (None: anything else).
enum class Bare : uint8_t { None, U64, U32, I64, I32, S64, S32 };   // S: zigzag (sint)

// The number a Bare varint prints as (signed ones as int64_t).
inline uint64_t bare_value(Bare b, uint64_t v) {
    switch (b) {
    case Bare::U32: return static_cast<uint32_t>(v);
    case Bare::I32: return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(static_cast<uint32_t>(v))));
    case Bare::S64: return (v >> 1) ^ (~(v & 1) + 1);
    case Bare::S32: {
        uint32_t w = static_cast<uint32_t>(v);
        return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>((w >> 1) ^ (~(w & 1) + 1))));
    }
    default: return v;
    }
}

constexpr int kMaxDepth = 64;

// Wire types.
constexpr uint8_t kVarint = 0, kI64 = 1, kLen = 2, kI32 = 5;

inline bool read_varint(const uint8_t*& p, const uint8_t* end, uint64_t& v) {
    if (p < end && *p < 0x80) { v = *p++; return true; }
    uint64_t r = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        if (p == end) return false;
        uint8_t b = *p++;
        r |= static_cast<uint64_t>(b & 0x7f) << shift;
        if (b < 0x80) { v = r; return true; }
    }
    return false;   // more than ten bytes
}

// read_varint for a value of any length, taking the eight bytes ahead at once where the
// image has them (addresses and sizes are 5-8 byte varints).
inline bool read_varint_wide(const uint8_t*& p, const uint8_t* end, uint64_t& v) {
    if (p < end && *p < 0x80) { v = *p++; return true; }
    if (end - p >= 8) {
        uint64_t x;
        std::memcpy(&x, p, 8);
        if (uint64_t stops = ~x & 0x8080808080808080ull) {   // a clear top bit ends the varint
            int last = __builtin_ctzll(stops) >> 3;            // its byte: 0..7 (little-endian)
            if (last < 7) x &= (uint64_t{1} << (8 * (last + 1))) - 1;
            x = (x & 0x7full) | ((x >> 1) & (0x7full << 7)) | ((x >> 2) & (0x7full << 14)) | ((x >> 3) & (0x7full << 21)) |
                ((x >> 4) & (0x7full << 28)) | ((x >> 5) & (0x7full << 35)) | ((x >> 6) & (0x7full << 42)) |
                ((x >> 7) & (0x7full << 49));
            v = x;
            p += last + 1;
            return true;
        }
    }
    return read_varint(p, end, v);
}

// Skips a value of a wire type we accept, bounds-checked.
inline bool skip_value(uint8_t wt, const uint8_t*& p, const uint8_t* end, uint64_t& v, uint64_t& len) {
    switch (wt) {
    case kVarint: return read_varint(p, end, v);
    case kI64:
        if (end - p < 8) return false;
        std::memcpy(&v, p, 8); p += 8; return true;
    case kI32: {
        if (end - p < 4) return false;
        uint32_t w; std::memcpy(&w, p, 4); v = w; p += 4; return true;
    }
    case kLen:
        if (!read_varint(p, end, len) || len > static_cast<uint64_t>(end - p)) return false;
        return true;
    }
    return false;
}

}  // namespace

struct WireRenderer::Field {
    const FD* fd = nullptr;
    std::string_view name;
    std::string json_key;       // "name": as the JSON writer prints it
    // json_key again, zero-padded to JsonWriter::kKeyPad bytes when it fits (key_len 0: it does not).
    std::array<char, JsonWriter::kKeyPad> key_pad{};
    uint8_t key_len = 0;
    bool fast_number = false;   // !repeated, bare, and not printed in hex when pretty
    uint32_t number = 0;
    uint8_t wire_type = 0;
    Kind kind = Kind::Varint;
    bool repeated = false, required = false;
    bool plain_int = false;     // an integer printed as a bare number whatever the options
    bool utf8_text = false;     // bytes printed as a JSON string when they are UTF-8
    Bare bare = Bare::None;     // a plain varint: printed as a bare number unless pretty and hex
    bool hex = false;           // hints.hex
    FD::CppType cpp = FD::CPPTYPE_INT32;
    FieldHints hints;
    std::vector<std::string_view> enum_names;   // enum_type hint: names of the values 0..N ("" for gaps)
    mutable const Plan* sub = nullptr;   // message fields: resolved on first use
};

namespace {
// How the simple loop prints a field (Other: it does not; a message with one present goes to
// the general walk).
enum class SimpleKind : uint8_t { Number, Bool, Enum, Text, Message, Other };

// A field as the simple loop needs it.
struct SimpleField {
    std::array<char, JsonWriter::kKeyPad> key_pad;   // "name": zero-padded
    uint8_t key_len;
    SimpleKind kind;
    Bare bare;               // Number: how the varint reads
    bool is_signed;          // Number
    bool required;
    bool required_here_or_after;   // this field or a later one of the plan is required
    uint32_t tag;            // number << 3 | wire type
    const std::vector<std::string_view>* enum_names;   // Enum: the names of 0..N ("" for gaps)
    const WireRenderer::Field* field;                  // Message: its sub-plan, found on first use
};

// The longest enum name the simple loop prints (the room it takes per field counts on it).
constexpr size_t kSimpleEnumName = 40;
// The largest message it takes, and the room it takes for one of `len` bytes: per field of at
// least two bytes, a separator, the padded key, and a value of up to 42 characters (numbers,
// booleans, enum names), plus text as long as its bytes and two braces per message.
constexpr size_t kSimpleMaxBytes = 4096;
constexpr size_t simple_room(size_t len) { return 40 * len + 64; }
}  // namespace

struct WireRenderer::Plan {
    std::vector<Field> fields;          // in field-number order
    std::vector<uint16_t> by_number;    // field number -> index + 1 (0: not in the schema)
    size_t required = 0;
    // Every field as the simple loop sees it, in number order (empty when the output is
    // pretty: the loop prints compact, plain JSON only).
    std::vector<SimpleField> simple_fields;
    bool simple_numbers = false;   // all of them numbers (a VMA): the loop's instance for that
    const Field* find(uint64_t n) const {
        if (n >= by_number.size() || !by_number[n]) return nullptr;
        return &fields[by_number[n] - 1];
    }
};

WireRenderer::WireRenderer(const RenderOptions& opt) : opt_(opt) {}
WireRenderer::~WireRenderer() = default;

const WireRenderer::Plan& WireRenderer::plan_for(const gp::Descriptor* d) {
    if (d == last_type_) return *last_plan_;
    last_type_ = d;
    last_plan_ = &build_plan(d);
    return *last_plan_;
}

namespace {

// The field's kind and the wire type it comes in; false for a group (never in our schema; seen
// on the wire, it sends the entry to the parser).
bool set_kind(WireRenderer::Field& f, FD::Type type) {
    switch (type) {
    case FD::TYPE_INT32: case FD::TYPE_INT64: case FD::TYPE_UINT32: case FD::TYPE_UINT64:
        f.kind = Kind::Varint; f.wire_type = kVarint; return true;
    case FD::TYPE_SINT32: f.kind = Kind::ZigZag32; f.wire_type = kVarint; return true;
    case FD::TYPE_SINT64: f.kind = Kind::ZigZag64; f.wire_type = kVarint; return true;
    case FD::TYPE_BOOL: f.kind = Kind::Bool; f.wire_type = kVarint; return true;
    case FD::TYPE_ENUM: f.kind = Kind::Enum; f.wire_type = kVarint; return true;
    case FD::TYPE_FIXED32: case FD::TYPE_SFIXED32: f.kind = Kind::Fixed32; f.wire_type = kI32; return true;
    case FD::TYPE_FIXED64: case FD::TYPE_SFIXED64: f.kind = Kind::Fixed64; f.wire_type = kI64; return true;
    case FD::TYPE_FLOAT: f.kind = Kind::Float; f.wire_type = kI32; return true;
    case FD::TYPE_DOUBLE: f.kind = Kind::Double; f.wire_type = kI64; return true;
    case FD::TYPE_STRING: case FD::TYPE_BYTES: f.kind = Kind::Bytes; f.wire_type = kLen; return true;
    case FD::TYPE_MESSAGE: f.kind = Kind::Message; f.wire_type = kLen; return true;
    case FD::TYPE_GROUP: return false;
    }
    return false;
}

// How a plain integer field's varint reads as a bare number (None: it is not one).
Bare bare_of(const WireRenderer::Field& f) {
    if (!f.plain_int) return Bare::None;
    if (f.kind == Kind::ZigZag64) return Bare::S64;
    if (f.kind == Kind::ZigZag32) return Bare::S32;
    if (f.kind != Kind::Varint) return Bare::None;
    switch (f.cpp) {
    case FD::CPPTYPE_UINT64: return Bare::U64;
    case FD::CPPTYPE_UINT32: return Bare::U32;
    case FD::CPPTYPE_INT64: return Bare::I64;
    case FD::CPPTYPE_INT32: return Bare::I32;
    default: return Bare::None;
    }
}

// The names of an enum_type hint's values 0..255, by number (the first name of each).
void set_enum_names(WireRenderer::Field& f) {
    const auto* e = f.hints.enum_type;
    if (!e) return;
    for (int i = 0; i < e->value_count(); ++i) {
        int n = e->value(i)->number();
        if (n < 0 || n >= 256) continue;
        if (static_cast<size_t>(n) >= f.enum_names.size()) f.enum_names.resize(static_cast<size_t>(n) + 1);
        if (f.enum_names[static_cast<size_t>(n)].empty()) f.enum_names[static_cast<size_t>(n)] = e->value(i)->name();
    }
}

// A field of the schema as the walk prints it; false for one it never takes (groups, packed
// fields, numbers past 4096: seen on the wire, they send the entry to the parser).
bool make_field(WireRenderer::Field& f, const FD* fd, bool pretty) {
    f.fd = fd;
    f.name = fd->name();
    append_json_string(f.json_key, f.name);
    f.json_key += ": ";
    f.number = static_cast<uint32_t>(fd->number());
    f.repeated = fd->is_repeated();
    f.required = fd->is_required();
    f.hints = hints_for(fd);
    if (!set_kind(f, fd->type()) || fd->is_packed() || f.number > 4096) return false;
    f.plain_int = f.kind != Kind::Bool && f.kind != Kind::Enum && f.kind != Kind::Float &&
                  f.kind != Kind::Double && f.kind != Kind::Bytes && f.kind != Kind::Message &&
                  !f.hints.enum_type && (!pretty || (!f.hints.dev && !f.hints.flags && !f.hints.dict));
    f.cpp = fd->cpp_type();
    f.bare = bare_of(f);
    f.hex = f.hints.hex;
    f.fast_number = !f.repeated && f.bare != Bare::None && !(pretty && f.hex);
    if (f.json_key.size() <= f.key_pad.size()) {
        std::memcpy(f.key_pad.data(), f.json_key.data(), f.json_key.size());
        f.key_len = static_cast<uint8_t>(f.json_key.size());
    }
    f.utf8_text = f.kind == Kind::Bytes && !f.hints.unix_name && (fd->type() == FD::TYPE_STRING || f.hints.text);
    set_enum_names(f);
    return true;
}

// An enum the simple loop prints by name: every name short and plain JSON.
bool simple_enum(const WireRenderer::Field& f) {
    return f.kind == Kind::Varint && f.cpp == FD::CPPTYPE_UINT32 && f.hints.enum_type && !f.enum_names.empty() &&
           std::all_of(f.enum_names.begin(), f.enum_names.end(), [](std::string_view n) {
               return n.size() <= kSimpleEnumName &&
                      std::all_of(n.begin(), n.end(), [](char c) { return kJsonPlain[static_cast<uint8_t>(c)]; });
           });
}

SimpleKind simple_kind_of(const WireRenderer::Field& f) {
    if (f.repeated || f.key_len == 0) return SimpleKind::Other;
    if (f.fast_number) return SimpleKind::Number;
    if (f.kind == Kind::Bool) return SimpleKind::Bool;
    if (simple_enum(f)) return SimpleKind::Enum;
    if (f.kind == Kind::Bytes && f.utf8_text) return SimpleKind::Text;
    if (f.kind == Kind::Message) return SimpleKind::Message;
    return SimpleKind::Other;
}

// The plan's fields as the simple loop sees them (compact JSON only).
void add_simple_fields(WireRenderer::Plan& p) {
    for (const WireRenderer::Field& f : p.fields)
        p.simple_fields.push_back({f.key_pad, f.key_len, simple_kind_of(f), f.bare, f.bare != Bare::U64 && f.bare != Bare::U32,
                                   f.required, f.required, (f.number << 3) | f.wire_type, &f.enum_names, &f});
    for (size_t i = p.simple_fields.size(); i > 1; --i)
        p.simple_fields[i - 2].required_here_or_after |= p.simple_fields[i - 1].required_here_or_after;
    p.simple_numbers = std::all_of(p.simple_fields.begin(), p.simple_fields.end(),
                                   [](const SimpleField& f) { return f.kind == SimpleKind::Number; });
}

}  // namespace

const WireRenderer::Plan& WireRenderer::build_plan(const gp::Descriptor* d) {
    auto& slot = plans_[d];
    if (slot) return *slot;
    auto p = std::make_unique<Plan>();
    for (int i = 0; i < d->field_count(); ++i) {
        Field f;
        if (!make_field(f, d->field(i), opt_.pretty)) continue;
        if (f.required) ++p->required;
        p->fields.push_back(std::move(f));
    }
    std::sort(p->fields.begin(), p->fields.end(), [](const Field& a, const Field& b) { return a.number < b.number; });
    uint32_t top = p->fields.empty() ? 0 : p->fields.back().number;
    p->by_number.assign(top + 1, 0);
    for (size_t i = 0; i < p->fields.size(); ++i) p->by_number[p->fields[i].number] = static_cast<uint16_t>(i + 1);
    if (!opt_.pretty) add_simple_fields(*p);
    slot = std::move(p);
    return *slot;
}

const WireRenderer::Plan& WireRenderer::sub_plan(const Field& f) {
    if (!f.sub) f.sub = &build_plan(f.fd->message_type());
    return *f.sub;
}

// A sink that drops everything: the printer's walk over it is the check alone.
struct WireRenderer::NullSink {
    void begin_object() {}
    void end_object() {}
    void begin_array() {}
    void end_array() {}
    void key(std::string_view) {}
    void string(std::string_view) {}
    void number(uint64_t) {}
    void number(int64_t) {}
    void boolean(bool) {}
};

// How the walk treats sub-messages. Whole: checks (and prints) them as it goes.
// Shallow (check only): takes their bounds, not their contents. Stream (JSON only): prints
// each one on its own, held and taken back if refused, then printed from the parsed message.
enum class WireRenderer::Mode : uint8_t { Whole, Shallow, Stream };

// One walk validates and prints: false as soon as the bytes are not in the shape
// handled here (what was printed by then is for the caller to discard).
template <class Sink>
struct WireRenderer::Printer {
    static constexpr bool kPrints = !std::is_same_v<Sink, NullSink>;
    WireRenderer& self;
    Sink& out;
    Mode mode = Mode::Whole;

    bool value(const Field& f, const uint8_t*& at, const uint8_t* end, bool hex, int depth);
    bool message(const Field& f, const uint8_t* body, uint64_t len, bool hex, int depth);
    void bytes(const Field& f, const uint8_t* body, uint64_t len);
    bool scalar(const Field& f, uint64_t v, bool hex);
    void integer(const Field& f, uint64_t v, int64_t s, bool is_signed, bool hex);
    bool fields(const Plan& p, const uint8_t* at, const uint8_t* end, bool hex, int depth);
    void key_and_number(const Field& f, uint64_t v);
    bool stream_message(const Field& f, const uint8_t* body, size_t len, bool hex, int depth);
    char* simple(const Plan& p, const uint8_t* at, const uint8_t* end, char* o, bool braces, int depth) {
        return p.simple_numbers ? simple_loop<true>(p, at, end, o, braces, depth) : simple_loop<false>(p, at, end, o, braces, depth);
    }
    template <bool Numbers>
    char* simple_loop(const Plan& p, const uint8_t* at, const uint8_t* end, char* o, bool braces, int depth);
    char* simple_value(const SimpleField& f, const uint8_t*& at, const uint8_t* end, char* o, int depth);
    bool try_simple(const Plan& p, const uint8_t* at, const uint8_t* end, bool braces, int depth);
};

// The simple loop: a message whose present fields are bare numbers, booleans, enum values with
// names, plain ASCII text or messages of the same kind, in the canonical shape (known fields in
// number order, each once, the required ones present), written straight at `o` as JSON, its
// fields matched by tag in number order beside the bytes. Most of an image (VMAs, files and
// their owners, pipes) is such messages. Returns the end, or nullptr when the bytes are not in
// that shape (what was written is then for the caller to ignore). The caller gave
// simple_room(end - at) bytes of room.
// (Numbers: every field of the plan is a number, and the loop is compiled for that alone.)
template <class Sink>
template <bool Numbers>
char* WireRenderer::Printer<Sink>::simple_loop(const Plan& p, const uint8_t* at, const uint8_t* end, char* o, bool braces,
                                               int depth) {
    const size_t n = p.simple_fields.size();
    if (n == 0 || depth >= kMaxDepth) return nullptr;
    if (braces) *o++ = '{';
    char* const first = o;
    size_t i = 0;
    while (at < end) {
        // The next field's tag is that of the field after the last one printed, or of one further
        // on when those between are optional and absent: compared, not looked up. A tag found
        // nowhere ahead is out of order, repeated or unknown.
        uint64_t tag = *at++;   // at < end: one byte for field numbers 1-15
        if (tag >= 0x80 && !read_varint(--at, end, tag)) return nullptr;
        while (p.simple_fields[i].tag != tag) {
            if (p.simple_fields[i].required || ++i == n) return nullptr;
        }
        const SimpleField& f = p.simple_fields[i++];
        if (o != first) {
            o[0] = ',';
            o[1] = ' ';
            o += 2;
        }
        std::memcpy(o, f.key_pad.data(), JsonWriter::kKeyPad);
        o += f.key_len;
        if (Numbers || f.kind == SimpleKind::Number) {   // most fields: tested before the others
            uint64_t v;
            if (!read_varint_wide(at, end, v)) return nullptr;
            v = bare_value(f.bare, v);
            o = f.is_signed ? write_decimal(o, static_cast<int64_t>(v)) : write_decimal(o, v);
        } else if constexpr (!Numbers) {
            o = simple_value(f, at, end, o, depth);
            if (!o) return nullptr;
        }
        if (i == n) break;
    }
    if (at != end || (i < n && p.simple_fields[i].required_here_or_after)) return nullptr;
    if (braces) *o++ = '}';
    return o;
}

// A value of the simple loop other than a number (a boolean, an enum's name, plain text, a
// message), written at `o`: its end, or nullptr when it is not in the loop's shape.
template <class Sink>
inline char* WireRenderer::Printer<Sink>::simple_value(const SimpleField& f, const uint8_t*& at, const uint8_t* end, char* o,
                                                       int depth) {
    uint64_t v;
    switch (f.kind) {
    case SimpleKind::Number:
        return o;   // printed by the loop itself
    case SimpleKind::Bool:
        if (!read_varint(at, end, v)) return nullptr;
        std::memcpy(o, v ? "true" : "false", 5);
        return o + (v ? 4 : 5);
    case SimpleKind::Enum: {
        if (!read_varint(at, end, v)) return nullptr;
        v = static_cast<uint32_t>(v);   // as the parser reads a uint32
        if (v >= f.enum_names->size() || (*f.enum_names)[v].empty()) return nullptr;
        std::string_view name = (*f.enum_names)[v];
        *o++ = '"';
        std::memcpy(o, name.data(), name.size());
        o += name.size();
        *o++ = '"';
        return o;
    }
    case SimpleKind::Text:
        if (!read_varint(at, end, v) || v > static_cast<uint64_t>(end - at)) return nullptr;
        *o++ = '"';
        for (const uint8_t* t = at + v; at < t; ++at) {
            if (!kJsonPlain[*at]) return nullptr;
            *o++ = static_cast<char>(*at);
        }
        *o++ = '"';
        return o;
    case SimpleKind::Message:
        if (!read_varint(at, end, v) || v > static_cast<uint64_t>(end - at)) return nullptr;
        o = simple(self.sub_plan(*f.field), at, at + v, o, true, depth + 1);
        at += v;
        return o;
    case SimpleKind::Other:
        return nullptr;
    }
    return nullptr;
}

// The simple loop into the JSON writer: written as one raw value (with braces) or as the fields
// of the object the caller opened (without); false, having written nothing, when not taken.
template <class Sink>
bool WireRenderer::Printer<Sink>::try_simple(const Plan& p, const uint8_t* at, const uint8_t* end, bool braces,
                                             int depth) {
    if constexpr (!std::is_same_v<Sink, JsonWriter>) {
        return false;
    } else {
        const size_t len = static_cast<size_t>(end - at);
        if (p.simple_fields.empty() || len > kSimpleMaxBytes || !out.compact()) return false;
        char* const start = out.begin_raw(simple_room(len));
        char* e = simple(p, at, end, start, braces, depth);
        if (!e) return false;
        if (e != start) out.end_raw(e);   // no fields and no braces: nothing written, no separator due
        return true;
    }
}

template <class Sink>
bool WireRenderer::Printer<Sink>::value(const Field& f, const uint8_t*& at, const uint8_t* end, bool hex, int depth) {
    uint64_t v = 0, len = 0;
    if (!skip_value(f.wire_type, at, end, v, len)) return false;
    if (f.wire_type != kLen) return scalar(f, v, hex);
    const uint8_t* body = at;
    at += len;
    if (f.kind == Kind::Message) return message(f, body, len, hex, depth);
    bytes(f, body, len);
    return true;
}

// A sub-message: the simple loop, or held (Stream), or its bounds alone (Shallow), or walked whole.
template <class Sink>
inline bool WireRenderer::Printer<Sink>::message(const Field& f, const uint8_t* body, uint64_t len, bool hex, int depth) {
    if (depth >= kMaxDepth) return false;
    if constexpr (std::is_same_v<Sink, JsonWriter>) {
        if (try_simple(self.sub_plan(f), body, body + len, true, depth + 1)) return true;
        if (mode == Mode::Stream) return stream_message(f, body, len, hex || f.hints.hex, depth + 1);
    } else if (mode == Mode::Shallow) {
        return true;
    }
    out.begin_object();
    if (!fields(self.sub_plan(f), body, body + len, hex || f.hints.hex, depth + 1)) return false;
    out.end_object();
    return true;
}

// A string or bytes field: text when it is UTF-8 and meant as text, else as its hints say.
template <class Sink>
inline void WireRenderer::Printer<Sink>::bytes(const Field& f, const uint8_t* body, uint64_t len) {
    if constexpr (kPrints) {
        std::string_view data(reinterpret_cast<const char*>(body), len);
        if constexpr (std::is_same_v<Sink, JsonWriter>) {
            if (f.utf8_text && out.plain_string(data)) return;
        }
        if (f.utf8_text && valid_utf8(data)) out.string(data);
        else detail::render_bytes_field(f.fd, f.hints, data, out);
    }
}

// A value that is not length-delimited: a boolean, an enum, a float or an integer of any width.
template <class Sink>
inline bool WireRenderer::Printer<Sink>::scalar(const Field& f, uint64_t v, bool hex) {
    bool is_signed = false;
    int64_t s = 0;
    switch (f.kind) {
    case Kind::Bool: out.boolean(v != 0); return true;
    case Kind::Enum: {
        // A closed enum's unknown value is an unknown field to protobuf: the parser keeps it.
        const auto* ev = f.fd->enum_type()->FindValueByNumber(static_cast<int32_t>(v));
        if (!ev) return false;
        out.string(ev->name());
        return true;
    }
    case Kind::Float:
        if constexpr (kPrints) { float x; uint32_t w = static_cast<uint32_t>(v); std::memcpy(&x, &w, 4); out.string(fmt::format("{}", x)); }
        return true;
    case Kind::Double:
        if constexpr (kPrints) { double x; std::memcpy(&x, &v, 8); out.string(fmt::format("{}", x)); }
        return true;
    case Kind::ZigZag32: { uint32_t w = static_cast<uint32_t>(v); s = static_cast<int32_t>((w >> 1) ^ (~(w & 1) + 1)); is_signed = true; break; }
    case Kind::ZigZag64: s = static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1)); is_signed = true; break;
    default:
        switch (f.cpp) {
        case FD::CPPTYPE_INT32: s = static_cast<int32_t>(static_cast<uint32_t>(v)); is_signed = true; break;
        case FD::CPPTYPE_INT64: s = static_cast<int64_t>(v); is_signed = true; break;
        case FD::CPPTYPE_UINT32: v = static_cast<uint32_t>(v); break;
        default: break;
        }
    }
    integer(f, v, s, is_signed, hex);
    return true;
}

// An integer: a bare number, an enum_type name, or as its hints say (hex, flags, devices).
template <class Sink>
inline void WireRenderer::Printer<Sink>::integer(const Field& f, uint64_t v, int64_t s, bool is_signed, bool hex) {
    if constexpr (kPrints) {
        uint64_t u = is_signed ? static_cast<uint64_t>(s) : v;
        if (f.plain_int && !(hex || f.hints.hex)) {
            if (is_signed) out.number(s); else out.number(v);
        } else if (u < f.enum_names.size() && !f.enum_names[u].empty()) {
            out.string(f.enum_names[u]);
        } else {
            detail::render_integer(f.hints, u, s, is_signed, out, self.opt_, hex || f.hints.hex);
        }
    }
}

// A plain varint's key and bare number: straight into the JSON writer's buffer when it can.
template <class Sink>
inline void WireRenderer::Printer<Sink>::key_and_number(const Field& f, uint64_t v) {
    v = bare_value(f.bare, v);
    bool is_signed = f.bare != Bare::U64 && f.bare != Bare::U32;
    if constexpr (std::is_same_v<Sink, JsonWriter>) {
        if (f.key_len == 0) {
            if (is_signed) out.key_number(f.json_key, static_cast<int64_t>(v));
            else out.key_number(f.json_key, v);
        } else if (is_signed) {
            out.padded_key_number(f.key_pad.data(), f.key_len, static_cast<int64_t>(v));
        } else {
            out.padded_key_number(f.key_pad.data(), f.key_len, v);
        }
    } else if constexpr (kPrints) {
        out.key(f.name);
        if (is_signed) out.number(static_cast<int64_t>(v)); else out.number(v);
    }
}

template <class Sink>
bool WireRenderer::Printer<Sink>::fields(const Plan& p, const uint8_t* at, const uint8_t* end, bool hex, int depth) {
    uint64_t last = 0;
    size_t required = 0;
    const bool pretty_hex = self.opt_.pretty && hex;   // inherited hex: no bare numbers when pretty
    while (at < end) {
        uint64_t tag;
        if (!read_varint(at, end, tag) || tag > 0xffffffffu) return false;
        uint64_t n = tag >> 3;
        const Field* f = p.find(n);
        // Known fields, each once, in number order (a repeated field's run is taken whole below).
        if (!f || n <= last || (tag & 7) != f->wire_type) return false;
        last = n;
        if (f->required) ++required;
        // The common case: a plain varint printed as a bare number.
        if (f->fast_number && !pretty_hex) {
            uint64_t v;
            if (!read_varint_wide(at, end, v)) return false;
            key_and_number(*f, v);
            continue;
        }
        if constexpr (std::is_same_v<Sink, JsonWriter>) out.key_literal(f->json_key);
        else out.key(f->name);
        if (!f->repeated) {
            if (!value(*f, at, end, hex, depth)) return false;
            continue;
        }
        out.begin_array();
        bool words = self.opt_.pretty && f->hints.ipadd && f->cpp == FD::CPPTYPE_UINT32;
        std::vector<uint32_t> ip;
        for (;;) {
            if (words) {
                uint64_t v = 0, len = 0;
                if (!skip_value(f->wire_type, at, end, v, len)) return false;
                ip.push_back(static_cast<uint32_t>(v));
            } else if (!value(*f, at, end, hex, depth)) {
                return false;
            }
            if (mode != Mode::Whole && at >= self.next_progress_) self.report_progress(at);
            // The next occurrence of the same field continues this array.
            const uint8_t* next = at;
            uint64_t t2;
            if (next >= end || !read_varint(next, end, t2) || t2 != tag) break;
            at = next;
        }
        if constexpr (kPrints) {
            if (words) out.string(ip_words_to_string(ip));
        }
        out.end_array();
    }
    return required == p.required;
}

template <class Sink>
bool WireRenderer::Printer<Sink>::stream_message(const Field& f, const uint8_t* body, size_t len, bool hex, int depth) {
    const Plan& p = self.sub_plan(f);
    if (len <= kSpeculativeBytes) {
        auto m = out.mark();
        out.begin_object();
        if (Printer<JsonWriter>{self, out}.fields(p, body, body + len, hex, depth)) {
            out.end_object();
            out.commit();
            return true;
        }
        out.rewind(m);
    } else {
        NullSink none;
        bool taken = Printer<NullSink>{self, none, Mode::Shallow}.fields(p, body, body + len, hex, depth);
        self.report_progress(body);   // the second pass starts here
        if (taken) {
            out.begin_object();
            if (!fields(p, body, body + len, hex, depth)) return false;
            out.end_object();
            return true;
        }
    }
    // Refused here: the parser takes this sub-message alone, as it would inside the whole.
    auto m = new_message(f.fd->message_type());
    if (!m || !m->ParsePartialFromArray(body, static_cast<int>(len)) || !m->IsInitialized()) return false;
    out.begin_object();
    img::render_fields(*m, out, self.opt_, hex);
    out.end_object();
    return true;
}

void WireRenderer::report_progress(const uint8_t* at) {
    next_progress_ = at + (256 << 10);
    if (progress_) progress_(reinterpret_cast<const std::byte*>(at));
}

WireRenderer::Streamed WireRenderer::stream_fields(const gp::Descriptor* type, Bytes wire, JsonWriter& out) {
    if (!type) return Streamed::Refused;
    const auto* at = reinterpret_cast<const uint8_t*>(wire.data());
    next_progress_ = at + (256 << 10);
    const Plan& p = plan_for(type);
    NullSink none;
    bool taken = Printer<NullSink>{*this, none, Mode::Shallow}.fields(p, at, at + wire.size(), false, 0);
    report_progress(at);   // the second pass starts here
    if (!taken) return Streamed::Refused;
    out.begin_object();
    if (!Printer<JsonWriter>{*this, out, Mode::Stream}.fields(p, at, at + wire.size(), false, 0)) return Streamed::Broken;
    return Streamed::Done;
}

bool WireRenderer::handles(const gp::Descriptor* type, Bytes wire) {
    if (!type) return false;
    const auto* at = reinterpret_cast<const uint8_t*>(wire.data());
    NullSink none;
    return Printer<NullSink>{*this, none}.fields(plan_for(type), at, at + wire.size(), false, 0);
}

void WireRenderer::render_fields(const gp::Descriptor* type, Bytes wire, ValueSink& out) {
    const auto* at = reinterpret_cast<const uint8_t*>(wire.data());
    const Plan& p = plan_for(type);
    if (auto* json = dynamic_cast<JsonWriter*>(&out)) Printer<JsonWriter>{*this, *json}.fields(p, at, at + wire.size(), false, 0);
    else Printer<ValueSink>{*this, out}.fields(p, at, at + wire.size(), false, 0);
}

bool WireRenderer::try_render_fields(const gp::Descriptor* type, Bytes wire, JsonWriter& out) {
    if (!type) return false;
    const auto* at = reinterpret_cast<const uint8_t*>(wire.data());
    const Plan& p = plan_for(type);
    Printer<JsonWriter> printer{*this, out};
    return printer.try_simple(p, at, at + wire.size(), false, 0) || printer.fields(p, at, at + wire.size(), false, 0);
}

}  // namespace img
