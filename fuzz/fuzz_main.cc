// libFuzzer entry point, built once per target with IMG_FUZZ_RUN naming its function
// (fuzz/CMakeLists.txt); the work is in fuzz_<name>_input.cc, which the replay test runs too.
#include <cstddef>
#include <cstdint>

#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    IMG_FUZZ_RUN(data, size);
    return 0;
}
