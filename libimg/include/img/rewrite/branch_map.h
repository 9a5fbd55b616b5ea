// BranchMap: which path prefixes (AUFS branches, old roots) become which new
// prefixes. Longest prefix wins; a prefix matches only at a component boundary.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "img/support/error.h"

namespace img {

struct BranchMapping {
    std::string branch;   // absolute, no trailing slash (except "/")
    std::string target;   // absolute, no trailing slash (except "/")
    std::string origin;   // where it came from: "map.txt:3", "--map", "aufs-si br1", "log:120"
};

class BranchMap {
public:
    // Adds one mapping. Both must be absolute, without a NUL byte or a ".." component. A branch
    // already mapped to another target is an error; to the same, a no-op.
    Expected<void> add(std::string branch, std::string target, std::string origin);

    // Map file: "BRANCH TARGET" per line, '#' comments, octal escapes (\040) as in /proc/mounts.
    // Every bad line is an Error naming "file:line", in order; any leaves the map unchanged.
    std::vector<Error> add_map_text_all(std::string_view text, const std::string& file_name);
    std::vector<Error> add_map_file_all(const std::string& path);
    // The same, answering with the first error only.
    Expected<void> add_map_text(std::string_view text, const std::string& file_name);
    Expected<void> add_map_file(const std::string& path);
    // "OLD=NEW" as given to --map.
    Expected<void> add_assignment(std::string_view old_eq_new);
    // An AUFS branch listing (si_<id>/brN files holding "path=perm"): every branch maps to
    // `target`, the union's mount point ("/" for a container's root).
    Expected<void> add_aufs_si(const std::string& dir, const std::string& target = "/");
    // Branch lines CRIU writes in its dump log ("/sys/fs/aufs/si_<id>/brN : <path>"): each maps to "/".
    Expected<void> add_dump_log(const std::string& path);

    // The new path, or nullopt when no branch matches.
    std::optional<std::string> apply(std::string_view path) const;

    const std::vector<BranchMapping>& mappings() const { return maps_; }
    bool empty() const { return maps_.empty(); }

    // One line per mapping, escaped so that add_map_text reads it back.
    std::string to_text() const;

private:
    std::vector<BranchMapping> maps_;   // kept sorted by branch length, longest first
};

// Octal escapes of /proc/mounts: space, tab, newline and backslash as \040 \011 \012 \134, and a
// carriage return as \015 (the map reader takes it for a field separator).
std::string escape_map_path(std::string_view p);
std::optional<std::string> unescape_map_path(std::string_view p);

}  // namespace img
