// libFuzzer entry point; the work is in fuzz_one_input.cc so the corpus replay test
// (tests/fuzz_replay) runs the very same code in an ordinary build.
#include <cstddef>
#include <cstdint>

#include "fuzz_one_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fuzz_one_input(data, size);
    return 0;
}
