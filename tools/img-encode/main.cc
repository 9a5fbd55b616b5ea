// img-encode: parse options, call libimg, write.
#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

#include "img/io/atomic_file.h"
#include "common/exit_code.h"
#include "img/convert/image_json.h"
#include "common/command_line.h"
#include "options.h"

int main(int argc, char** argv) {
    CLI::App app{"", "img-encode"};
    EncodeToolOptions o;
    setup_encode(app, o);
    if (auto rc = parse_command_line(app, argc, argv)) return *rc;
    auto fail = [](const img::Error& e) {
        fmt::print(stderr, "img-encode: {}\n", e.message());
        return img::kExitError;
    };
    if (o.output == "-" && ::isatty(1)) {
        fmt::print(stderr, "img-encode: refusing to write binary image data to a terminal; use -o FILE or a pipe\n");
        return img::kExitError;
    }
    auto text = img::read_file(o.input);
    if (!text) return fail(text.error());
    auto bytes = img::encode_image_json(*text, o.input);
    if (!bytes) return fail(bytes.error());
    auto w = img::write_file_atomic(o.output, *bytes);
    if (!w) return fail(w.error());
    return img::kExitOk;
}
