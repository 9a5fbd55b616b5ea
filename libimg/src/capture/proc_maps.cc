#include "proc_maps.h"

#include <cstdio>
#include <cstdlib>
#include <sstream>

#include <fmt/format.h>

namespace img {

bool MappedArea::has_flag(std::string_view f) const {
    for (const auto& v : vm_flags) if (v == f) return true;
    return false;
}

namespace {

bool is_hex_range(std::string_view w) {
    size_t dash = w.find('-');
    return dash != std::string_view::npos && dash > 0 && w.find_first_not_of("0123456789abcdef-") == std::string_view::npos;
}

Expected<MappedArea> parse_area_line(const std::string& line, size_t line_no) {
    MappedArea a;
    char perms[8] = {};
    unsigned long long start, end, off, ino;
    unsigned maj, min;
    int name_at = 0;
    if (std::sscanf(line.c_str(), "%llx-%llx %7s %llx %x:%x %llu %n", &start, &end, perms, &off, &maj, &min, &ino, &name_at) < 7)
        return make_error(fmt::format("line {}: not a maps line", line_no));
    a.start = start; a.end = end; a.pgoff = off; a.dev_major = maj; a.dev_minor = min; a.inode = ino;
    a.read = perms[0] == 'r'; a.write = perms[1] == 'w'; a.exec = perms[2] == 'x'; a.shared = perms[3] == 's';
    if (name_at > 0 && size_t(name_at) < line.size()) a.path = line.substr(size_t(name_at));
    if (a.end <= a.start || (a.start & 4095) || (a.end & 4095))
        return make_error(fmt::format("line {}: bad range {:x}-{:x}", line_no, a.start, a.end));
    return a;
}

}  // namespace

Expected<std::vector<MappedArea>> parse_proc_maps(const std::string& text) {
    std::vector<MappedArea> out;
    std::istringstream in(text);
    size_t line_no = 0;
    for (std::string line; std::getline(in, line);) {
        ++line_no;
        std::string_view first(line.data(), std::min(line.find(' '), line.size()));
        if (is_hex_range(first)) {
            auto a = parse_area_line(line, line_no);
            if (!a) return a.error();
            out.push_back(std::move(*a));
        } else if (line.rfind("VmFlags:", 0) == 0 && !out.empty()) {
            std::istringstream fl(line.substr(8));
            for (std::string f; fl >> f;) out.back().vm_flags.push_back(f);
        }
    }
    return out;
}

}  // namespace img
