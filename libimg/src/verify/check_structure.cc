// Structure: every image parses, its magic agrees with its name, entries are
// whole, an image of a kind CRIU writes with one entry holds one, the inventory
// is sane, and each task has the images its restore opens (check_required_images).
#include <sys/stat.h>

#include "img/schema/entry_decoder.h"
#include "img/io/image_kind.h"
#include "img/io/image_reader.h"
#include "verify_context.h"

namespace img::verify {

namespace {

// Kinds CRIU writes with exactly one entry (a pagemap: its head, then runs), each read by its restore
// with pb_read_one(), which fails on an image holding only its header ("Unexpected EOF on ...").
bool holds_one_entry(std::string_view kind) {
    for (std::string_view k : {"INVENTORY", "CORE", "IDS", "FS", "MM", "PAGEMAP", "GHOST_FILE", "TCP_STREAM", "NETNS", "TIMENS",
                               "UTSNS", "IPC_VAR", "USERNS", "CREDS"})
        if (k == kind) return true;
    return false;
}

void check_entry_count(VerifyContext& cx, const std::string& label, const ImageKind& kind, size_t n) {
    if (!holds_one_entry(kind.name)) return;
    if (n == 0)
        cx.add(Severity::Error, "structure", label, -1,
               "holds no entry, only its header: CRIU writes {} and its restore fails reading it (\"Unexpected EOF on {}\")",
               kind.name == "PAGEMAP" ? "a head entry" : "one entry", label);
    else if (n > 1 && kind.name != "PAGEMAP" && kind.name != "GHOST_FILE")
        cx.add(Severity::Warning, "structure", label, 1, "holds {} entries: CRIU writes one and its restore reads only the first", n);
}

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
        size_t n = 0;
        for (;; ++n) {
            auto more = rd->next(e);
            if (!more) { cx.add_error("structure", more.error()); cx.report.findings.back().image = label; break; }
            if (!*more) {
                check_entry_count(cx, label, *by_name, n);
                break;
            }
            auto m = dec.decode(e, path);
            if (!m) { cx.add_error("structure", m.error()); cx.report.findings.back().image = label; break; }
        }
    }
}

}  // namespace

void check_structure(VerifyContext& cx) {
    Checkpoint& d = cx.dump;
    check_images_of(cx, d.source(), "", 0);

    auto inv = d.inventory();
    if (!inv) return;   // already reported as a parse error
    if (!*inv) {
        if (!d.source().exists("inventory.img"))   // an inventory without its entry is reported above
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
    check_required_images(cx);
}

}  // namespace img::verify
