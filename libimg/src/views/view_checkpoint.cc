// checkpoint: the checkpoint as a whole, as checkpointctl inspects a container checkpoint: the
// container it came from (engine, name, image, network, sizes), its network interfaces, the mounts
// of its OCI spec, the files deleted from its root, CRIU's dump statistics and the buffer sizes of
// its sockets. A plain dump directory shows its sizes, statistics and socket buffers. No rows: the
// facts and lists are the table's `about`.
#include "img/model/checkpoint_size.h"
#include "img/views/views.h"
#include "container_about.h"

namespace img {

Expected<Table> view_checkpoint(Checkpoint& d, const ViewOptions& o) {
    // The whole checkpoint whatever --pid says, but a pid it does not hold is an error, as in every view.
    if (auto ok = check_view_options(d, o); !ok) return std::move(ok).error();
    Table t;
    t.name = "checkpoint";
    TableAbout a = checkpoint_facts(d.container(), checkpoint_size(d), "checkpoint", d.container() ? "Container" : "Dump");
    if (auto ok = add_checkpoint_lists(a, t, d); !ok) return std::move(ok).error();
    t.about = std::move(a);
    return t;
}

}  // namespace img
