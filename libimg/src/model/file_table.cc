#include "img/model/file_table.h"

#include <arpa/inet.h>

#include <algorithm>

#include <fmt/format.h>

#include "img/support/display.h"
#include "img/model/image_loader.h"
#include "img/model/model_arena.h"
#include "img/schema/schema_hints.h"
#include "img/support/text_codecs.h"
#include "memfd.pb.h"
#include "regfile.pb.h"
#include "sk_inet.pb.h"
#include "sk_unix.pb.h"

namespace img {

namespace gp = google::protobuf;

namespace {

// Legacy per-type images (before files.img) and the file_entry field each fills.
struct LegacyImage { const char* image; const char* field; uint32_t type; };
constexpr LegacyImage kLegacy[] = {
    {"reg-files.img", "reg", 1}, {"pipes.img", "pipe", 2}, {"fifo.img", "fifo", 3}, {"inetsk.img", "isk", 4},
    {"unixsk.img", "usk", 5}, {"eventfd.img", "efd", 6}, {"eventpoll.img", "epfd", 7}, {"inotify.img", "ify", 8},
    {"signalfd.img", "sgfd", 9}, {"packetsk.img", "psk", 10}, {"tty.img", "tty", 11}, {"fanotify.img", "ffy", 12},
    {"netlinksk.img", "nlsk", 13}, {"ns-files.img", "nsf", 14}, {"tunfile.img", "tunf", 15}, {"ext-files.img", "ext", 16},
    {"timerfd.img", "tfd", 17}, {"bpfmap-file.img", "bpf", 19},
};

std::string addr_string(const google::protobuf::RepeatedField<uint32_t>& w) {
    std::vector<uint32_t> v(w.begin(), w.end());
    if (v.empty()) return "?";
    std::string s = ip_words_to_string(v);
    return v.size() > 1 ? "[" + s + "]" : s;
}

const char* tcp_state(uint32_t s) {
    static const char* names[] = {"", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
                                  "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"};
    return s < sizeof names / sizeof names[0] ? names[s] : "?";
}

// Names are arbitrary bytes; descriptions must be valid UTF-8 (see img/display.h).
std::string printable(const std::string& s) { return display_text(s); }

}  // namespace

std::string fd_type_name(uint32_t type) {
    const auto* e = cimg::FileEntry::descriptor()->FindFieldByName("type");
    const auto* en = hints_for(e).enum_type;
    if (en)
        if (const auto* v = en->FindValueByNumber(static_cast<int>(type))) return v->name();
    return fmt::format("{}", type);
}

FileTable::FileTable(size_t expected_bytes) : arena_(new_model_arena(expected_bytes)) {}

Expected<FileTable> FileTable::load(const DumpSource& src) {
    FileTable t(parsed_size_estimate(src.size("files.img")));
    auto files = load_entries<cimg::FileEntry>(*t.arena_, src, "files.img");
    if (!files) return std::move(files).error();
    if (*files) {
        t.files_.assign((*files)->begin(), (*files)->end());
    } else {
        t.legacy_ = true;
        const gp::Descriptor* fd = cimg::FileEntry::descriptor();
        for (const auto& l : kLegacy) {
            if (!src.exists(l.image)) continue;
            const gp::FieldDescriptor* f = fd->FindFieldByName(l.field);
            auto file = src.open(l.image);
            if (!file) return std::move(file).error();
            auto rd = ImageReader::from_file(std::move(*file));
            if (!rd) return std::move(rd).error();
            RawEntry e;
            for (;;) {
                auto more = rd->next(e);
                if (!more) return std::move(more).error();
                if (!*more) break;
                auto& fe = *gp::Arena::CreateMessage<cimg::FileEntry>(t.arena_.get());
                gp::Message* sub = fe.GetReflection()->MutableMessage(&fe, f);
                if (!sub->ParsePartialFromArray(e.message.data(), static_cast<int>(e.message.size()))) {
                    Error err; err.file = src.shown_path(l.image); err.entry = e.index; err.offset = static_cast<int64_t>(e.offset);
                    err.what = "invalid protobuf";
                    return err;
                }
                const gp::FieldDescriptor* idf = sub->GetDescriptor()->FindFieldByName("id");
                fe.set_type(l.type);
                fe.set_id(idf ? sub->GetReflection()->GetUInt32(*sub, idf) : 0);
                t.files_.push_back(&fe);
            }
        }
    }
    // A sorted index rather than a hash map: one allocation, and files.img is usually in id order
    // already. Of entries that share an id (a damaged image), find() gives the first.
    t.by_id_.reserve(t.files_.size());
    for (size_t i = 0; i < t.files_.size(); ++i) t.by_id_.emplace_back(t.files_[i]->id(), static_cast<uint32_t>(i));
    if (!std::is_sorted(t.by_id_.begin(), t.by_id_.end())) std::sort(t.by_id_.begin(), t.by_id_.end());
    return t;
}

const cimg::FileEntry* FileTable::find(uint32_t id) const {
    auto it = std::lower_bound(by_id_.begin(), by_id_.end(), std::pair<uint32_t, uint32_t>(id, 0));
    return it == by_id_.end() || it->first != id ? nullptr : files_[it->second];
}

std::string FileTable::path_of(uint32_t id) const {
    const cimg::FileEntry* f = find(id);
    if (!f) return "";
    if (f->has_reg()) return f->reg().name();
    if (f->has_fifo() && f->fifo().has_regf_id()) return path_of(f->fifo().regf_id());
    if (f->has_tty()) return f->tty().has_regf_id() ? path_of(f->tty().regf_id()) : "";
    return "";
}

std::string FileTable::describe(uint32_t id) const {
    const cimg::FileEntry* f = find(id);
    return f ? describe(*f) : fmt::format("missing file id {}", id);
}

void FileTable::append_description(std::string& out, const cimg::FileEntry& f) const {
    if (f.has_reg()) append_display_text(out, f.reg().name());   // the common case: no string of its own
    else out += describe(f);
}

std::string FileTable::describe(const cimg::FileEntry& f) const {
    if (f.has_reg()) return printable(f.reg().name());
    if (f.has_pipe()) return fmt::format("pipe[{}]", f.pipe().pipe_id());
    if (f.has_fifo()) return fmt::format("fifo[{}] {}", f.fifo().pipe_id(), printable(f.fifo().has_regf_id() ? path_of(f.fifo().regf_id()) : ""));
    if (f.has_usk()) {
        const auto& u = f.usk();
        std::string name = display_unix_name(u.name());
        return name.empty() ? fmt::format("unix[{} ({})]", u.ino(), u.peer())
                            : fmt::format("unix[{} ({}) {}]", u.ino(), u.peer(), name);
    }
    if (f.has_isk()) {
        const auto& s = f.isk();
        const char* proto = s.proto() == 6 ? "tcp" : s.proto() == 17 ? "udp" : s.proto() == 136 ? "udplite" : "inet";
        std::string src = fmt::format("{}:{}", addr_string(s.src_addr()), s.src_port());
        std::string dst = s.dst_port() ? fmt::format(" -> {}:{}", addr_string(s.dst_addr()), s.dst_port()) : "";
        return fmt::format("{}{} {}{} {}", proto, s.family() == 10 ? "6" : "", src, dst, tcp_state(s.state()));
    }
    if (f.has_memfd()) return fmt::format("memfd inode {}", f.memfd().inode_id());
    if (f.has_efd()) return fmt::format("eventfd count={}", f.efd().counter());
    if (f.has_tfd()) return fmt::format("timerfd clock={} interval={}.{:09}s", f.tfd().clockid(), f.tfd().isec(), f.tfd().insec());
    if (f.has_sgfd()) return fmt::format("signalfd mask={:#x}", f.sgfd().sigmask());
    if (f.has_epfd()) return fmt::format("eventpoll ({} targets)", f.epfd().tfd_size());
    if (f.has_ify()) {
        std::string s = "inotify";
        for (const auto& w : f.ify().wd()) s += " " + (w.f_handle().has_path() ? printable(w.f_handle().path()) : fmt::format("ino {}", w.i_ino()));
        return s;
    }
    if (f.has_tty()) return fmt::format("tty {}", printable(path_of(f.id())));
    if (f.has_nsf()) return fmt::format("ns id {}", f.nsf().ns_id());
    if (f.has_pidfd()) return fmt::format("pidfd pid {}", f.pidfd().nspid());
    return fmt::format("{}.{}", fd_type_name(f.type()), f.id());
}

}  // namespace img
