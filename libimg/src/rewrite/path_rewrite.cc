#include "img/path_rewrite.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <unordered_map>

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

// The fields of a type that can hold a path, directly or in a sub-message, in number order
// (worked out once per type: the walk looks at nothing else).
const std::vector<const FD*>& path_fields(const gp::Descriptor* d) {
    static std::unordered_map<const gp::Descriptor*, std::vector<const FD*>> cache;
    if (auto it = cache.find(d); it != cache.end()) return it->second;
    std::vector<const FD*> v;
    for (int i = 0; i < d->field_count(); ++i) {
        const FD* f = d->field(i);
        std::set<const gp::Descriptor*> seen;
        if (f->cpp_type() == FD::CPPTYPE_MESSAGE ? has_paths(f->message_type(), seen)
                                                 : f->cpp_type() == FD::CPPTYPE_STRING && hints_for(f).path && !f->is_repeated())
            v.push_back(f);
    }
    std::sort(v.begin(), v.end(), [](const FD* a, const FD* b) { return a->number() < b->number(); });
    return cache.emplace(d, std::move(v)).first->second;
}

// Rewrites the path fields of m that the map moves, recording each change under its field
// path ("reg.name", "sks[2].name"); `field_path` is m's own and comes back unchanged.
void walk(gp::Message& m, std::string& field_path, const RewriteOptions& opt, const std::string& label,
          int64_t entry, std::vector<PathChange>& out) {
    const gp::Reflection* r = m.GetReflection();
    const size_t base = field_path.size();
    auto name = [&](const FD* f) {
        field_path.resize(base);
        if (base) field_path += '.';
        field_path += f->name();
    };
    bool reg_changed = false;
    for (const FD* f : path_fields(m.GetDescriptor())) {
        if (f->cpp_type() == FD::CPPTYPE_MESSAGE) {
            if (f->is_repeated()) {
                for (int i = 0, n = r->FieldSize(m, f); i < n; ++i) {
                    name(f);
                    field_path += fmt::format("[{}]", i);
                    walk(*r->MutableRepeatedMessage(&m, f, i), field_path, opt, label, entry, out);
                }
            } else if (r->HasField(m, f)) {
                name(f);
                walk(*r->MutableMessage(&m, f), field_path, opt, label, entry, out);
            }
            continue;
        }
        if (!r->HasField(m, f)) continue;
        std::string scratch;
        const std::string& value = r->GetStringReference(m, f, &scratch);
        if (!rewritable(m, f, value)) continue;
        auto mapped = opt.map->apply(value);
        if (!mapped || *mapped == value) continue;
        name(f);
        out.push_back(PathChange{label, entry, field_path, value, *mapped});
        r->SetString(&m, f, std::move(*mapped));
        reg_changed = true;
    }
    field_path.resize(base);
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
    std::string msg, field_path;
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
            field_path.clear();
            walk(**m, field_path, opt, label, e.index, result.changes);
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
