// fuzz_one_input: everything one fuzzer input is pushed through (image reader, the JSON
// renderer in each mode, image_info, and the JSON-to-image encoder). Shared by the
// libFuzzer entry point and the corpus replay test, so both exercise the same code.
#pragma once

#include <cstddef>
#include <cstdint>

void fuzz_one_input(const uint8_t* data, size_t size);
