// Sizes and times are numbers in JSON (bytes, microseconds) and readable in text ("1.2 MiB",
// "3.042 ms"); every key is spelled here once, for the overview and the checkpoint view alike.
#include "container_about.h"

#include <optional>

#include <fmt/format.h>

#include "img/model/container_info.h"
#include "img/model/dump_stats.h"
#include "img/model/socket_buffers.h"
#include "img/support/display.h"
#include "table_cells.h"

namespace img {

namespace {

// CRIU counts its dump times in microseconds.
Cell micros(uint32_t us) {
    if (us < 1000) return Cell::shown(Cell(us), fmt::format("{} µs", us));
    if (us < 1000000) return Cell::shown(Cell(us), fmt::format("{:.3f} ms", us / 1e3));
    return Cell::shown(Cell(us), fmt::format("{:.3f} s", us / 1e6));
}

Cell text(const std::string& s) { return s.empty() ? Cell() : Cell(display_text(s)); }

Cell texts(const std::vector<std::string>& v, std::string_view sep) {
    std::vector<std::string> shown;
    for (const auto& s : v) shown.push_back(display_text(s));
    return joined(std::move(shown), sep);
}

// What the text prints for the images of a checkpoint with metadata only; nothing otherwise.
Cell images_absent(bool absent) {
    return absent ? Cell::shown(Cell(true), "absent (checkpoint/ is empty): only the metadata is shown")
                  : Cell::shown(Cell(false), "-");
}

std::vector<Cell> container_values(const ContainerMetadata& m, const ContainerInfo& ci) {
    return {text(ci.name), text(m.id()), text(m.image()), Cell(std::string(engine_name(ci.engine))),
            text(ci.created), text(m.checkpointed()), text(m.runtime()), text(ci.pod), text(ci.pod_namespace),
            texts(ci.ips, ", "), texts(ci.macs, ", "), texts(m.args(), " "), text(m.root()),
            images_absent(m.images_absent())};
}

AboutList network_list(const ContainerInfo& ci) {
    AboutList l{"networks", "Network interfaces (network.status)",
                {{"network", "NETWORK"}, {"interface", "INTERFACE"}, {"addresses", "IP"}, {"mac", "MAC"},
                 {"gateways", "GATEWAY"}}, {}, false};
    for (const auto& n : ci.interfaces)
        l.rows.push_back({text(n.network), text(n.interface), texts(n.addresses, ", "), text(n.mac),
                          texts(n.gateways, ", ")});
    return l;
}

AboutList mount_list(const ContainerInfo& ci) {
    AboutList l{"mounts", "Mounts (spec.dump)",
                {{"destination", "DESTINATION"}, {"type", "TYPE"}, {"source", "SOURCE"}, {"options", "OPTIONS"}},
                {}, false};
    for (const auto& m : ci.mounts)
        l.rows.push_back({text(m.destination), text(m.type), text(m.source), texts(m.options, ",")});
    return l;
}

AboutList deleted_list(const ContainerInfo& ci) {
    AboutList l{"deleted_files", "Deleted files (deleted.files)", {{"path", "PATH"}}, {}, false};
    for (const auto& p : ci.deleted_files) l.rows.push_back({text(p)});
    return l;
}

AboutList stats_list(const std::optional<cimg::DumpStatsEntry>& s) {
    AboutList l{"dump_stats", "Dump statistics (stats-dump)",
                {{"freezing_time_us", "FREEZING", true}, {"frozen_time_us", "FROZEN", true},
                 {"memdump_time_us", "MEMDUMP", true}, {"memwrite_time_us", "MEMWRITE", true},
                 {"pages_scanned", "PAGES SCANNED", true}, {"pages_written", "PAGES WRITTEN", true}},
                {}, true};
    if (s)
        l.rows.push_back({micros(s->freezing_time()), micros(s->frozen_time()), micros(s->memdump_time()),
                          micros(s->memwrite_time()), Cell(uint64_t{s->pages_scanned()}),
                          Cell(uint64_t{s->pages_written()})});
    return l;
}

AboutList socket_list(const std::vector<SocketBuffers>& sks) {
    AboutList l{"socket_buffers", "Socket buffers (SO_SNDBUF, SO_RCVBUF)",
                {{"id", "ID", true}, {"ino", "INO", true}, {"family", "FAMILY"}, {"sndbuf", "SNDBUF", true},
                 {"rcvbuf", "RCVBUF", true}}, {}, false};
    for (const auto& s : sks)
        l.rows.push_back({Cell(s.id), s.ino ? Cell(s.ino) : Cell(), Cell(std::string(s.family)), byte_size(s.sndbuf),
                          byte_size(s.rcvbuf)});
    return l;
}

}  // namespace

TableAbout checkpoint_facts(const ContainerMetadata* m, const CheckpointSize& size, std::string key, std::string title) {
    TableAbout a;
    a.key = std::move(key);
    a.title = std::move(title);
    a.fields = {{"name", "name"},       {"id", "id"},           {"image", "image"},
                {"engine", "engine"},   {"created", "created"}, {"checkpointed", "checkpointed"},
                {"runtime", "runtime"}, {"pod", "pod"},         {"namespace", "namespace"},
                {"ip", "ip"},           {"mac", "mac"},         {"args", "args"},
                {"root", "root"},       {"images_absent", "images"},
                {"checkpoint_size", "checkpoint size"}, {"pages_size", "memory pages"},
                {"rootfs_diff_size", "root-fs diff"},   {"source", "from"},
                {"archive", "archive"}, {"warnings", "warnings"}};
    std::optional<ContainerInfo> ci;
    if (m) ci = container_info(*m);
    a.values = m ? container_values(*m, *ci) : std::vector<Cell>(14);
    a.values.insert(a.values.end(), {byte_size(size.bytes), byte_size(size.pages),
                                     size.rootfs_diff ? byte_size(*size.rootfs_diff) : Cell()});
    if (!m) {
        a.values.insert(a.values.end(), {Cell(), Cell(false), Cell(std::vector<std::string>{})});
        return a;
    }
    std::vector<std::string> warnings = m->warnings;
    warnings.insert(warnings.end(), ci->warnings.begin(), ci->warnings.end());
    a.values.insert(a.values.end(), {text(m->origin), Cell(m->archive), Cell(warnings)});
    return a;
}

Expected<void> add_checkpoint_lists(TableAbout& a, Table& t, Checkpoint& d) {
    ContainerInfo ci;
    if (const ContainerMetadata* m = d.container()) ci = container_info(*m);
    a.lists = {network_list(ci), mount_list(ci), deleted_list(ci)};
    auto stats = dump_stats(d);
    if (!stats) t.warn(fmt::format("{}; no dump statistics", stats.error().message()));
    a.lists.push_back(stats_list(stats ? *stats : std::nullopt));
    auto sks = socket_buffers(d);
    if (!sks) return std::move(sks).error();
    a.lists.push_back(socket_list(*sks));
    return {};
}

void warn_images_absent(Table& t, const Checkpoint& d) {
    if (const ContainerMetadata* m = d.container(); m && m->images_absent())
        t.warn("checkpoint/ holds no images: only the container's metadata is shown");
}

}  // namespace img
