// ImageRenderer: an image's entries in crit's JSON shape, one entry per step.
#include "img/convert/image_renderer.h"

#include <fmt/format.h>
#include <google/protobuf/message.h>

#include <algorithm>
#include <cstring>

#include "img/convert/wire_render.h"
#include "img/io/image_kind.h"
#include "img/io/wire.h"
#include "img/output/json_writer.h"
#include "img/schema/entry_decoder.h"
#include "img/schema/schema_hints.h"
#include "img/support/text_codecs.h"

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

}  // namespace

// What the renderer keeps from entry to entry.
struct ImageRenderer::State {
    ImageReader& rd;
    ValueSink& out;
    JsonWriter* json;   // out, when it is the JSON writer
    ShowOptions opt;
    EntryDecoder dec;
    WireRenderer wire;
    std::string_view type_name;
    const gp::Descriptor* type = nullptr;
};

namespace {

// The common case prints straight from the wire bytes; anything unusual (unknown fields, odd
// encodings, errors) goes through the parsed message. Small entries are checked while they
// print (and taken back if refused); big ones are checked level by level, so that their output
// can stream. True when printed here (the entry's object opened and its fields written); false
// when nothing was.
Expected<bool> render_from_wire(ImageRenderer::State& r, const gp::Descriptor* type, const RawEntry& e) {
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

ImageRenderer::ImageRenderer(ImageReader& rd, ValueSink& out, const ShowOptions& opt)
    : s_(new State{rd, out, dynamic_cast<JsonWriter*>(&out), opt, EntryDecoder(), WireRenderer(opt.render), {}, nullptr}) {
    // What has been printed may leave memory: a big image decodes in bounded memory.
    s_->wire.on_progress([&rd](const std::byte* at) { rd.release_before(at); });
    out.begin_object();
    out.key("magic");
    out.string(rd.kind().name);
    out.key("entries");
    out.begin_array();
}

ImageRenderer::~ImageRenderer() = default;

size_t ImageRenderer::size() const { return s_->rd.bytes().size(); }

Expected<bool> ImageRenderer::step() {
    if (done_) return false;
    State& r = *s_;
    RawEntry e;
    auto more = r.rd.next(e);
    if (!more) return std::move(more).error();
    if (!*more) {
        r.out.end_array();
        r.out.end_object();
        done_ = true;
        offset_ = size();
        return false;
    }
    if (e.message_type != r.type_name) {
        r.type_name = e.message_type;
        r.type = find_message_type(r.type_name);
    }
    auto done = render_from_wire(r, r.type, e);
    if (!done) return std::move(done).error();
    if (!*done) {
        auto m = r.dec.decode(e, r.rd.file_name());
        if (!m) return std::move(m).error();
        r.out.begin_object();
        render_fields(**m, r.out, r.opt.render);
    }
    auto p = render_payload(r.rd.kind(), e, r.out, r.opt, r.rd.file_name());
    if (!p) return std::move(p).error();
    r.out.end_object();
    const std::byte* base = r.rd.bytes().data();
    const std::byte* end = e.message.data() + e.message.size();
    if (!e.payload.empty()) end = std::max(end, e.payload.data() + e.payload.size());
    offset_ = static_cast<size_t>(end - base);
    r.rd.release_read();
    ++entries_;
    return true;
}

}  // namespace img
