// Options of img-verify, bound to the command line by setup_verify().
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "common/command_line.h"

struct VerifyToolOptions {
    std::string dump_dir;
    std::string root = "/";
    bool no_root = false;
    bool json = false;
    bool quiet = false;
    bool hash = false;
    ArchiveToolOptions archive;           // --max-unpacked
};

void setup_verify(CLI::App& app, VerifyToolOptions& o);
