#include "img/path_rewrite.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <cstring>
#include <map>
#include <set>

#include <fmt/format.h>

#include "img/entry_decoder.h"
#include "img/image_reader.h"
#include "img/image_writer.h"
#include "img/schema_hints.h"

namespace img {

namespace gp = google::protobuf;
using FD = gp::FieldDescriptor;

namespace {

bool has_paths(const gp::Descriptor* d, std::set<const gp::Descriptor*>& seen) {
    if (!d || !seen.insert(d).second) return false;
    for (int i = 0; i < d->field_count(); ++i) {
        const FD* f = d->field(i);
        if (hints_for(f).path) return true;
        if (f->cpp_type() == FD::CPPTYPE_MESSAGE && has_paths(f->message_type(), seen)) return true;
    }
    return false;
}

// A unix socket name is a path only when it is bound in the filesystem by absolute name.
bool rewritable(const gp::Message& m, const FD* f, const std::string& value) {
    if (value.empty() || value[0] != '/') return false;   // abstract (leading NUL) or relative to name_dir
    if (m.GetDescriptor()->full_name() == "cimg.RegFileEntry") {
        const FD* ext = m.GetDescriptor()->FindFieldByName("ext");
        if (ext && m.GetReflection()->GetBool(m, ext)) return false;   // a key for --external, not a path
    }
    return true;
}

void walk(gp::Message& m, const std::string& prefix, const RewriteOptions& opt, const std::string& label,
          int64_t entry, std::vector<PathChange>& out) {
    const gp::Reflection* r = m.GetReflection();
    std::vector<const FD*> fields;
    r->ListFields(m, &fields);
    bool reg_changed = false;
    for (const FD* f : fields) {
        std::string name = prefix.empty() ? f->name() : prefix + "." + f->name();
        if (f->cpp_type() == FD::CPPTYPE_MESSAGE) {
            if (f->is_repeated()) {
                for (int i = 0; i < r->FieldSize(m, f); ++i)
                    walk(*r->MutableRepeatedMessage(&m, f, i), fmt::format("{}[{}]", name, i), opt, label, entry, out);
            } else {
                walk(*r->MutableMessage(&m, f), name, opt, label, entry, out);
            }
            continue;
        }
        if (f->cpp_type() != FD::CPPTYPE_STRING || !hints_for(f).path || f->is_repeated()) continue;
        std::string value = r->GetString(m, f);
        if (!rewritable(m, f, value)) continue;
        auto mapped = opt.map->apply(value);
        if (!mapped || *mapped == value) continue;
        out.push_back(PathChange{label, entry, name, value, *mapped});
        r->SetString(&m, f, *mapped);
        reg_changed = true;
    }
    if (reg_changed && opt.mnt_id && m.GetDescriptor()->full_name() == "cimg.RegFileEntry") {
        if (const FD* mf = m.GetDescriptor()->FindFieldByName("mnt_id")) r->SetInt32(&m, mf, *opt.mnt_id);
    }
}

bool mentions_any_branch(Bytes b, const BranchMap& map) {
    for (const auto& mp : map.mappings()) {
        if (mp.branch == "/") return true;
        if (memmem(b.data(), b.size(), mp.branch.data(), mp.branch.size())) return true;
    }
    return false;
}

}  // namespace

bool kind_has_paths(const ImageKind& kind) {
    static std::map<const ImageKind*, bool> cache;
    auto it = cache.find(&kind);
    if (it != cache.end()) return it->second;
    bool v = false;
    if (kind.header != HeaderClass::Raw) {
        std::set<const gp::Descriptor*> seen;
        v = has_paths(find_message_type(kind.message), seen);
        if (!kind.first_message.empty()) v = v || has_paths(find_message_type(kind.first_message), seen);
        if (kind.payload == PayloadRule::Ghost) v = v || has_paths(find_message_type("cimg.GhostChunkEntry"), seen);
    }
    cache.emplace(&kind, v);
    return v;
}

Expected<ImageRewrite> rewrite_image_paths(const std::string& path, const std::string& label, const RewriteOptions& opt) {
    ImageRewrite result;
    auto rd = ImageReader::open(path);
    if (!rd) return std::move(rd).error();
    Bytes all = rd->bytes();
    // Nothing to do unless some branch appears in the file at all: most images are skipped here.
    if (!mentions_any_branch(all, *opt.map)) return result;

    EntryDecoder dec;
    ImageWriter w(std::string_view(reinterpret_cast<const char*>(all.data()), rd->header_size()));
    w.reserve(all.size() + all.size() / 8);
    RawEntry e;
    std::string msg;
    for (;;) {
        auto more = rd->next(e);
        if (!more) return std::move(more).error();
        if (!*more) break;
        size_t end = static_cast<size_t>(e.payload.empty() ? (e.message.data() + e.message.size() - all.data())
                                                            : (e.payload.data() + e.payload.size() - all.data()));
        std::string_view framed(reinterpret_cast<const char*>(all.data()) + e.offset, end - e.offset);
        size_t before = result.changes.size();
        if (mentions_any_branch(e.message, *opt.map)) {
            auto m = dec.decode(e, path);
            if (!m) return std::move(m).error();
            walk(**m, "", opt, label, e.index, result.changes);
            if (result.changes.size() != before) {
                msg.clear();
                (*m)->SerializePartialToString(&msg);
                w.add(msg, std::string_view(reinterpret_cast<const char*>(e.payload.data()), e.payload.size()));
                continue;
            }
        }
        w.add_raw(framed);
    }
    if (!result.changes.empty()) result.new_bytes = w.take();
    return result;
}

}  // namespace img
