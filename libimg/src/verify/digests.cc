// --hash: SHA-256 of every image and of every present page run, for forensic
// records. A pages file is hashed whole on one thread and run by run on another,
// so the run digests cost no extra wall time on a two-core machine.
#include <map>
#include <thread>

#include "crypto_api.h"
#include "img/mapped_file.h"
#include "img/pagemap_reader.h"
#include "verify_context.h"

namespace img::verify {

namespace {

class Sha256 {
public:
    explicit Sha256(const CryptoApi& c) : c_(c), ctx_(c.md_ctx_new()) { c_.digest_init(ctx_, c_.sha256(), nullptr); }
    ~Sha256() { c_.md_ctx_free(ctx_); }
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(Bytes b) { c_.digest_update(ctx_, b.data(), b.size()); }
    std::string hex() {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned n = 0;
        c_.digest_final(ctx_, md, &n);
        static const char* h = "0123456789abcdef";
        std::string s;
        for (unsigned i = 0; i < n; ++i) { s.push_back(h[md[i] >> 4]); s.push_back(h[md[i] & 15]); }
        return s;
    }
private:
    const CryptoApi& c_;
    EVP_MD_CTX* ctx_;
};

constexpr size_t kChunk = 8u << 20;

}  // namespace

void compute_digests(VerifyContext& cx) {
    auto api = crypto_api();
    if (!api) { cx.add_error("hash", api.error()); return; }
    const CryptoApi& crypto = **api;
    const DumpSource& src = cx.dump.source();
    std::vector<std::string> names;
    uint64_t total = 0;
    for (const auto& n : src.list()) {
        auto f = MappedFile::open(src.path_of(n));
        if (!f) continue;
        names.push_back(n);
        total += f->bytes().size();
    }
    // Which pagemap describes each pages file.
    std::map<std::string, std::unique_ptr<PagemapReader>> by_pages;
    for (const auto& n : names)
        if (n.rfind("pagemap-", 0) == 0)
            if (auto pm = PagemapReader::open(src, n); pm) by_pages[(*pm)->pages_file()] = std::move(*pm);

    uint64_t done = 0;
    for (const auto& n : names) {
        auto f = MappedFile::open(src.path_of(n));
        if (!f) continue;
        Bytes b = f->bytes();
        ImageDigest dg;
        dg.image = n;
        auto pm = by_pages.find(n);
        std::thread runs_thread;
        if (pm != by_pages.end()) {
            dg.pagemap = pm->second->name();
            runs_thread = std::thread([&dg, &pm, &crypto] {
                for (const auto& r : pm->second->runs()) {
                    if (!(r.flags & kPePresent)) continue;
                    Sha256 h(crypto);
                    h.update(pm->second->run_bytes(r));
                    dg.runs.push_back(ImageDigest::Run{r.start, r.nr_pages, h.hex()});
                }
            });
        }
        Sha256 whole(crypto);
        for (size_t off = 0; off < b.size(); off += kChunk) {
            Bytes part = b.subspan(off, std::min(kChunk, b.size() - off));
            whole.update(part);
            done += part.size();
            if (cx.opt.progress) cx.opt.progress(done, total);
        }
        dg.sha256 = whole.hex();
        if (runs_thread.joinable()) runs_thread.join();
        cx.report.digests.push_back(std::move(dg));
    }
}

}  // namespace img::verify
