#include "options.h"

void setup_show(CLI::App& app, ShowToolOptions& o) {
    app.description(
        "Show one CRIU image file: a readable view by default, or JSON identical to CRIU 4.2's\n"
        "`crit decode` (with --json) and `crit decode --pretty` (with --json --pretty).\n"
        "FILE may be '-' for standard input.");
    app.add_option("FILE", o.input, "image file (e.g. core-42.img, files.img), or - for stdin")->required();
    app.add_flag("--json", o.json, "print crit-compatible JSON ({\"magic\": ..., \"entries\": [...]})");
    app.add_flag("--pretty", o.pretty,
                 "with --json: indent, and show hex numbers, flag names, devices and addresses as crit --pretty does");
    app.add_flag("--info", o.info, "print the image kind, header and entry count without decoding messages");
    app.add_flag("--nopl", o.nopl, "do not print payload bytes, only their size (like crit show --nopl)");
    app.footer(
        "Exit status: 0 shown; 2 usage error or unreadable/corrupt input (the message names file, entry and offset).\n"
        "Examples:\n"
        "  img-show files.img                    readable view\n"
        "  img-show --json --pretty core-1.img   crit decode --pretty equivalent\n"
        "  img-show --json mm-1.img | img-encode -o mm-1.img.new   lossless round trip\n"
        "See img-show(1).");
}
