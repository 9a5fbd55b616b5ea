// JSON (crit's shape) back to the image's bytes.
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <google/protobuf/message.h>
#include <nlohmann/json.hpp>

#include "img/schema/entry_decoder.h"
#include "img/convert/entry_stream.h"
#include "img/convert/image_json.h"
#include "img/io/image_writer.h"
#include "img/convert/json_depth.h"
#include "img/convert/json_to_message.h"
#include "img/support/text_codecs.h"

namespace img {

namespace gp = google::protobuf;
using json = nlohmann::json;

namespace {

Error at(const std::string& src, int64_t entry, std::string what) {
    Error e; e.file = src; e.entry = entry; e.what = std::move(what); return e;
}

Expected<std::string> b64_extra(const json& v, const std::string& src, int64_t idx) {
    if (!v.is_string()) return at(src, idx, "'extra' must be a base64 string");
    const std::string& s = v.get_ref<const std::string&>();
    if (s.rfind("... <", 0) == 0) return at(src, idx, "'extra' holds a size summary (crit show --nopl), not the data");
    auto b = base64_decode(s);
    if (!b) return at(src, idx, "'extra' is not valid base64");
    return *b;
}

void pad_to(std::string& s, size_t from, size_t align) {
    while ((s.size() - from) % align) s.push_back('\0');
}

// Turns JSON entries, one at a time, into the entries of an image of kind k.
class EntryEncoder {
public:
    EntryEncoder(const ImageKind& k, const std::string& src) : k_(k), src_(src), w_(k) {}

    Expected<void> add(const json& ej) {
        auto m = encode_message(ej);
        if (!m) return std::move(m).error();
        const json* extra = ej.is_object() && ej.contains("extra") ? &ej["extra"] : nullptr;
        auto payload = encode_payload(extra, **m);
        if (!payload) return std::move(payload).error();
        w_.add(msg_bytes_, *payload);
        ++idx_;
        return {};
    }
    std::string take() { return w_.take(); }

private:
    // The entry's message from its JSON, checked whole and serialised into msg_bytes_.
    Expected<gp::Message*> encode_message(const json& ej) {
        std::string_view type = k_.message;
        if (idx_ == 0 && !k_.first_message.empty()) type = k_.first_message;
        if (k_.payload == PayloadRule::Ghost && idx_ > 0) type = "cimg.GhostChunkEntry";
        auto m = message(type);
        if (!m) return std::move(m).error();
        auto ok = json_to_message(ej, *m, fmt::format("entry #{}", idx_), true);
        if (!ok) return std::move(ok).error().in_file(src_).at_entry(idx_);
        if (!(*m)->IsInitialized())
            return at(src_, idx_, fmt::format("{} lacks required field(s): {}", (*m)->GetDescriptor()->name(),
                                            (*m)->InitializationErrorString()));
        msg_bytes_.clear();
        (*m)->SerializePartialToString(&msg_bytes_);
        return *m;
    }

    // The bytes after the message, from the entry's "extra" (none when it has none).
    Expected<std::string> encode_payload(const json* extra, const gp::Message& m) {
        switch (k_.payload) {
        case PayloadRule::None: return std::string();
        case PayloadRule::PipeData:
        case PayloadRule::SkQueue:
        case PayloadRule::BpfMap:
        case PayloadRule::Ghost:
        case PayloadRule::IpcShm: return blob_payload(extra, m);
        case PayloadRule::TcpStream: return tcp_payload(extra);
        case PayloadRule::IpcSem: return semaphore_payload(extra);
        case PayloadRule::IpcMsg: return message_queue_payload(extra);
        }
        return std::string();
    }

    // A numeric field of m (0 when absent), as the payload rules read sizes and flags.
    static uint64_t field_u64(const gp::Message& m, const char* name) {
        const gp::Reflection* r = m.GetReflection();
        const auto* f = m.GetDescriptor()->FindFieldByName(name);
        if (!f || !r->HasField(m, f)) return 0;
        return f->cpp_type() == gp::FieldDescriptor::CPPTYPE_UINT64 ? r->GetUInt64(m, f)
             : f->cpp_type() == gp::FieldDescriptor::CPPTYPE_BOOL ? (r->GetBool(m, f) ? 1 : 0)
                                                                   : r->GetUInt32(m, f);
    }

    // One base64 blob; none for a chunked ghost file's first entry or shared memory kept in pagemaps.
    Expected<std::string> blob_payload(const json* extra, const gp::Message& m) {
        std::string payload;
        if (k_.payload == PayloadRule::Ghost && idx_ == 0) ghost_chunked_ = field_u64(m, "chunks") != 0;
        if (k_.payload == PayloadRule::Ghost && idx_ == 0 && ghost_chunked_) return payload;
        if (k_.payload == PayloadRule::IpcShm && field_u64(m, "in_pagemaps")) return payload;
        if (extra) {
            auto b = b64_extra(*extra, src_, idx_);
            if (!b) return std::move(b).error();
            payload = std::move(*b);
        }
        if (k_.payload == PayloadRule::IpcShm) pad_to(payload, 0, 4);
        return payload;
    }

    // A TCP stream's input queue, then its output queue.
    Expected<std::string> tcp_payload(const json* extra) {
        std::string payload;
        if (!extra) return payload;
        if (!extra->is_object()) return at(src_, idx_, "'extra' must be {\"inq\": ..., \"outq\": ...}");
        for (const char* q : {"inq", "outq"}) {
            if (!extra->contains(q)) continue;
            auto b = b64_extra((*extra)[q], src_, idx_);
            if (!b) return std::move(b).error();
            payload += *b;
        }
        return payload;
    }

    // A semaphore set's values, 16 bits each, padded to 8 bytes.
    Expected<std::string> semaphore_payload(const json* extra) {
        std::string payload;
        if (!extra) return payload;
        if (!extra->is_array()) return at(src_, idx_, "'extra' must be an array of semaphore values");
        for (const json& v : *extra) {
            if (!v.is_number_unsigned() || v.get<uint64_t>() > 0xffff)
                return at(src_, idx_, "semaphore values must be numbers from 0 to 65535");
            uint16_t s = static_cast<uint16_t>(v.get<uint64_t>());
            payload.append(reinterpret_cast<const char*>(&s), 2);
        }
        pad_to(payload, 0, 8);
        return payload;
    }

    // A message queue: per message, its length, its header and its text padded to 8 bytes.
    Expected<std::string> message_queue_payload(const json* extra) {
        std::string payload;
        if (!extra) return payload;
        if (!extra->is_array() || extra->size() % 2)
            return at(src_, idx_, "'extra' must alternate message objects and base64 strings");
        for (size_t i = 0; i < extra->size(); i += 2) {
            auto im = EntryDecoder::make("cimg.IpcMsg");
            if (!im) return std::move(im).error().in_file(src_);
            auto ok2 = json_to_message((*extra)[i], im->get(), fmt::format("entry #{} extra[{}]", idx_, i));
            if (!ok2) return std::move(ok2).error().in_file(src_).at_entry(idx_);
            std::string ib;
            (*im)->SerializePartialToString(&ib);
            uint32_t len = static_cast<uint32_t>(ib.size());
            payload.append(reinterpret_cast<const char*>(&len), 4);
            payload += ib;
            auto b = b64_extra((*extra)[i + 1], src_, idx_);
            if (!b) return std::move(b).error();
            size_t start = payload.size();
            payload += *b;
            pad_to(payload, start, 8);
        }
        return payload;
    }

    // One message per type, cleared for each entry (a kind uses one to three types).
    Expected<gp::Message*> message(std::string_view type) {
        for (auto& [name, m] : messages_) {
            if (name == type) {
                m->Clear();
                return m.get();
            }
        }
        auto m = EntryDecoder::make(type);
        if (!m) return std::move(m).error().in_file(src_);
        messages_.emplace_back(type, std::move(*m));
        return messages_.back().second.get();
    }

    const ImageKind& k_;
    const std::string& src_;
    ImageWriter w_;
    int64_t idx_ = 0;
    bool ghost_chunked_ = false;
    std::string msg_bytes_;
    std::vector<std::pair<std::string_view, std::unique_ptr<gp::Message>>> messages_;
};

}  // namespace

// crit's documents name "magic" before "entries", so each entry is encoded as soon as the parser
// has it whole, and dropped (EntryStream): memory stays about the text and the image, not a tree
// of the whole document (which took 17 times the text). A document in another order is parsed
// whole, and its entries encoded after.
Expected<std::string> encode_image_json(std::string_view text, const std::string& src) {
    if (auto deep = check_json_depth(text, src); !deep) return std::move(deep).error();
    std::optional<EntryEncoder> enc;   // once "magic" names a kind, ahead of the entries
    std::optional<Error> failed;       // the first entry that could not be encoded
    EntryStream doc(
        [&](const json& magic) {
            const ImageKind* k = magic.is_string() ? kind_by_name(magic.get_ref<const std::string&>()) : nullptr;
            if (k && k->header != HeaderClass::Raw) enc.emplace(*k, src);
            return enc.has_value();
        },
        [&](json& entry) {
            if (failed) return;
            if (auto ok = enc->add(entry); !ok) failed = std::move(ok).error();
        });
    if (!doc.parse(text)) {
        Error e; e.file = src; e.offset = static_cast<int64_t>(doc.error_offset()); e.what = "not valid JSON"; return e;
    }
    json& top = doc.document();
    if (!top.is_object() || !top.contains("magic") || !top["magic"].is_string())
        return at(src, -1, "expected an object with \"magic\" and \"entries\"");
    if (doc.magic_keys() > 1 || doc.entries_keys() > 1)
        return at(src, -1, fmt::format("\"{}\" is given more than once", doc.magic_keys() > 1 ? "magic" : "entries"));
    const std::string& magic = top["magic"].get_ref<const std::string&>();
    const ImageKind* k = kind_by_name(magic);
    if (!k || k->header == HeaderClass::Raw) return at(src, -1, fmt::format("unknown magic name \"{}\"", magic));
    if (top.contains("entries") && !top["entries"].is_array()) return at(src, -1, "\"entries\" must be an array");
    if (failed) return std::move(*failed);
    if (!doc.entries_handed_over()) {   // "entries" came before "magic" (or not at all): they are in the tree
        enc.emplace(*k, src);
        if (top.contains("entries")) {
            for (const json& ej : top["entries"]) {
                if (auto ok = enc->add(ej); !ok) return ok.error();
            }
        }
    }
    return enc->take();
}

}  // namespace img
