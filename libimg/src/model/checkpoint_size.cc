// A plain dump directory is counted from the directory; a container checkpoint was counted when it
// was opened (an archive's sizes are the ones its headers declare: pages are not unpacked to count).
#include "img/model/checkpoint_size.h"

#include <sys/stat.h>

#include "img/model/checkpoint.h"
#include "img/model/checkpoint_archive.h"

namespace img {

CheckpointSize checkpoint_size(const Checkpoint& d) {
    if (const ContainerMetadata* m = d.container()) return m->size;
    CheckpointSize size;
    for (const auto& name : d.source().list()) {
        struct stat st {};
        if (::lstat(d.source().path_of(name).c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
        ++size.files;
        size.bytes += static_cast<uint64_t>(st.st_size);
        if (name.starts_with("pages-")) size.pages += static_cast<uint64_t>(st.st_size);
    }
    return size;
}

}  // namespace img
