// Images compared whole, entry by entry and field by field (payloads included, as base64 under
// "extra"): two single images, and the images of two checkpoints that no task owns (inventory,
// mount tables, pipe and FIFO data, socket queues, namespaces...). Container metadata too.
#include <algorithm>
#include <set>

#include "diff_context.h"
#include "img/convert/image_json.h"
#include "img/diff/json_diff.h"
#include "img/model/checkpoint_archive.h"
#include "img/output/json_writer.h"

namespace img {

namespace {

Expected<nlohmann::json> image_tree(Expected<ImageReader> rd) {
    if (!rd) return std::move(rd).error();
    JsonWriter w(nullptr, 0);
    ShowOptions so;
    so.render.pretty = true;
    auto ok = render_image(*rd, w, so);
    if (!ok) return std::move(ok).error();
    w.flush();
    return diff::parse_rendered(w.str());
}

// Images a task owns (compared through the model), and pages (compared through pagemaps).
bool per_task(const std::string& name) {
    for (const char* p : {"core-", "mm-", "pagemap-", "ids-", "fs-", "fdinfo-", "pages-"})
        if (name.rfind(p, 0) == 0) return true;
    return name == "files.img" || name == "pstree.img";
}

std::string image_aspect(const std::string& name) {
    if (name.rfind("mountpoints-", 0) == 0) return "mounts";
    if (name.rfind("pipes-data", 0) == 0 || name.rfind("fifo-data", 0) == 0 || name.rfind("sk-queues", 0) == 0) return "files";
    return "entries";
}

Expected<ImageReader> open_image(Checkpoint& d, const std::string& name) {
    auto f = d.source().open(name);
    if (!f) return std::move(f).error();
    return ImageReader::from_file(std::move(*f));
}

std::string entries_aspect(const std::string&) { return "entries"; }

void diff_container(diff::Context& cx) {
    const ContainerMetadata* ma = cx.a.container();
    const ContainerMetadata* mb = cx.b.container();
    if (!ma || !mb || !cx.wants("container")) return;
    auto tree = [](const ContainerMetadata& m) {
        nlohmann::json j = nlohmann::json::object();
        if (m.config) j["config.dump"] = *m.config;
        if (m.spec) j["spec.dump"] = *m.spec;
        j["entries"] = m.entries;
        return j;
    };
    cx.add_json("container", tree(*ma), tree(*mb), nullptr, "container");
}

}  // namespace

Expected<DiffResult> diff_images(const std::string& a, const std::string& b, const DiffOptions& o) {
    auto ja = image_tree(ImageReader::open(a));
    if (!ja) return std::move(ja).error();
    auto jb = image_tree(ImageReader::open(b));
    if (!jb) return std::move(jb).error();
    DiffResult r;
    r.a = a;
    r.b = b;
    diff_json(*ja, *jb, "", [&](Change c, const std::string& path, const nlohmann::json* va, const nlohmann::json* vb) {
        r.differences.push_back(Difference{"entries", c, "image", path, va ? diff::json_text(*va) : "", vb ? diff::json_text(*vb) : ""});
    });
    bool wanted = o.only.empty() ? !o.list_pages : std::find(o.only.begin(), o.only.end(), "entries") != o.only.end();
    if (!wanted) r.differences.clear();
    return r;
}

namespace diff {

Expected<void> diff_shared_images(Context& cx) {
    diff_container(cx);
    std::set<std::string> names;
    for (Checkpoint* d : {&cx.a, &cx.b})
        for (const auto& n : d->source().list())
            if (!per_task(n) && ((n.size() > 4 && n.compare(n.size() - 4, 4, ".img") == 0) || n == "stats-dump")) names.insert(n);
    for (const auto& n : names) {
        std::string aspect = image_aspect(n);
        if (!cx.wants(aspect) || cx.ignored(n)) continue;
        bool in_a = cx.a.source().exists(n), in_b = cx.b.source().exists(n);
        std::string where = "image " + n;
        if (!in_a || !in_b) {
            cx.add(aspect, in_a ? Change::Removed : Change::Added, where, "", in_a ? n : "", in_b ? n : "");
            continue;
        }
        auto ja = image_tree(open_image(cx.a, n));
        if (!ja) return std::move(ja).error();
        auto jb = image_tree(open_image(cx.b, n));
        if (!jb) return std::move(jb).error();
        cx.add_json(where, *ja, *jb, entries_aspect, aspect);
    }
    return {};
}

}  // namespace diff

}  // namespace img
