// --hash: SHA-256 of every image and of every present page run, for forensic
// records. A pages file is hashed whole on one thread and run by run on another,
// so the run digests cost no extra wall time on a two-core machine. Each thread
// reads its own mapping in 8 MiB steps and lets the pages behind it go, so
// memory stays bounded whatever the size of the pages file.
#include <map>
#include <optional>
#include <thread>

#include "crypto_api.h"
#include "img/io/mapped_file.h"
#include "img/model/pagemap_reader.h"
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

// SHA-256 of `b`, read in steps, with the mapped pages behind each step released; `step` is told
// the bytes of each.
template <class Release, class Step>
std::string hash_bytes(const CryptoApi& crypto, Bytes b, Release&& release, Step&& step) {
    Sha256 h(crypto);
    for (size_t off = 0; off < b.size(); off += kChunk) {
        Bytes part = b.subspan(off, std::min(kChunk, b.size() - off));
        h.update(part);
        release(part.data() + part.size());
        step(part.size());
    }
    return h.hex();
}

}  // namespace

void compute_digests(VerifyContext& cx) {
    auto api = crypto_api();
    if (!api) { cx.add_error("hash", api.error()); return; }
    const CryptoApi& crypto = **api;
    const DumpSource& src = cx.dump.source();
    std::vector<std::string> names;
    uint64_t total = 0;
    for (const auto& n : src.list()) {
        if (n == "parent") continue;   // the link to the previous dump, not an image
        auto f = src.open(n);
        if (!f) { cx.add_error("hash", f.error()); continue; }
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
        auto f = src.open(n);
        if (!f) { cx.add_error("hash", f.error()); continue; }
        ImageDigest dg;
        dg.image = n;
        auto pm = by_pages.find(n);
        std::thread runs_thread;
        std::optional<Error> runs_error;
        if (pm != by_pages.end()) {
            dg.pagemap = pm->second->name();
            // The pagemap reader maps the pages file a second time: its pages leave with its own steps.
            runs_thread = std::thread([&dg, &runs_error, reader = pm->second.get(), &crypto] {
                for (const auto& r : reader->runs()) {
                    if (!(r.flags & kPePresent)) continue;
                    auto b = reader->run_bytes(r);
                    if (!b) { runs_error = std::move(b).error(); return; }
                    std::string hex = hash_bytes(crypto, *b, [&](const std::byte* p) { reader->release_before(p); },
                                                 [](size_t) {});
                    dg.runs.push_back(ImageDigest::Run{r.start, r.nr_pages, std::move(hex)});
                }
            });
        }
        dg.sha256 = hash_bytes(crypto, f->bytes(), [&](const std::byte* p) { f->release_before(p); }, [&](size_t n) {
            done += n;
            if (cx.opt.progress) cx.opt.progress(done, total);
        });
        if (runs_thread.joinable()) runs_thread.join();
        if (runs_error) cx.add_error("hash", *runs_error);
        cx.report.digests.push_back(std::move(dg));
    }
}

}  // namespace img::verify
