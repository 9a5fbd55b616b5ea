#include "fuzz_targets.h"

std::span<const FuzzTarget> fuzz_targets() {
    static const FuzzTarget kTargets[] = {
        {"image", fuzz_image_input},
        {"map", fuzz_map_input},
        {"archive", fuzz_archive_input},
    };
    return kTargets;
}
