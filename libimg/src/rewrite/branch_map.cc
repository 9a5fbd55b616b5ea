#include "img/rewrite/branch_map.h"

#include <dirent.h>

#include <algorithm>
#include <charconv>
#include <fmt/format.h>

#include "img/io/atomic_file.h"

namespace img {

namespace {

std::string normalize(std::string p) {
    while (p.size() > 1 && p.back() == '/') p.pop_back();
    return p;
}

Error map_error(const std::string& where, std::string what) {
    Error e; e.file = where; e.what = std::move(what); return e;
}

// A map path as it can be shown on one line: a NUL byte as its escape.
std::string shown(std::string_view p) {
    std::string o;
    for (char c : p) {
        if (c == '\0') o += "\\000";
        else o.push_back(c);
    }
    return o;
}

bool has_dotdot(std::string_view p) {
    for (size_t i = 0; i <= p.size();) {
        size_t j = p.find('/', i);
        if (j == std::string_view::npos) j = p.size();
        if (p.substr(i, j - i) == "..") return true;
        i = j + 1;
    }
    return false;
}

// Why a branch or target cannot be used ("" when it can): no path holds a NUL byte, and a
// ".." component would make the rewritten path name something else than it says.
std::string unusable(const char* role, std::string_view p) {
    if (p.empty() || p[0] != '/') return fmt::format("{} '{}' is not an absolute path", role, shown(p));
    if (p.find('\0') != std::string_view::npos) return fmt::format("{} '{}' holds a NUL byte", role, shown(p));
    if (has_dotdot(p)) return fmt::format("{} '{}' has a '..' component", role, shown(p));
    return {};
}

// A map line's fields: split on white space; a field starting with '#' starts a comment.
std::vector<std::string_view> split_map_line(std::string_view line) {
    std::vector<std::string_view> tok;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
        if (i >= line.size() || line[i] == '#') break;
        size_t j = i;
        while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r') ++j;
        tok.push_back(line.substr(i, j - i));
        i = j;
    }
    return tok;
}

}  // namespace

std::string escape_map_path(std::string_view p) {
    std::string o;
    for (char c : p) {
        switch (c) {
        case ' ': o += "\\040"; break;
        case '\t': o += "\\011"; break;
        case '\n': o += "\\012"; break;
        case '\r': o += "\\015"; break;   // the map reader splits fields at a carriage return too
        case '\\': o += "\\134"; break;
        default: o.push_back(c);
        }
    }
    return o;
}

std::optional<std::string> unescape_map_path(std::string_view p) {
    std::string o;
    for (size_t i = 0; i < p.size(); ++i) {
        if (p[i] != '\\') { o.push_back(p[i]); continue; }
        if (i + 3 >= p.size() + 1 || i + 3 > p.size() - 1) return std::nullopt;
        int v = 0;
        for (int k = 1; k <= 3; ++k) {
            char d = p[i + static_cast<size_t>(k)];
            if (d < '0' || d > '7') return std::nullopt;
            v = v * 8 + (d - '0');
        }
        if (v > 255) return std::nullopt;
        o.push_back(static_cast<char>(v));
        i += 3;
    }
    return o;
}

Expected<void> BranchMap::add(std::string branch, std::string target, std::string origin) {
    if (std::string why = unusable("branch", branch); !why.empty()) return map_error(origin, why);
    if (std::string why = unusable("target", target); !why.empty()) return map_error(origin, why);
    branch = normalize(std::move(branch));
    target = normalize(std::move(target));
    for (const auto& m : maps_) {
        if (m.branch != branch) continue;
        if (m.target == target) return {};
        return map_error(origin, fmt::format("branch '{}' is already mapped to '{}' ({})", shown(branch), shown(m.target), m.origin));
    }
    maps_.push_back(BranchMapping{std::move(branch), std::move(target), std::move(origin)});
    std::stable_sort(maps_.begin(), maps_.end(),
                     [](const BranchMapping& a, const BranchMapping& b) { return a.branch.size() > b.branch.size(); });
    return {};
}

std::vector<Error> BranchMap::add_map_text_all(std::string_view text, const std::string& file) {
    BranchMap staged = *this;
    std::vector<std::string> seen;
    std::vector<Error> errors;
    size_t lineno = 0;
    while (!text.empty()) {
        ++lineno;
        size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        auto tok = split_map_line(line);
        if (tok.empty()) continue;
        std::string where = fmt::format("{}:{}", file, lineno);
        if (tok.size() != 2) {
            errors.push_back(map_error(where, fmt::format("expected 'BRANCH TARGET', found {} field{}", tok.size(),
                                                          tok.size() == 1 ? "" : "s")));
            continue;
        }
        auto b = unescape_map_path(tok[0]);
        auto t = unescape_map_path(tok[1]);
        if (!b || !t) {
            errors.push_back(map_error(where, "bad escape (use \\040 for space, \\011 tab, \\012 newline, \\134 backslash)"));
            continue;
        }
        std::string nb = normalize(*b);
        if (std::find(seen.begin(), seen.end(), nb) != seen.end()) {
            errors.push_back(map_error(where, fmt::format("branch '{}' is listed twice", shown(nb))));
            continue;
        }
        seen.push_back(nb);
        if (auto ok = staged.add(std::move(*b), std::move(*t), where); !ok) errors.push_back(std::move(ok).error());
    }
    if (errors.empty()) *this = std::move(staged);
    return errors;
}

Expected<void> BranchMap::add_map_text(std::string_view text, const std::string& file) {
    auto errors = add_map_text_all(text, file);
    if (errors.empty()) return {};
    return std::move(errors.front());
}

std::vector<Error> BranchMap::add_map_file_all(const std::string& path) {
    auto text = read_file(path);
    if (!text) return {std::move(text).error()};
    return add_map_text_all(*text, path);
}

Expected<void> BranchMap::add_map_file(const std::string& path) {
    auto errors = add_map_file_all(path);
    if (errors.empty()) return {};
    return std::move(errors.front());
}

Expected<void> BranchMap::add_assignment(std::string_view s) {
    size_t eq = s.find('=');
    if (eq == std::string_view::npos) return map_error("--map", fmt::format("'{}' is not OLD=NEW", s));
    auto b = unescape_map_path(s.substr(0, eq));
    auto t = unescape_map_path(s.substr(eq + 1));
    if (!b || !t) return map_error("--map", "bad escape");
    return add(std::move(*b), std::move(*t), fmt::format("--map {}", s));
}

// AUFS numbers a mount's branches from 0 up to its compile-time maximum (32767).
constexpr int kMaxAufsBranch = 32767;

Expected<void> BranchMap::add_aufs_si(const std::string& dir, const std::string& target) {
    DIR* d = ::opendir(dir.c_str());
    if (!d) { Error e; e.file = dir; e.what = "cannot open the AUFS branch listing directory"; return e; }
    std::vector<std::pair<int, std::string>> brs;
    while (dirent* de = ::readdir(d)) {
        std::string n = de->d_name;
        if (n.size() < 3 || n.compare(0, 2, "br") != 0) continue;
        if (!std::all_of(n.begin() + 2, n.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
        int index = 0;
        auto [end, ec] = std::from_chars(n.data() + 2, n.data() + n.size(), index);
        if (ec != std::errc() || index > kMaxAufsBranch) {
            ::closedir(d);
            Error e; e.file = dir + "/" + n;
            e.what = fmt::format("not an AUFS branch file: AUFS numbers branches 0 to {}", kMaxAufsBranch);
            return e;
        }
        brs.emplace_back(index, n);
    }
    ::closedir(d);
    if (brs.empty()) { Error e; e.file = dir; e.what = "no br<N> files: not an AUFS si_<id> listing"; return e; }
    std::sort(brs.begin(), brs.end());
    BranchMap staged = *this;
    for (auto& [n, name] : brs) {
        std::string path = dir + "/" + name;
        auto text = read_file(path);
        if (!text) return std::move(text).error();
        std::string line = text->substr(0, text->find('\n'));
        size_t eq = line.rfind('=');
        std::string branch = eq == std::string::npos ? line : line.substr(0, eq);
        auto ok = staged.add(branch, target, fmt::format("{} (aufs branch {})", path, n));
        if (!ok) return ok;
    }
    *this = std::move(staged);
    return {};
}

Expected<void> BranchMap::add_dump_log(const std::string& path) {
    auto text = read_file(path);
    if (!text) return std::move(text).error();
    BranchMap staged = *this;
    std::string_view t = *text;
    size_t lineno = 0;
    int found = 0;
    while (!t.empty()) {
        ++lineno;
        size_t nl = t.find('\n');
        std::string_view line = t.substr(0, nl);
        t = nl == std::string_view::npos ? std::string_view{} : t.substr(nl + 1);
        size_t si = line.find("/sys/fs/aufs/si_");
        if (si == std::string_view::npos) continue;
        size_t br = line.find("/br", si);
        size_t sep = line.find(" : ", si);
        if (br == std::string_view::npos || sep == std::string_view::npos || br > sep) continue;
        std::string branch(line.substr(sep + 3));
        while (!branch.empty() && (branch.back() == ' ' || branch.back() == '\r')) branch.pop_back();
        if (size_t eq = branch.rfind('='); eq != std::string::npos && branch.find('/', eq) == std::string::npos)
            branch.resize(eq);
        auto ok = staged.add(branch, "/", fmt::format("{}:{}", path, lineno));
        if (!ok) return ok;
        ++found;
    }
    if (!found) { Error e; e.file = path; e.what = "no AUFS branch lines (/sys/fs/aufs/si_<id>/brN : PATH) in this log"; return e; }
    *this = std::move(staged);
    return {};
}

std::optional<std::string> BranchMap::apply(std::string_view path) const {
    for (const auto& m : maps_) {
        const std::string& b = m.branch;
        if (b == "/") {
            if (path.empty() || path[0] != '/') continue;
        } else if (path.size() < b.size() || path.compare(0, b.size(), b) != 0 ||
                   (path.size() > b.size() && path[b.size()] != '/')) {
            continue;
        }
        std::string_view rest = b == "/" ? path : path.substr(b.size());   // "" or "/..."
        if (rest == "/") rest = "";
        if (m.target == "/") return rest.empty() ? std::string("/") : std::string(rest);
        return m.target + std::string(rest);
    }
    return std::nullopt;
}

std::string BranchMap::to_text() const {
    std::string s;
    // The origin quotes what the user gave (an --map value may hold a newline): escaped too, so the
    // comment stays on its line and the text reads back.
    for (const auto& m : maps_)
        s += fmt::format("{} {}\t# {}\n", escape_map_path(m.branch), escape_map_path(m.target), escape_map_path(m.origin));
    return s;
}

}  // namespace img
