#include "view_warnings.h"

#include "img/model/checkpoint_archive.h"

#include <fmt/format.h>

namespace img {

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
    // A container checkpoint with only metadata: the registry says once that every image is absent.
    if (const ContainerMetadata* m = d.container(); m && m->images_absent()) return;
    auto ft = d.files();
    if (!ft) t.warn(fmt::format("{}: files are named by id only", ft.error().message()));
    // Dumps older than files.img keep one image per file type (reg-files.img, ...), which the table reads.
    else if (!d.source().exists("files.img") && (*ft)->all().size() == 0) t.warn("files.img is missing: files are named by id only");
}

}  // namespace img
