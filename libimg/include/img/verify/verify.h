// verify_dump: proves a checkpoint is whole (structure, cross-references,
// pages) and predicts whether a restore under a given root will find its files.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "img/support/error.h"
#include "img/support/progress.h"

namespace img {

// Error: the restore fails; Warning: it may fail or differ; Info: a note, not a problem (written
// "note": a device node the restore host's /dev provides, an image kind we do not read).
enum class Severity { Error, Warning, Info };

struct Finding {
    Severity severity = Severity::Error;
    std::string check;     // "structure", "consistency", "pages", "restore"
    std::string image;     // file name in the dump ("" when dump-wide)
    int64_t entry = -1;
    std::string message;   // restore checks quote CRIU's own words
};

struct ImageDigest {
    std::string image;
    std::string sha256;                 // of the whole file
    struct Run { uint64_t vaddr = 0; uint64_t nr_pages = 0; std::string sha256; };
    std::vector<Run> runs;              // for pages files: one per present pagemap run
    std::string pagemap;                // the pagemap describing those runs
};

struct VerifyOptions {
    std::string root = "/";     // the root a restore would use (criu restore --root)
    bool check_root = true;     // restore readiness against `root`
    bool hash = false;          // SHA-256 per image and per page run
    ProgressFn progress;        // hashing progress, bytes
};

struct VerifyReport {
    std::vector<Finding> findings;
    std::vector<ImageDigest> digests;
    size_t images = 0;          // images read
    size_t tasks = 0;
    size_t files_checked = 0;   // regular files looked up under the root
    size_t count(Severity s) const;
    bool ok() const { return count(Severity::Error) == 0; }
};

// Only an unreadable dump, or a folder that holds no dump at all (require_dump), is an Error;
// everything wrong inside a dump is a Finding.
Expected<VerifyReport> verify_dump(const std::string& dir, const VerifyOptions& opt);

const char* severity_name(Severity s);

}  // namespace img
