// Structure: every image parses, its magic agrees with its name, entries are
// whole, the inventory is sane, and each task has the images it needs.
#include <sys/stat.h>

#include <algorithm>

#include "img/entry_decoder.h"
#include "img/image_kind.h"
#include "img/image_reader.h"
#include "verify_context.h"

namespace img::verify {

namespace {

void check_images_of(VerifyContext& cx, const DumpSource& src, const std::string& prefix, int depth) {
    for (const std::string& name : src.list()) {
        std::string label = prefix + name;
        std::string path = src.path_of(name);
        struct stat st {};
        if (::lstat(path.c_str(), &st) != 0) continue;
        if (name == "parent") {
            if (!S_ISLNK(st.st_mode) && !S_ISDIR(st.st_mode)) {
                cx.add(Severity::Warning, "structure", label, -1, "'parent' is neither a link nor a directory");
            } else if (!src.parent()) {
                cx.add(Severity::Error, "structure", label, -1, "the parent link does not lead to a readable directory");
            } else if (depth < 64) {
                check_images_of(cx, *src.parent(), prefix + "parent/", depth + 1);
            }
            continue;
        }
        if (!S_ISREG(st.st_mode)) {
            cx.add(Severity::Warning, "structure", label, -1, "not a regular file: not part of a CRIU dump");
            continue;
        }
        const ImageKind* by_name = kind_by_file_name(name);
        if (!by_name) {
            cx.add(Severity::Warning, "structure", label, -1, "unknown file: no CRIU image has this name");
            continue;
        }
        if (by_name->header == HeaderClass::Raw) continue;   // pages etc.: checked with their pagemaps
        ++cx.report.images;
        auto rd = ImageReader::open(path);
        if (!rd) { cx.add_error("structure", rd.error()); cx.report.findings.back().image = label; continue; }
        if (&rd->kind() != by_name) {
            cx.add(Severity::Error, "structure", label, -1, "magic says {} but the file name says {}", rd->kind().name, by_name->name);
            continue;
        }
        EntryDecoder dec;
        RawEntry e;
        for (;;) {
            auto more = rd->next(e);
            if (!more) { cx.add_error("structure", more.error()); cx.report.findings.back().image = label; break; }
            if (!*more) break;
            auto m = dec.decode(e, path);
            if (!m) { cx.add_error("structure", m.error()); cx.report.findings.back().image = label; break; }
        }
    }
}

}  // namespace

void check_structure(VerifyContext& cx) {
    Dump& d = cx.dump;
    check_images_of(cx, d.source(), "", 0);

    auto inv = d.inventory();
    if (!inv) return;   // already reported as a parse error
    if (!*inv) {
        cx.add(Severity::Error, "structure", "inventory.img", -1, "missing: CRIU cannot restore a dump without its inventory");
    } else {
        const auto& i = **inv;
        if (i.img_version() != 2)
            cx.add(i.img_version() == 1 ? Severity::Warning : Severity::Error, "structure", "inventory.img", 0,
                   "img_version {} (CRIU writes 2)", i.img_version());
        if (!i.fdinfo_per_id())
            cx.add(Severity::Error, "structure", "inventory.img", 0, "fdinfo_per_id is not set: CRIU refuses it (\"Too old image\")");
        if (i.has_root_cg_set() && i.root_cg_set() == 0)
            cx.add(Severity::Warning, "structure", "inventory.img", 0, "root_cg_set is 0, which CRIU treats as corrupted");
    }

    auto tree = d.pstree();
    if (!tree) return;
    if (!*tree || (*tree)->empty()) {
        cx.add(Severity::Error, "structure", "pstree.img", -1, "{}", (*tree) ? "holds no task" : "missing: no process tree");
        return;
    }
    const DumpSource& src = d.source();
    for (const auto& t : **tree) {
        ++cx.report.tasks;
        for (uint32_t tid : t.threads())
            if (!src.exists(fmt::format("core-{}.img", tid)))
                cx.add(Severity::Error, "structure", fmt::format("core-{}.img", tid), -1, "missing: thread {} of task {} has no core", tid, t.pid());
        if (!src.exists(fmt::format("core-{}.img", t.pid()))) {
            if (std::find(t.threads().begin(), t.threads().end(), t.pid()) == t.threads().end())
                cx.add(Severity::Error, "structure", fmt::format("core-{}.img", t.pid()), -1, "missing: task {} has no core", t.pid());
            continue;
        }
        auto core = d.core(t.pid());
        if (!core || !*core) continue;
        if (!(*core)->has_tc()) {
            cx.add(Severity::Error, "structure", fmt::format("core-{}.img", t.pid()), 0, "the task leader's core has no task state (tc)");
            continue;
        }
        if ((*core)->tc().task_state() == 2) continue;   // a zombie: a core is all it has
        for (const char* kind : {"ids", "mm", "fs", "pagemap"}) {
            std::string n = fmt::format("{}-{}.img", kind, t.pid());
            if (!src.exists(n)) cx.add(Severity::Error, "structure", n, -1, "missing: live task {} needs it", t.pid());
        }
        auto ids = d.ids(t.pid());
        if (ids && *ids) {
            std::string n = fmt::format("fdinfo-{}.img", (*ids)->files_id());
            if (!src.exists(n)) cx.add(Severity::Error, "structure", n, -1, "missing: the fd table of task {}", t.pid());
        }
    }
}

}  // namespace img::verify
