// Branch maps from untrusted text: a map file, an --map assignment, a CRIU dump log and an
// AUFS si_ listing built from the input's lines. A map that parses must print back
// (to_text) into the same mappings, and each branch must map to its own target.
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

#include "fuzz_scratch.h"
#include "fuzz_targets.h"
#include "img/rewrite/branch_map.h"

namespace {

[[noreturn]] void broken(const char* what) {
    std::fprintf(stderr, "fuzz_map_input: %s\n", what);
    std::abort();
}

void check_round_trip(const img::BranchMap& m) {
    img::BranchMap again;
    if (!again.add_map_text(m.to_text(), "to_text")) broken("to_text() does not parse back");
    if (again.mappings().size() != m.mappings().size()) broken("to_text() lost or added mappings");
    for (const auto& x : m.mappings()) {
        auto t = again.apply(x.branch);
        if (!t || *t != x.target) broken("a branch printed by to_text() maps elsewhere when read back");
        auto own = m.apply(x.branch);
        if (!own || *own != x.target) broken("a branch does not map to its own target");
    }
}

const FuzzScratch& scratch() {
    static const FuzzScratch s("fuzz-map");
    return s;
}

void write_file(const std::string& path, std::string_view bytes) {
    if (FILE* f = std::fopen(path.c_str(), "wb")) {
        std::fwrite(bytes.data(), 1, bytes.size(), f);
        std::fclose(f);
    }
}

// Lines "N TEXT" become files brN holding TEXT, as /sys/fs/aufs/si_<id>/ has them.
void as_aufs_listing(std::string_view text) {
    const std::string dir = scratch().path("si");
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    std::filesystem::create_directory(dir, ec);
    for (int n = 0; !text.empty() && n < 16; ++n) {
        size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        size_t sp = line.find(' ');
        if (sp == std::string_view::npos || sp == 0 || sp > 24) continue;
        std::string name(line.substr(0, sp));
        if (name.find('/') != std::string::npos || name == "." || name == "..") continue;
        write_file(dir + "/" + name, line.substr(sp + 1));
    }
    img::BranchMap m;
    if (m.add_aufs_si(dir)) check_round_trip(m);
}

}  // namespace

void fuzz_map_input(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    img::BranchMap m;
    if (m.add_map_text(text, "fuzz.map")) check_round_trip(m);
    img::BranchMap a;
    if (a.add_assignment(text)) check_round_trip(a);
    const std::string log = scratch().path("dump.log");
    write_file(log, text);
    img::BranchMap l;
    if (l.add_dump_log(log)) check_round_trip(l);
    as_aufs_listing(text);
}
