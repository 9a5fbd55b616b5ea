#include "img/rewrite/path_rewrite.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "img/schema/entry_decoder.h"
#include "img/io/image_reader.h"
#include "img/io/image_writer.h"
#include "img/schema/schema_hints.h"

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

// RegFileEntry's fields that change how its name is read or what a rewrite sets (null elsewhere).
struct RegFields {
    const FD* ext = nullptr;
    const FD* mnt_id = nullptr;
};
const RegFields& reg_fields(const gp::Descriptor* d) {
    static const gp::Descriptor* reg = find_message_type("cimg.RegFileEntry");
    static const RegFields fields{reg ? reg->FindFieldByName("ext") : nullptr, reg ? reg->FindFieldByName("mnt_id") : nullptr};
    static const RegFields none;
    return d == reg ? fields : none;
}

// A unix socket name is a path only when it is bound in the filesystem by absolute name.
bool rewritable(const gp::Message& m, const FD* f, const std::string& value) {
    if (value.empty() || value[0] != '/') return false;   // abstract (leading NUL) or relative to name_dir
    if (const FD* ext = reg_fields(m.GetDescriptor()).ext; ext && m.GetReflection()->GetBool(m, ext))
        return false;   // a key for --external, not a path
    return true;
}

constexpr size_t kPathMax = 4096;     // PATH_MAX: a path's bytes with the terminating NUL
constexpr size_t kSunPathMax = 108;   // sizeof(sockaddr_un::sun_path): a bound name with its NUL

// Why `value`, the new content of path field `f`, could not be restored ("" when it can): longer
// than PATH_MAX, or a unix socket name longer than sun_path. CRIU keeps a bound name's NUL.
std::string limit_broken(const FD* f, const std::string& old_value, const std::string& value) {
    const size_t with_nul = !value.empty() && value.back() == '\0' ? value.size() : value.size() + 1;
    if (hints_for(f).unix_name && with_nul > kSunPathMax)
        return fmt::format("'{}' would become a unix socket name of {} bytes with its NUL, longer than the kernel's "
                           "sun_path ({} bytes): refused, nothing written", old_value.c_str(), with_nul, kSunPathMax);
    if (with_nul > kPathMax)
        return fmt::format("'{}' would become a path of {} bytes with its NUL, longer than PATH_MAX ({} bytes): "
                           "refused, nothing written", old_value.c_str(), with_nul, kPathMax);
    return {};
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
// path ("reg.name", "sks[2].name"); `field_path` is m's own and comes back unchanged. A change
// that would break a limit is not made: `refused` says why (the first such).
void walk(gp::Message& m, std::string& field_path, const RewriteOptions& opt, const std::string& label,
          int64_t entry, std::vector<PathChange>& out, std::string& refused) {
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
                    walk(*r->MutableRepeatedMessage(&m, f, i), field_path, opt, label, entry, out, refused);
                }
            } else if (r->HasField(m, f)) {
                name(f);
                walk(*r->MutableMessage(&m, f), field_path, opt, label, entry, out, refused);
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
        if (std::string why = limit_broken(f, value, *mapped); !why.empty()) {
            if (refused.empty()) refused = field_path + ": " + why;
            continue;
        }
        out.push_back(PathChange{label, entry, field_path, value, *mapped});
        r->SetString(&m, f, std::move(*mapped));
        reg_changed = true;
    }
    field_path.resize(base);
    if (reg_changed && opt.mnt_id)
        if (const FD* mf = reg_fields(m.GetDescriptor()).mnt_id) r->SetInt32(&m, mf, *opt.mnt_id);
}

// Which parts of an image mention a branch, in one pass over it: for each branch, where it
// next occurs, looked for again only once the parts asked about have passed it.
class BranchFinder {
public:
    BranchFinder(Bytes all, const BranchMap& map) : all_(all) {
        for (const auto& mp : map.mappings()) {
            if (mp.branch == "/") everywhere_ = true;
            else needles_.push_back(Needle{mp.branch});
        }
    }
    // True when a branch lies wholly inside bytes [from, to); calls come with `from` never decreasing.
    bool within(size_t from, size_t to) {
        if (everywhere_) return true;
        bool found = false;
        for (Needle& n : needles_) {
            if (!n.looked || n.at < from) {   // not looked for yet, or before this part: look from here
                n.looked = true;
                const void* p = memmem(all_.data() + from, all_.size() - from, n.text.data(), n.text.size());
                n.at = p ? static_cast<size_t>(static_cast<const std::byte*>(p) - all_.data()) : kNowhere;
            }
            // The first occurrence from `from` on: if it does not end inside, no later one does.
            found = found || (n.at != kNowhere && n.at + n.text.size() <= to);
        }
        return found;
    }

private:
    static constexpr size_t kNowhere = SIZE_MAX;
    struct Needle {
        std::string_view text;
        bool looked = false;
        size_t at = 0;   // where it occurs next; kNowhere: nowhere after
    };
    Bytes all_;
    bool everywhere_ = false;
    std::vector<Needle> needles_;
};

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
    BranchFinder finder(all, *opt.map);
    if (!finder.within(0, all.size())) return result;
    // Then only if its messages can hold a path (this builds their descriptors, so it comes second).
    if (!kind_has_paths(rd->kind())) return result;

    EntryDecoder dec;
    ImageWriter w(std::string_view(reinterpret_cast<const char*>(all.data()), rd->header_size()));
    w.reserve(all.size() + all.size() / 8);
    RawEntry e;
    std::string msg, field_path, refused;
    for (;;) {
        auto more = rd->next(e);
        if (!more) return std::move(more).error();
        if (!*more) break;
        size_t end = static_cast<size_t>(e.payload.empty() ? (e.message.data() + e.message.size() - all.data())
                                                            : (e.payload.data() + e.payload.size() - all.data()));
        std::string_view framed(reinterpret_cast<const char*>(all.data()) + e.offset, end - e.offset);
        size_t before = result.changes.size();
        const auto msg_at = static_cast<size_t>(e.message.data() - all.data());
        if (finder.within(msg_at, msg_at + e.message.size())) {
            auto m = dec.decode(e, path);
            if (!m) return std::move(m).error();
            field_path.clear();
            walk(**m, field_path, opt, label, e.index, result.changes, refused);
            if (!refused.empty()) {
                Error err;
                err.file = path;
                err.entry = e.index;
                err.offset = static_cast<int64_t>(e.offset);
                err.what = std::move(refused);
                return err;
            }
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
