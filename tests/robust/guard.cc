#include "guard.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <new>

#include "img/convert/image_json.h"
#include "img/io/image_reader.h"
#include "img/output/json_writer.h"
#include "img/io/mapped_file.h"
#include "img/output/text_writer.h"

#if defined(__SANITIZE_ADDRESS__)
#define IMG_TRACK_ALLOCATIONS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define IMG_TRACK_ALLOCATIONS 0
#endif
#endif
#ifndef IMG_TRACK_ALLOCATIONS
#define IMG_TRACK_ALLOCATIONS 1
#endif

namespace {
std::atomic<size_t> g_largest{0};
}

#if IMG_TRACK_ALLOCATIONS
// Replaces the global allocation functions (the default operator delete frees
// with free(), so only new needs replacing).
static void* tracked_alloc(size_t n) {
    size_t cur = g_largest.load(std::memory_order_relaxed);
    while (n > cur && !g_largest.compare_exchange_weak(cur, n, std::memory_order_relaxed)) {}
    void* p = std::malloc(n ? n : 1);
    if (!p) throw std::bad_alloc();
    return p;
}
void* operator new(size_t n) { return tracked_alloc(n); }
void* operator new[](size_t n) { return tracked_alloc(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }
#endif

namespace img::test {

size_t largest_allocation() { return g_largest.load(); }
void reset_largest_allocation() { g_largest.store(0); }
bool allocation_tracking() { return IMG_TRACK_ALLOCATIONS != 0; }

void HangGuard::SetUp() { ::alarm(120); }
void HangGuard::TearDown() { ::alarm(0); }

namespace {

img::Expected<img::ImageReader> open(const std::string& name, const std::string& bytes) {
    return img::ImageReader::from_file(img::MappedFile::from_string(name, bytes));
}

// Every Error a damaged file produces must say which file and where.
void check_error(const img::Error& e, const std::string& name, const std::string& what) {
    std::string m = e.message();
    EXPECT_NE(m.find(name), std::string::npos) << what << ": error does not name the file: " << m;
    EXPECT_NE(m.find("offset"), std::string::npos) << what << ": error does not give an offset: " << m;
}

}  // namespace

DecodeOutcome decode_everything(const std::string& name, const std::string& bytes, const std::string& what) {
    DecodeOutcome out;
    reset_largest_allocation();
    auto rd = open(name, bytes);
    if (!rd) {
        check_error(rd.error(), name, what);
        out.error = rd.error().message();
        return out;
    }
    auto info = img::image_info(*rd);
    std::optional<img::Error> first_error;
    if (!info) first_error = info.error();

    rd->rewind();
    img::JsonWriter plain(nullptr);
    img::ShowOptions so;
    auto r = img::render_image(*rd, plain, so);
    if (!r) {
        check_error(r.error(), name, what);
        out.error = r.error().message();
    } else if (first_error) {
        ADD_FAILURE() << what << ": framing failed (" << first_error->message() << ") but decoding passed";
    }

    // The other read paths must agree and survive too.
    rd->rewind();
    img::JsonWriter pretty(nullptr, 4);
    img::ShowOptions sp;
    sp.render.pretty = true;
    auto rp = img::render_image(*rd, pretty, sp);
    EXPECT_EQ(rp.ok(), r.ok()) << what;
    rd->rewind();
    {
        std::FILE* devnull = std::fopen("/dev/null", "w");
        img::TextWriter text(devnull);
        img::ShowOptions st;
        st.render.pretty = true;
        st.human = true;
        auto rt = img::render_image(*rd, text, st);
        text.flush();
        std::fclose(devnull);
        EXPECT_EQ(rt.ok(), r.ok()) << what;
    }

    if (r) {
        out.ok = true;
        out.json = plain.str();
        // What decodes must re-encode, and its JSON must then be stable.
        for (const std::string* j : {&plain.str(), &pretty.str()}) {
            auto b = img::encode_image_json(*j, name + ".json");
            if (!b) { ADD_FAILURE() << what << ": decoded but its JSON does not encode: " << b.error().message(); continue; }
            auto again = open(name, *b);
            if (!again) { ADD_FAILURE() << what << ": re-encoded image does not open: " << again.error().message(); continue; }
            img::JsonWriter w2(nullptr, j == &plain.str() ? 0 : 4);
            img::ShowOptions s2;
            s2.render.pretty = j != &plain.str();
            auto r2 = img::render_image(*again, w2, s2);
            if (!r2) { ADD_FAILURE() << what << ": re-encoded image does not decode: " << r2.error().message(); continue; }
            EXPECT_TRUE(w2.str() == *j) << what << ": JSON changed after one trip through the encoder";
        }
    }
    if (allocation_tracking()) {
        EXPECT_LE(largest_allocation(), allocation_bound(bytes.size()))
            << what << ": one allocation of " << largest_allocation() << " bytes for a " << bytes.size() << "-byte input";
    }
    return out;
}

}  // namespace img::test
