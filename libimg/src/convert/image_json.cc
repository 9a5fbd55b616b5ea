// Whole-image JSON in crit's shape, both directions.
#include "img/convert/image_json.h"

#include <fmt/format.h>
#include <google/protobuf/message.h>

#include <cstring>

#include "img/schema/entry_decoder.h"
#include "img/convert/json_to_message.h"
#include "img/output/json_writer.h"
#include "img/schema/schema_hints.h"
#include "img/support/text_codecs.h"
#include "img/io/image_kind.h"
#include "img/io/mapped_file.h"
#include "img/io/wire.h"
#include "img/convert/wire_render.h"

namespace img {

namespace gp = google::protobuf;

namespace {

std::string_view sv(Bytes b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

uint64_t field_or_zero(Bytes msg, uint32_t n) {
    auto v = wire::varint_field(msg, n);
    return v && v->has_value() ? **v : 0;
}

std::string size_label(uint64_t n) {
    if (n < 1024) return fmt::format("{}B", n);
    if (n < (1u << 20)) return fmt::format("{:.1f}K", n / 1024.0);
    return fmt::format("{:.1f}M", n / 1048576.0);
}

// A short, escaped look at payload bytes for the readable view.
std::string preview(std::string_view d) {
    std::string s = fmt::format("{} bytes", d.size());
    if (d.empty()) return s;
    s += " \"";
    size_t n = std::min<size_t>(d.size(), 48);
    for (size_t i = 0; i < n; ++i) {
        unsigned char c = static_cast<unsigned char>(d[i]);
        if (c == '\n') s += "\\n";
        else if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') s.push_back(static_cast<char>(c));
        else s += fmt::format("\\x{:02x}", c);
    }
    s += d.size() > n ? "\"..." : "\"";
    return s;
}

void blob(ValueSink& out, std::string_view d, const ShowOptions& opt) {
    if (!opt.payloads) out.string(fmt::format("... <{}>", size_label(d.size())));
    else if (opt.human) out.string(preview(d));
    else out.string(base64_mime(d));
}

// A message queue's payload: each queued message's header and then its text, in one array.
Expected<void> render_ipc_messages(const RawEntry& e, ValueSink& out, const ShowOptions& opt, const std::string& file) {
    out.begin_array();
    auto msg = EntryDecoder::make("cimg.IpcMsg");
    if (!msg) return std::move(msg).error().in_file(file);
    ByteCursor c(e.payload, 0);
    while (!c.at_end()) {
        auto len = c.u32("queued message length");
        auto body = len ? c.take(*len, "queued message") : Expected<Bytes>(len.error());
        if (!body) return std::move(body).error().in_file(file).at_entry(e.index);
        (*msg)->Clear();
        if (!(*msg)->ParsePartialFromArray(body->data(), static_cast<int>(body->size()))) {
            Error err = make_error("invalid protobuf in a queued ipc message", static_cast<int64_t>(e.offset));
            return err.in_file(file).at_entry(e.index);
        }
        render_message(**msg, out, opt.render);
        uint64_t n = field_or_zero(*body, 2);
        auto text = c.take(std::min<uint64_t>((n + 7) / 8 * 8, c.remaining()), "queued message text");
        if (!text) return std::move(text).error().in_file(file).at_entry(e.index);
        blob(out, sv(*text).substr(0, n), opt);
    }
    out.end_array();
    return {};
}

Expected<void> render_payload(const ImageKind& k, const RawEntry& e, ValueSink& out, const ShowOptions& opt,
                              const std::string& file) {
    std::string_view p = sv(e.payload);
    switch (k.payload) {
    case PayloadRule::None:
        return {};
    case PayloadRule::PipeData:
    case PayloadRule::SkQueue:
    case PayloadRule::BpfMap:
    case PayloadRule::Ghost:
        if (k.payload == PayloadRule::Ghost && e.index == 0 && field_or_zero(e.message, 9)) return {};
        out.key("extra");
        blob(out, p, opt);
        return {};
    case PayloadRule::IpcShm:
        if (field_or_zero(e.message, 3)) return {};
        out.key("extra");
        blob(out, p.substr(0, std::min<uint64_t>(p.size(), field_or_zero(e.message, 2))), opt);
        return {};
    case PayloadRule::TcpStream: {
        uint64_t in = field_or_zero(e.message, 1);
        out.key("extra");
        out.begin_object();
        out.key("inq"); blob(out, p.substr(0, in), opt);
        out.key("outq"); blob(out, p.substr(in), opt);
        out.end_object();
        return {};
    }
    case PayloadRule::IpcSem: {
        uint64_t n = field_or_zero(e.message, 2);
        out.key("extra");
        out.begin_array();
        for (uint64_t i = 0; i < n && 2 * i + 1 < p.size(); ++i) {
            uint16_t v; std::memcpy(&v, p.data() + 2 * i, 2);
            out.number(static_cast<uint64_t>(v));
        }
        out.end_array();
        return {};
    }
    case PayloadRule::IpcMsg:
        out.key("extra");
        return render_ipc_messages(e, out, opt, file);
    }
    return {};
}

// What render_image keeps from entry to entry.
struct ImageRender {
    ImageReader& rd;
    ValueSink& out;
    JsonWriter* json;   // out, when it is the JSON writer
    EntryDecoder dec;
    WireRenderer wire;
};

// The common case prints straight from the wire bytes; anything unusual (unknown fields, odd
// encodings, errors) goes through the parsed message. Small entries are checked while they
// print (and taken back if refused); big ones are checked level by level, so that their output
// can stream. True when printed here (the entry's object opened and its fields written); false
// when nothing was.
Expected<bool> render_from_wire(ImageRender& r, const gp::Descriptor* type, const RawEntry& e) {
    if (r.json && e.message.size() <= WireRenderer::kSpeculativeBytes) {
        auto mark = r.json->mark();
        r.json->begin_object();
        bool done = r.wire.try_render_fields(type, e.message, *r.json);
        if (done) r.json->commit();
        else r.json->rewind(mark);
        return done;
    }
    if (r.json) {
        auto s = r.wire.stream_fields(type, e.message, *r.json);
        if (s == WireRenderer::Streamed::Broken) {
            auto m = r.dec.decode(e, r.rd.file_name());
            if (!m) return std::move(m).error();
            auto err = make_error("a sub-message could not be printed", static_cast<int64_t>(e.offset));
            return err.in_file(r.rd.file_name()).at_entry(static_cast<int64_t>(e.index));
        }
        return s == WireRenderer::Streamed::Done;
    }
    if (!r.wire.handles(type, e.message)) return false;
    r.out.begin_object();
    r.wire.render_fields(type, e.message, r.out);
    return true;
}

}  // namespace

Expected<void> render_image(ImageReader& rd, ValueSink& out, const ShowOptions& opt) {
    ImageRender r{rd, out, dynamic_cast<JsonWriter*>(&out), EntryDecoder(), WireRenderer(opt.render)};
    // What has been printed may leave memory: a big image decodes in bounded memory.
    r.wire.on_progress([&rd](const std::byte* at) { rd.release_before(at); });
    std::string_view type_name;
    const gp::Descriptor* type = nullptr;
    out.begin_object();
    out.key("magic");
    out.string(rd.kind().name);
    out.key("entries");
    out.begin_array();
    RawEntry e;
    for (;;) {
        auto more = rd.next(e);
        if (!more) return std::move(more).error();
        if (!*more) break;
        if (e.message_type != type_name) {
            type_name = e.message_type;
            type = find_message_type(type_name);
        }
        auto done = render_from_wire(r, type, e);
        if (!done) return std::move(done).error();
        if (!*done) {
            auto m = r.dec.decode(e, rd.file_name());
            if (!m) return std::move(m).error();
            out.begin_object();
            render_fields(**m, out, opt.render);
        }
        auto p = render_payload(rd.kind(), e, out, opt, rd.file_name());
        if (!p) return p;
        out.end_object();
        rd.release_read();
    }
    out.end_array();
    out.end_object();
    return {};
}

Expected<ImageInfo> image_info(ImageReader& rd) {
    ImageInfo info;
    info.kind = std::string(rd.kind().name);
    info.magic = rd.kind().magic;
    info.header = rd.header();
    info.file_bytes = rd.bytes().size();
    RawEntry e;
    for (;;) {
        auto more = rd.next(e);
        if (!more) return std::move(more).error();
        if (!*more) break;
        ++info.entries;
        info.message_bytes += e.message.size();
        info.payload_bytes += e.payload.size();
    }
    return info;
}

Expected<ImageInfo> image_info_of_file(const std::string& path) {
    size_t slash = path.rfind('/');
    const ImageKind* k = kind_by_file_name(slash == std::string::npos ? path : path.substr(slash + 1));
    if (!k || k->header != HeaderClass::Raw) {
        auto rd = ImageReader::open(path);
        if (!rd) return std::move(rd).error();
        return image_info(*rd);
    }
    auto f = MappedFile::open(path);   // only for its size: nothing is read
    if (!f) return std::move(f).error();
    ImageInfo info;
    info.kind = std::string(k->name);
    info.header = HeaderClass::Raw;
    info.raw = true;
    info.about = std::string(k->about);
    info.file_bytes = f->bytes().size();
    info.payload_bytes = info.file_bytes;
    if (k->name == "pages") info.pages = info.file_bytes / 4096;
    return info;
}

}  // namespace img
