#include "options.h"

void setup_encode(CLI::App& app, EncodeToolOptions& o) {
    app.description(
        "Turn crit-style JSON back into the CRIU image it describes, byte for byte.\n"
        "Accepts our JSON (img-show --json), CRIU 4.2 crit's, and older crit's (plain or --pretty).");
    app.add_option("-i,--input,JSON", o.input, "the JSON file to read, or - for standard input (default)");
    app.add_option("-o,--output", o.output,
                   "image file to write (atomically: written beside, synced, renamed), or - for stdout (default)");
    app.footer(
        "Exit status: 0 written; 2 usage error or invalid JSON (the message names the entry and field).\n"
        "Example:\n"
        "  img-show --json files.img > files.json; edit; img-encode -i files.json -o files.img\n"
        "See img-encode(1).");
}
