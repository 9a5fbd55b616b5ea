#include "sparse_dump.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <functional>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "img/convert/image_json.h"
#include "harness/paths.h"

namespace img::test {

namespace {

// crit 4.2's JSON of one image of the sleep dump, changed by `edit`, encoded into dir/name.
bool rewrite(const std::string& shared, const std::string& dir, const std::string& name,
             const std::function<void(nlohmann::json&)>& edit) {
    auto j = nlohmann::json::parse(slurp(shared + "/criu-json/sleep/" + name + ".json"), nullptr, false);
    if (j.is_discarded()) { ADD_FAILURE() << "crit JSON of " << name << " unreadable"; return false; }
    edit(j);
    auto bytes = encode_image_json(j.dump(), name);
    if (!bytes) { ADD_FAILURE() << bytes.error().message(); return false; }
    spit(dir + "/" + name, *bytes);
    return true;
}

bool pwrite_all(int fd, const std::string& data, uint64_t off) {
    return ::pwrite(fd, data.data(), data.size(), static_cast<off_t>(off)) == static_cast<ssize_t>(data.size());
}

}  // namespace

std::optional<SparseDump> make_sparse_dump(const std::string& dir, uint64_t hole, const std::string& head,
                                           const std::string& tail) {
    auto shared = shared_dir();
    if (!shared) { ADD_FAILURE() << shared_missing_reason(); return std::nullopt; }
    SparseDump d;
    d.dir = dir;
    d.hole = hole;
    const std::string from = *shared + "/criu-images/sleep";
    if (std::system(("cp -r '" + from + "' '" + dir + "'").c_str()) != 0) { ADD_FAILURE() << "cp " << from; return std::nullopt; }
    const uint64_t pages = 2 + hole / 4096;
    bool ok = rewrite(*shared, dir, "mm-13181.img", [&](nlohmann::json& j) {
        auto& vmas = j["entries"][0]["vmas"];
        vmas.insert(vmas.begin(), nlohmann::json{{"start", SparseDump::kVma}, {"end", SparseDump::kVma + pages * 4096},
                                                 {"pgoff", 0}, {"shmid", 0}, {"prot", 3}, {"flags", 34},
                                                 {"status", 513}, {"fd", -1}, {"fdflags", 0}});
    });
    ok = ok && rewrite(*shared, dir, "pagemap-13181.img", [&](nlohmann::json& j) {
        auto& e = j["entries"];
        e.insert(e.begin() + 1, nlohmann::json{{"vaddr", SparseDump::kVma}, {"compat_nr_pages", 0}, {"flags", 4},
                                               {"nr_pages", pages}});
    });
    if (!ok) return std::nullopt;
    // pages-1.img: the new VMA's pages first (head page, hole, tail page), then the original pages.
    std::string original = slurp(from + "/pages-1.img");
    std::string head_page(4096 - head.size(), 'h');
    head_page += head;
    std::string tail_page = tail + std::string(4096 - tail.size(), 't');
    int fd = ::open((dir + "/pages-1.img").c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    ok = fd >= 0 && pwrite_all(fd, head_page, 0) && pwrite_all(fd, tail_page, 4096 + hole) &&
         pwrite_all(fd, original, 8192 + hole);
    if (fd >= 0) ::close(fd);
    if (!ok) { ADD_FAILURE() << "cannot write the sparse pages file"; return std::nullopt; }
    return d;
}

}  // namespace img::test
