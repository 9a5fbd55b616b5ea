// The readers the fuzzers drive, one libFuzzer target each: the image reader and JSON
// encoder, branch maps, checkpoint archives. Shared by the targets (fuzz_main.cc) and the
// corpus replay test, so both run the same code; each keeps its corpus in fuzz/corpus/<name>/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

// Bytes as an image file (every way img-show prints one) and as img-encode's JSON.
void fuzz_image_input(const uint8_t* data, size_t size);
// Bytes as a branch map, an --map assignment, a CRIU dump log and an AUFS si_ listing.
void fuzz_map_input(const uint8_t* data, size_t size);
// Bytes as a checkpoint archive: opened, listed, its images loaded and one memory page read.
void fuzz_archive_input(const uint8_t* data, size_t size);

struct FuzzTarget {
    const char* name;   // fuzz_<name> is the libFuzzer binary, fuzz/corpus/<name>/ its corpus
    void (*run)(const uint8_t* data, size_t size);
};

std::span<const FuzzTarget> fuzz_targets();
