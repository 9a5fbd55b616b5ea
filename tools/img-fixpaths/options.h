// Options of img-fixpaths, bound to the command line by setup_fixpaths().
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

struct FixPathsToolOptions {
    std::string dump_dir;
    std::vector<std::string> branch_maps;
    std::vector<std::string> aufs_si;
    std::vector<std::string> dump_logs;
    std::vector<std::string> maps;
    std::optional<int32_t> mnt_id;
    bool print_map = false;
    bool dry_run = false;
    std::string out_dir;
    std::string backup_dir;
    bool no_backup = false;
    bool wait = false;
    bool no_verify = false;
    std::optional<std::string> root;
    bool json = false;
    bool quiet = false;
};

void setup_fixpaths(CLI::App& app, FixPathsToolOptions& o);
