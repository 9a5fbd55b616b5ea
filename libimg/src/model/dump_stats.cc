#include "img/model/dump_stats.h"

#include <memory>

#include "img/model/checkpoint_archive.h"
#include "img/model/image_loader.h"

namespace img {

Expected<std::optional<cimg::DumpStatsEntry>> dump_stats(Checkpoint& d) {
    const DumpSource* src = &d.source();
    std::unique_ptr<DumpSource> beside;
    const ContainerMetadata* m = d.container();
    // Podman keeps stats-dump beside checkpoint/; an archive's was unpacked with the images.
    if (!src->exists("stats-dump") && m && !m->archive) {
        auto dir = DumpSource::open_dir(m->origin);
        if (!dir) return std::move(dir).error();
        beside = std::move(*dir);
        src = beside.get();
    }
    auto entries = load_entries<cimg::StatsEntry>(*src, "stats-dump");
    if (!entries) return std::move(entries).error();
    if (!*entries || (*entries)->empty() || !(**entries)[0].has_dump()) return std::optional<cimg::DumpStatsEntry>{};
    return std::optional<cimg::DumpStatsEntry>((**entries)[0].dump());
}

}  // namespace img
