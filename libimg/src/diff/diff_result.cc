#include "img/diff/diff_result.h"

namespace img {

const char* change_name(Change c) {
    switch (c) {
    case Change::Added: return "added";
    case Change::Removed: return "removed";
    case Change::Changed: break;
    }
    return "changed";
}

const std::vector<std::string>& diff_aspects() {
    static const std::vector<std::string> kAspects = {
        "tasks", "threads", "registers", "creds", "rlimits", "signals", "seccomp", "namespaces",
        "mm", "vmas", "fds", "files", "mounts", "container", "pages", "entries"};
    return kAspects;
}

std::map<std::string, uint64_t> DiffResult::stat() const {
    std::map<std::string, uint64_t> s;
    for (const auto& d : differences) ++s[d.aspect];
    for (const auto& v : pages) s["pages"] += v.changed + v.added + v.removed;
    return s;
}

namespace {

void write_difference(const Difference& d, ValueSink& out) {
    out.begin_object();
    out.key("aspect"); out.string(d.aspect);
    out.key("change"); out.string(change_name(d.change));
    out.key("where"); out.string(d.where);
    out.key("path"); out.string(d.path);
    out.key("a"); if (d.change == Change::Added) out.null(); else out.string(d.a);
    out.key("b"); if (d.change == Change::Removed) out.null(); else out.string(d.b);
    out.end_object();
}

void write_vma_pages(const VmaPages& v, ValueSink& out, bool ranges) {
    out.begin_object();
    out.key("pid"); out.number(uint64_t{v.pid});
    out.key("start"); out.number(v.start);
    out.key("end"); out.number(v.end);
    out.key("description"); out.string(v.description);
    out.key("prot"); out.string(v.prot);
    out.key("changed"); out.number(v.changed);
    out.key("added"); out.number(v.added);
    out.key("removed"); out.number(v.removed);
    if (ranges) {
        out.key("ranges");
        out.begin_array();
        for (const auto& r : v.ranges) {
            out.begin_object();
            out.key("start"); out.number(r.start);
            out.key("end"); out.number(r.end);
            out.key("change"); out.string(change_name(r.change));
            out.end_object();
        }
        out.end_array();
    }
    out.end_object();
}

}  // namespace

void write(const DiffResult& r, ValueSink& out, bool ranges) {
    out.key("a"); out.string(r.a);
    out.key("b"); out.string(r.b);
    out.key("identical"); out.boolean(r.identical());
    out.key("stat");
    out.begin_object();
    for (const auto& [aspect, n] : r.stat()) { out.key(aspect); out.number(n); }
    out.end_object();
    out.key("differences");
    out.begin_array();
    for (const auto& d : r.differences) write_difference(d, out);
    out.end_array();
    out.key("pages_compared"); out.number(r.pages_compared);
    out.key("memory");
    out.begin_array();
    for (const auto& v : r.pages) write_vma_pages(v, out, ranges);
    out.end_array();
}

}  // namespace img
