#include "view_util.h"

#include <algorithm>
#include <charconv>
#include <set>

#include <fmt/format.h>

#include "tables.pb.h"

namespace img::viewutil {

namespace gp = google::protobuf;

Error dump_error(const Checkpoint& d, const std::string& name, std::string what) {
    Error e;
    e.file = d.source().shown_path(name);
    e.what = std::move(what);
    return e;
}

Expected<void> warn_if_missing(Table& t, Checkpoint& d, uint32_t pid, const std::string& image, std::string_view consequence) {
    if (d.source().exists(image)) return {};
    auto zombie = d.is_zombie(pid);
    if (!zombie) return std::move(zombie).error();
    if (!*zombie) t.warn(fmt::format("{} is missing: {}", image, consequence));
    return {};
}

Expected<void> warn_missing_fd_images(Table& t, Checkpoint& d, uint32_t pid) {
    auto ok = warn_if_missing(t, d, pid, fmt::format("ids-{}.img", pid), fmt::format("task {}'s descriptors are unknown", pid));
    if (!ok) return ok;
    auto ids = d.ids(pid);
    if (!ids) return std::move(ids).error();
    if (*ids) {
        ok = warn_if_missing(t, d, pid, fmt::format("fdinfo-{}.img", (*ids)->files_id()),
                             fmt::format("task {}'s descriptors are unknown", pid));
        if (!ok) return ok;
    }
    return warn_if_missing(t, d, pid, fmt::format("fs-{}.img", pid), fmt::format("task {}'s cwd and root are unknown", pid));
}

void warn_files(Table& t, Checkpoint& d) {
    auto ft = d.files();
    if (!ft) t.warn(fmt::format("{}: files are named by id only", ft.error().message()));
    // Dumps older than files.img keep one image per file type (reg-files.img, ...), which the table reads.
    else if (!d.source().exists("files.img") && (*ft)->all().size() == 0) t.warn("files.img is missing: files are named by id only");
}

Expected<std::vector<TaskRef>> all_tasks(Checkpoint& d) {
    auto pst = d.pstree();
    if (!pst) return std::move(pst).error();
    if (!*pst) return dump_error(d, "pstree.img", "missing: is this a CRIU image directory?");
    const auto& entries = **pst;

    // Children in pstree order; roots are tasks whose parent is not in the dump.
    std::map<uint32_t, std::vector<size_t>> children;
    std::set<uint32_t> pids;
    for (const auto& e : entries) pids.insert(e.pid());
    std::vector<size_t> roots;
    for (size_t i = 0; i < entries.size(); ++i) {
        const auto& e = entries[i];
        if (e.ppid() == 0 || e.ppid() == e.pid() || !pids.count(e.ppid())) roots.push_back(i);
        else children[e.ppid()].push_back(i);
    }
    std::vector<TaskRef> out;
    std::vector<bool> seen(entries.size(), false);
    // Iterative depth-first walk; `seen` guards against loops in a corrupt pstree.
    std::vector<std::pair<size_t, int>> stack;
    auto walk = [&](size_t root) {
        stack.push_back({root, 0});
        while (!stack.empty()) {
            auto [i, depth] = stack.back();
            stack.pop_back();
            if (seen[i]) continue;
            seen[i] = true;
            out.push_back(TaskRef{&entries[i], depth});
            auto it = children.find(entries[i].pid());
            if (it == children.end()) continue;
            for (auto c = it->second.rbegin(); c != it->second.rend(); ++c) stack.push_back({*c, depth + 1});
        }
    };
    for (size_t r : roots) walk(r);
    for (size_t i = 0; i < entries.size(); ++i)
        if (!seen[i]) walk(i);   // only in a pstree whose parent links form a loop
    return out;
}

Expected<std::optional<uint32_t>> selected_task_pid(Checkpoint& d, const ViewOptions& o) {
    if (!o.pid) return std::optional<uint32_t>{};
    auto ts = tasks(d, o);
    if (!ts) return std::move(ts).error();
    return std::optional<uint32_t>((*ts)[0].pid());
}

Expected<FileViewInputs> file_view_inputs(Checkpoint& d, const ViewOptions& o, Table& t) {
    FileViewInputs in;
    warn_files(t, d);
    auto ts = tasks(d, o);
    if (!ts) return std::move(ts).error();
    for (const auto& tr : *ts)
        if (auto ok = warn_missing_fd_images(t, d, tr.pid()); !ok) return std::move(ok).error();
    auto ft = d.files();
    if (!ft) return std::move(ft).error();
    in.files = *ft;
    auto uses = file_uses(d);
    if (!uses) return std::move(uses).error();
    in.uses = std::move(*uses);
    auto selected = selected_task_pid(d, o);
    if (!selected) return std::move(selected).error();
    in.pid = *selected;
    return in;
}

Expected<std::vector<TaskRef>> tasks(Checkpoint& d, const ViewOptions& o) {
    auto all = all_tasks(d);
    if (!all || !o.pid) return all;
    for (const auto& t : *all) {
        if (t.pid() == *o.pid) return std::vector<TaskRef>{t};
    }
    for (const auto& t : *all) {
        const auto& th = t.task->threads();
        if (std::find(th.begin(), th.end(), *o.pid) != th.end()) return std::vector<TaskRef>{t};
    }
    std::string pids;
    for (const auto& t : *all) pids += (pids.empty() ? "" : ", ") + std::to_string(t.pid());
    return dump_error(d, "pstree.img", fmt::format("no task or thread {} in this dump (tasks: {})", *o.pid, pids));
}

std::optional<uint32_t> selected_thread(const std::vector<TaskRef>& tasks, const ViewOptions& o) {
    if (!o.pid || tasks.size() != 1 || tasks[0].pid() == *o.pid) return std::nullopt;
    return o.pid;
}

Expected<std::map<uint32_t, std::vector<FileUse>>> file_uses(Checkpoint& d) {
    auto ts = all_tasks(d);
    if (!ts) return std::move(ts).error();
    std::map<uint32_t, std::vector<FileUse>> uses;
    auto add = [&](uint32_t id, uint32_t pid, std::string what) {
        auto& v = uses[id];
        for (const auto& u : v)
            if (u.pid == pid && u.what == what) return;
        v.push_back(FileUse{pid, std::move(what)});
    };
    for (const auto& t : *ts) {
        uint32_t pid = t.pid();
        auto fdi = d.fdinfo(pid);
        if (!fdi) return std::move(fdi).error();
        if (*fdi)
            for (const auto& f : **fdi) add(f.id(), pid, std::to_string(f.fd()));
        auto fs = d.fs(pid);
        if (!fs) return std::move(fs).error();
        if (*fs) {
            add((*fs)->cwd_id(), pid, "cwd");
            add((*fs)->root_id(), pid, "root");
        }
        auto mm = d.mm(pid);
        if (!mm) return std::move(mm).error();
        if (*mm) {
            add((*mm)->exe_file_id(), pid, "exe");
            for (const auto& v : (*mm)->vmas()) {
                uint32_t st = v.status();
                if ((st & (1u << 0)) && (st & ((1u << 6) | (1u << 7))) && !(st & ((1u << 10) | (1u << 8) | (1u << 11))))
                    add(static_cast<uint32_t>(v.shmid()), pid, "map");
            }
        }
    }
    return uses;
}

std::vector<std::string> use_labels(const std::vector<FileUse>& uses) {
    std::vector<std::string> v;
    for (const auto& u : uses) v.push_back(u.label());
    return v;
}

bool used_by(const std::vector<FileUse>& uses, uint32_t pid) {
    return std::any_of(uses.begin(), uses.end(), [&](const FileUse& u) { return u.pid == pid; });
}

namespace {
void append_file_label(std::string& out, Checkpoint& d, const FileTable* ft, const cimg::FileEntry& f) {
    if (!ft) { out += fmt::format("{}.{}", fd_type_name(f.type()), f.id()); return; }
    if (f.has_memfd()) {
        auto inodes = d.memfd_inodes();
        if (inodes && *inodes)
            for (const auto& ino : **inodes)
                if (ino.inode_id() == f.memfd().inode_id()) {
                    out += "memfd:";
                    append_display_text(out, ino.name());
                    return;
                }
    }
    ft->append_description(out, f);
}
}  // namespace

std::string file_label(Checkpoint& d, const cimg::FileEntry& f) {
    auto ft = d.files();
    std::string s;
    append_file_label(s, d, ft ? *ft : nullptr, f);
    return s;
}

void append_file_label(std::string& out, Checkpoint& d, uint32_t id) {
    auto ft = d.files();
    if (!ft) { out += fmt::format("file {}", id); return; }
    const cimg::FileEntry* f = (*ft)->find(id);
    if (f) append_file_label(out, d, *ft, *f);
    else out += fmt::format("missing file id {}", id);
}

std::string file_label(Checkpoint& d, uint32_t id) {
    std::string s;
    append_file_label(s, d, id);
    return s;
}

std::string task_state_name(uint32_t s) {
    switch (s) {
    case 1: return "alive";
    case 2: return "zombie";
    case 3: return "stopped";
    }
    return fmt::format("state {}", s);
}

Expected<std::string> task_state(Checkpoint& d, uint32_t pid) {
    auto c = d.core(pid);
    if (!c) return std::move(c).error();
    if (!*c || !(*c)->has_tc()) return std::string();
    return task_state_name((*c)->tc().task_state());
}

Expected<std::string> task_comm(Checkpoint& d, uint32_t pid) {
    auto c = d.core(pid);
    if (!c) return std::move(c).error();
    if (!*c || !(*c)->has_tc()) return std::string();
    return display_text((*c)->tc().comm());
}

std::string flag_names(uint64_t v, const gp::EnumDescriptor* e, std::string_view sep) {
    std::string s;
    uint64_t known = 0;
    for (int i = 0; i < e->value_count(); ++i) {
        uint64_t bit = static_cast<uint32_t>(e->value(i)->number());
        if (!bit || (known & bit)) continue;
        known |= bit;
        if ((v & bit) == bit) {
            if (!s.empty()) s += sep;
            s += e->value(i)->name();
        }
    }
    if (uint64_t rest = v & ~known) {
        if (!s.empty()) s += sep;
        s += fmt::format("{:#x}", rest);
    }
    return s;
}

std::string enum_name(uint64_t v, const gp::EnumDescriptor* e) {
    if (v <= 0x7fffffff)
        if (const auto* ev = e->FindValueByNumber(static_cast<int>(v))) return ev->name();
    return std::to_string(v);
}

std::string open_flags(uint32_t flags) {
    std::string acc = (flags & 3) == 0 ? "O_RDONLY" : "";
    std::string rest = flag_names(flags, cimg::RfileFlags::Bits_descriptor());
    if (acc.empty()) return rest;
    return rest.empty() ? acc : acc + "|" + rest;
}

Cell json_only(Cell c) { return Cell::shown(std::move(c), " "); }

namespace {

// v in lowercase hex, at least 8 digits, at p; returns the end.
char* put_address(char* p, uint64_t v) {
    char digits[16];
    int n = 0;
    do {
        digits[n++] = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v);
    for (int i = n; i < 8; ++i) *p++ = '0';
    while (n) *p++ = digits[--n];
    return p;
}

}  // namespace

void append_address_range(std::string& out, uint64_t start, uint64_t end) {
    char buf[40];
    char* p = put_address(buf, start);
    *p++ = '-';
    p = put_address(p, end);
    out.append(buf, p);
}

std::string address_range(uint64_t start, uint64_t end) {
    std::string s;
    append_address_range(s, start, end);
    return s;
}

std::string address_text(uint64_t addr) {
    char buf[20];
    return std::string(buf, put_address(buf, addr));
}

Cell hex0x(uint64_t v) { return Cell::shown(Cell(v), fmt::format("{:#x}", v)); }

Cell joined(std::vector<std::string> v, std::string_view sep) {
    std::string t;
    for (size_t i = 0; i < v.size(); ++i) {
        if (i) t += sep;
        t += v[i];
    }
    Cell c(std::move(v));
    if (t.empty()) t = "-";
    return Cell::shown(std::move(c), std::move(t));
}

const gp::Message* file_payload(const cimg::FileEntry& f) {
    const gp::Reflection* r = f.GetReflection();
    std::vector<const gp::FieldDescriptor*> set;
    r->ListFields(f, &set);
    for (const auto* fd : set)
        if (fd->cpp_type() == gp::FieldDescriptor::CPPTYPE_MESSAGE && !fd->is_repeated()) return &r->GetMessage(f, fd);
    return nullptr;
}

std::optional<uint32_t> file_open_flags(const cimg::FileEntry& f) {
    const gp::Message* m = file_payload(f);
    if (!m) return std::nullopt;
    const gp::FieldDescriptor* fd = m->GetDescriptor()->FindFieldByName("flags");
    if (!fd || fd->cpp_type() != gp::FieldDescriptor::CPPTYPE_UINT32 || fd->is_repeated()) return std::nullopt;
    if (!m->GetReflection()->HasField(*m, fd)) return std::nullopt;
    return m->GetReflection()->GetUInt32(*m, fd);
}

std::optional<uint64_t> file_pos(const cimg::FileEntry& f) {
    const gp::Message* m = file_payload(f);
    if (!m) return std::nullopt;
    const gp::FieldDescriptor* fd = m->GetDescriptor()->FindFieldByName("pos");
    if (!fd || fd->cpp_type() != gp::FieldDescriptor::CPPTYPE_UINT64 || fd->is_repeated()) return std::nullopt;
    if (!m->GetReflection()->HasField(*m, fd)) return std::nullopt;
    return m->GetReflection()->GetUInt64(*m, fd);
}

uint64_t count_pages(const PagemapReader& pm, uint64_t lo, uint64_t hi, uint32_t flag) {
    const auto& runs = pm.runs();
    auto it = std::upper_bound(runs.begin(), runs.end(), lo, [](uint64_t a, const PageRun& r) { return a < r.start; });
    if (it != runs.begin()) --it;
    uint64_t n = 0;
    for (; it != runs.end() && it->start < hi; ++it) {
        if (it->end() <= lo || !(it->flags & flag)) continue;
        uint64_t s = std::max(lo, it->start), e = std::min(hi, it->end());
        n += (e - s) / kPageSize;
    }
    return n;
}

std::string prot_string(uint32_t prot) {
    std::string s;
    s += (prot & 1) ? 'r' : '-';
    s += (prot & 2) ? 'w' : '-';
    s += (prot & 4) ? 'x' : '-';
    return s;
}

void append_vma_description(std::string& s, Checkpoint& d, const cimg::MmEntry& mm, const cimg::VmaEntry& v) {
    uint32_t st = v.status();
    size_t begin = s.size();
    if (st & kVmaSysvipc) s += fmt::format("sysvshm[{}]", v.shmid());
    else if ((st & kVmaAnonShared) && !(st & kVmaMemfd)) s += fmt::format("shmem[{}]", v.shmid());
    else if (st & kVmaSocket) {
        s += "packet[";
        append_file_label(s, d, static_cast<uint32_t>(v.shmid()));
        s += "]";
    } else if (st & (kVmaFilePrivate | kVmaFileShared)) {
        append_file_label(s, d, static_cast<uint32_t>(v.shmid()));
        if (v.pgoff()) {
            char buf[24];
            s += " + 0x";
            s.append(buf, std::to_chars(buf, buf + sizeof buf, v.pgoff(), 16).ptr);
        }
        if (st & kVmaFileShared) s += " (s)";
    } else if (st & kVmaStack) s += "[stack]";
    else if (st & kVmaVsyscall) s += "[vsyscall]";
    else if (st & kVmaVdso) s += "[vdso]";
    else if (st & kVmaVvar) s += "[vvar]";
    else if (st & kVmaHeap) s += "[heap]";
    else if (st & kVmaAioring) s += "[aio]";
    else if (st & kVmaShstk) s += "[shadow stack]";
    else if (st & kVmaUprobes) s += "[uprobes]";
    else if (st & kVmaGuard) s += "[guard]";
    else if (v.flags() & 0x100) {   // MAP_GROWSDOWN
        bool main_stack = mm.mm_start_stack() >= v.start() && mm.mm_start_stack() < v.end();
        s += main_stack ? "[stack]" : "[stack?]";
    }
    if (!(st & kVmaRegular)) s += s.size() == begin ? "*" : " *";
}

std::string vma_description(Checkpoint& d, const cimg::MmEntry& mm, const cimg::VmaEntry& v) {
    std::string s;
    append_vma_description(s, d, mm, v);
    return s;
}

}  // namespace img::viewutil
