#include "harness/corpus.h"

#include <algorithm>
#include <filesystem>

#include "img/io/image_kind.h"
#include "harness/paths.h"

namespace img::test {

namespace fs = std::filesystem;

std::optional<std::string> CorpusImage::crit_json_path(bool pretty) const {
    if (placeholder()) return std::nullopt;
    auto shared = shared_dir();
    if (!shared) return std::nullopt;
    std::string p = *shared + "/criu-json/" + dir + "/" + name + (pretty ? ".pretty.json" : ".json");
    if (!file_exists(p)) return std::nullopt;
    return p;
}

std::string CorpusImage::test_name() const {
    if (placeholder()) return "shared_corpus_missing";
    std::string s = set + "_" + dir + "_" + name;
    for (char& c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) c = '_';
    return s;
}

std::ostream& operator<<(std::ostream& os, const CorpusImage& c) {
    return os << (c.placeholder() ? std::string("<no shared corpus>") : c.path);
}

std::vector<CorpusImage> list_images(const std::string& root, const std::string& set) {
    std::vector<CorpusImage> out;
    std::error_code ec;
    if (!dir_exists(root)) return out;
    for (const auto& d : fs::directory_iterator(root, ec)) {
        if (!d.is_directory()) continue;
        for (const auto& f : fs::directory_iterator(d.path(), ec)) {
            if (!f.is_regular_file()) continue;
            std::string name = f.path().filename().string();
            bool image = name.ends_with(".img") || name.starts_with("stats-");
            if (!image) continue;
            const ImageKind* k = kind_by_file_name(name);
            if (k && k->header == HeaderClass::Raw) continue;   // pages-*.img and friends
            out.push_back({set, d.path().filename().string(), name, f.path().string()});
        }
    }
    std::sort(out.begin(), out.end(), [](const CorpusImage& a, const CorpusImage& b) {
        return std::tie(a.dir, a.name) < std::tie(b.dir, b.name);
    });
    return out;
}

std::vector<CorpusImage> captured_images() { return list_images(captured_dir(), "captured"); }

std::vector<CorpusImage> shared_images() {
    auto s = shared_dir();
    if (!s) return {};
    return list_images(*s + "/criu-images", "shared");
}

std::vector<CorpusImage> shared_images_or_placeholder() {
    auto v = shared_images();
    if (v.empty()) v.push_back(CorpusImage{});
    return v;
}

}  // namespace img::test
