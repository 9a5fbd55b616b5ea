// JSON (crit's shape) back to the image's bytes.
#include <fmt/format.h>
#include <google/protobuf/message.h>
#include <nlohmann/json.hpp>

#include "img/entry_decoder.h"
#include "img/image_json.h"
#include "img/image_writer.h"
#include "img/json_to_message.h"
#include "img/text_codecs.h"

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

}  // namespace

Expected<std::string> encode_image_json(std::string_view text, const std::string& src) {
    json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded()) {
        // Parse again with exceptions on, only to learn where it broke.
        try { json probe = json::parse(text); (void)probe; } catch (const json::parse_error& pe) {
            Error e; e.file = src; e.offset = static_cast<int64_t>(pe.byte); e.what = "not valid JSON"; return e;
        }
        return at(src, -1, "not valid JSON");
    }
    if (!doc.is_object() || !doc.contains("magic") || !doc["magic"].is_string())
        return at(src, -1, "expected an object with \"magic\" and \"entries\"");
    const std::string magic = doc["magic"].get<std::string>();
    const ImageKind* k = kind_by_name(magic);
    if (!k || k->header == HeaderClass::Raw) return at(src, -1, fmt::format("unknown magic name \"{}\"", magic));
    const json& entries = doc.contains("entries") ? doc["entries"] : json::array();
    if (!entries.is_array()) return at(src, -1, "\"entries\" must be an array");

    ImageWriter w(*k);
    std::string msg_bytes;
    bool ghost_chunked = false;
    int64_t idx = 0;
    for (const json& ej : entries) {
        std::string_view type = k->message;
        if (idx == 0 && !k->first_message.empty()) type = k->first_message;
        if (k->payload == PayloadRule::Ghost && idx > 0) type = "cimg.GhostChunkEntry";
        auto m = EntryDecoder::make(type);
        if (!m) return std::move(m).error().in_file(src);
        auto ok = json_to_message(ej, m->get(), fmt::format("entry #{}", idx), true);
        if (!ok) return std::move(ok).error().in_file(src).at_entry(idx);
        if (!(*m)->IsInitialized())
            return at(src, idx, fmt::format("{} lacks required field(s): {}", (*m)->GetDescriptor()->name(),
                                            (*m)->InitializationErrorString()));
        msg_bytes.clear();
        (*m)->SerializePartialToString(&msg_bytes);

        std::string payload;
        const json* extra = ej.is_object() && ej.contains("extra") ? &ej["extra"] : nullptr;
        const gp::Reflection* r = (*m)->GetReflection();
        const gp::Descriptor* d = (*m)->GetDescriptor();
        auto u64 = [&](const char* name) -> uint64_t {
            const auto* f = d->FindFieldByName(name);
            if (!f || !r->HasField(**m, f)) return 0;
            return f->cpp_type() == gp::FieldDescriptor::CPPTYPE_UINT64 ? r->GetUInt64(**m, f)
                 : f->cpp_type() == gp::FieldDescriptor::CPPTYPE_BOOL ? (r->GetBool(**m, f) ? 1 : 0)
                                                                       : r->GetUInt32(**m, f);
        };
        switch (k->payload) {
        case PayloadRule::None: break;
        case PayloadRule::PipeData:
        case PayloadRule::SkQueue:
        case PayloadRule::BpfMap:
        case PayloadRule::Ghost:
        case PayloadRule::IpcShm:
            if (k->payload == PayloadRule::Ghost && idx == 0) ghost_chunked = u64("chunks") != 0;
            if (k->payload == PayloadRule::Ghost && idx == 0 && ghost_chunked) break;
            if (k->payload == PayloadRule::IpcShm && u64("in_pagemaps")) break;
            if (extra) {
                auto b = b64_extra(*extra, src, idx);
                if (!b) return std::move(b).error();
                payload = std::move(*b);
            }
            if (k->payload == PayloadRule::IpcShm) pad_to(payload, 0, 4);
            break;
        case PayloadRule::TcpStream:
            if (extra) {
                if (!extra->is_object()) return at(src, idx, "'extra' must be {\"inq\": ..., \"outq\": ...}");
                for (const char* q : {"inq", "outq"}) {
                    if (!extra->contains(q)) continue;
                    auto b = b64_extra((*extra)[q], src, idx);
                    if (!b) return std::move(b).error();
                    payload += *b;
                }
            }
            break;
        case PayloadRule::IpcSem:
            if (extra) {
                if (!extra->is_array()) return at(src, idx, "'extra' must be an array of semaphore values");
                for (const json& v : *extra) {
                    if (!v.is_number_unsigned() || v.get<uint64_t>() > 0xffff)
                        return at(src, idx, "semaphore values must be numbers from 0 to 65535");
                    uint16_t s = static_cast<uint16_t>(v.get<uint64_t>());
                    payload.append(reinterpret_cast<const char*>(&s), 2);
                }
                pad_to(payload, 0, 8);
            }
            break;
        case PayloadRule::IpcMsg:
            if (extra) {
                if (!extra->is_array() || extra->size() % 2)
                    return at(src, idx, "'extra' must alternate message objects and base64 strings");
                for (size_t i = 0; i < extra->size(); i += 2) {
                    auto im = EntryDecoder::make("cimg.IpcMsg");
                    if (!im) return std::move(im).error().in_file(src);
                    auto ok2 = json_to_message((*extra)[i], im->get(), fmt::format("entry #{} extra[{}]", idx, i));
                    if (!ok2) return std::move(ok2).error().in_file(src).at_entry(idx);
                    std::string ib;
                    (*im)->SerializePartialToString(&ib);
                    uint32_t len = static_cast<uint32_t>(ib.size());
                    payload.append(reinterpret_cast<const char*>(&len), 4);
                    payload += ib;
                    auto b = b64_extra((*extra)[i + 1], src, idx);
                    if (!b) return std::move(b).error();
                    size_t start = payload.size();
                    payload += *b;
                    pad_to(payload, start, 8);
                }
            }
            break;
        }
        w.add(msg_bytes, payload);
        ++idx;
    }
    return w.take();
}

}  // namespace img
