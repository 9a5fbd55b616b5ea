// Every payload rule of the kind table, framed from hand-built bytes (no
// encoder involved): the reader must find each message and the exact payload
// bytes after it, and the next entry right behind them.
#include <gtest/gtest.h>

#include <vector>

#include "img/io/image_kind.h"
#include "img/io/image_reader.h"
#include "img/io/mapped_file.h"
#include "harness/fixtures.h"

namespace {

namespace wb = img::test::wire_bytes;
using wb::frame;
using wb::lfield;
using wb::u16;
using wb::u32;
using wb::vfield;

struct Seen {
    int64_t index;
    size_t offset;
    std::string message, payload, type;
};

// All entries, or a failure naming the error.
std::vector<Seen> entries(const std::string& name, const std::string& bytes) {
    std::vector<Seen> out;
    auto r = img::ImageReader::from_file(img::MappedFile::from_string(name, bytes));
    if (!r.ok()) { ADD_FAILURE() << r.error().message(); return out; }
    img::RawEntry e;
    for (;;) {
        auto more = r->next(e);
        if (!more.ok()) { ADD_FAILURE() << more.error().message(); return out; }
        if (!*more) break;
        out.push_back({e.index, e.offset, img::to_string(e.message), img::to_string(e.payload), std::string(e.message_type)});
    }
    return out;
}

std::string header_for(const char* kind) {
    const img::ImageKind* k = img::kind_by_name(kind);
    EXPECT_NE(k, nullptr) << kind;
    return k ? wb::common_header(k->magic) : std::string();
}

TEST(PayloadFraming, PipesDataBytesField) {
    std::string m1 = vfield(1, 123456) + vfield(2, 6) + vfield(3, 65536);
    std::string m2 = vfield(1, 7) + vfield(2, 0);
    std::string m3 = vfield(1, 8) + vfield(2, 3);
    std::string bytes = header_for("PIPES_DATA") + frame(m1, "hello\n") + frame(m2) + frame(m3, "xyz");
    auto v = entries("pipes-data.img", bytes);
    ASSERT_EQ(v.size(), 3u);
    EXPECT_EQ(v[0].message, m1);
    EXPECT_EQ(v[0].payload, "hello\n") << "size (#3) is the pipe capacity, not the payload length";
    EXPECT_EQ(v[1].payload, "");
    EXPECT_EQ(v[1].offset, 8u + 4 + m1.size() + 6);
    EXPECT_EQ(v[2].payload, "xyz");
    EXPECT_EQ(v[0].type, "cimg.PipeDataEntry");
}

TEST(PayloadFraming, FifoDataUsesThePipeRule) {
    std::string m = vfield(1, 1) + vfield(2, 4);
    auto v = entries("fifo-data.img", header_for("FIFO_DATA") + frame(m, "fifo") + frame(m, "FIFO"));
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[0].payload, "fifo");
    EXPECT_EQ(v[1].payload, "FIFO");
}

TEST(PayloadFraming, SkQueuesLengthField) {
    std::string scm = lfield(4, vfield(1, 1) + vfield(2, 7));
    std::string m1 = vfield(1, 5) + vfield(2, 5) + scm;
    std::string m2 = vfield(1, 6) + vfield(2, 2);
    auto v = entries("sk-queues.img", header_for("SK_QUEUES") + frame(m1, "hello") + frame(m2, "ab"));
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[0].payload, "hello");
    EXPECT_EQ(v[1].payload, "ab");
    EXPECT_EQ(v[1].message, m2);
}

TEST(PayloadFraming, TcpStreamInqThenOutq) {
    std::string m = vfield(1, 3) + vfield(2, 1000) + vfield(3, 2) + vfield(4, 2000) + vfield(5, 7) + vfield(6, 7) +
                    vfield(7, 1460);
    auto v = entries("tcp-stream-3f2.img", header_for("TCP_STREAM") + frame(m, "abcxy"));
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].payload, "abcxy");
}

TEST(PayloadFraming, TcpStreamShortQueueIsAnError) {
    std::string m = vfield(1, 3) + vfield(3, 2);
    auto r = img::ImageReader::from_file(img::MappedFile::from_string("tcp-stream-1.img", header_for("TCP_STREAM") + frame(m, "abcx")));
    ASSERT_TRUE(r.ok());
    img::RawEntry e;
    auto more = r->next(e);
    ASSERT_FALSE(more.ok());
    EXPECT_EQ(more.error().entry, 0);
    EXPECT_NE(more.error().message().find("tcp-stream-1.img"), std::string::npos);
}

TEST(PayloadFraming, GhostWholeFileRunsToEof) {
    std::string m = vfield(1, 0) + vfield(2, 0) + vfield(3, 0100644) + vfield(10, 7);
    std::string content = "content\n" + std::string(100, 'z');
    auto v = entries("ghost-file-1.img", header_for("GHOST_FILE") + frame(m, content));
    ASSERT_EQ(v.size(), 1u) << "a whole ghost's payload is the rest of the file, not more entries";
    EXPECT_EQ(v[0].payload, content);
    EXPECT_EQ(v[0].type, "cimg.GhostFileEntry");
}

TEST(PayloadFraming, GhostChunksFalseIsWhole) {
    std::string m = vfield(1, 0) + vfield(2, 0) + vfield(3, 0100644) + vfield(9, 0);
    std::string content = u32(3) + "abc";   // looks like a frame, but it is file content
    auto v = entries("ghost-file-2.img", header_for("GHOST_FILE") + frame(m, content));
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].payload, content);
}

TEST(PayloadFraming, GhostEmptyWhole) {
    std::string m = vfield(1, 0) + vfield(2, 0) + vfield(3, 040755);
    auto v = entries("ghost-file-3.img", header_for("GHOST_FILE") + frame(m));
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].payload, "");
}

TEST(PayloadFraming, GhostChunked) {
    std::string head = vfield(1, 0) + vfield(2, 0) + vfield(3, 0100644) + vfield(9, 1) + vfield(10, 16384);
    std::string c1 = vfield(1, 4) + vfield(2, 0);
    std::string c2 = vfield(1, 2) + vfield(2, 12288);
    auto v = entries("ghost-file-1a.img", header_for("GHOST_FILE") + frame(head) + frame(c1, "ABCD") + frame(c2, "XY"));
    ASSERT_EQ(v.size(), 3u);
    EXPECT_EQ(v[0].payload, "");
    EXPECT_EQ(v[0].type, "cimg.GhostFileEntry");
    EXPECT_EQ(v[1].type, "cimg.GhostChunkEntry");
    EXPECT_EQ(v[1].payload, "ABCD");
    EXPECT_EQ(v[2].type, "cimg.GhostChunkEntry");
    EXPECT_EQ(v[2].payload, "XY");
    EXPECT_EQ(v[2].message, c2);
}

TEST(PayloadFraming, GhostChunkedWithNoChunks) {
    std::string head = vfield(1, 0) + vfield(2, 0) + vfield(3, 0100644) + vfield(9, 1) + vfield(10, 0);
    auto v = entries("ghost-file-4.img", header_for("GHOST_FILE") + frame(head));
    ASSERT_EQ(v.size(), 1u);
}

std::string ipc_desc(uint32_t id) {
    return lfield(1, vfield(1, 1234) + vfield(2, 0) + vfield(3, 0) + vfield(4, 0) + vfield(5, 0) + vfield(6, 0666) + vfield(7, id));
}

TEST(PayloadFraming, IpcShmInPagemapsHasNoPayload) {
    std::string m1 = ipc_desc(0) + vfield(2, 4096) + vfield(3, 1);
    std::string m2 = ipc_desc(1) + vfield(2, 8192) + vfield(3, 1);
    auto v = entries("ipcns-shm-7.img", header_for("IPCNS_SHM") + frame(m1) + frame(m2));
    ASSERT_EQ(v.size(), 2u) << "a 4096-byte size must not swallow the next entry (crit's mistake)";
    EXPECT_EQ(v[0].payload, "");
    EXPECT_EQ(v[1].message, m2);
}

TEST(PayloadFraming, IpcShmInlinePaddedToFour) {
    std::string m5 = ipc_desc(1) + vfield(2, 5);
    std::string m4 = ipc_desc(2) + vfield(2, 4) + vfield(3, 0);
    std::string m0 = ipc_desc(3) + vfield(2, 0);
    std::string bytes = header_for("IPCNS_SHM") + frame(m5, std::string("hello\0\0\0", 8)) + frame(m4, "abcd") + frame(m0);
    auto v = entries("ipcns-shm-7.img", bytes);
    ASSERT_EQ(v.size(), 3u);
    EXPECT_EQ(v[0].payload, std::string("hello\0\0\0", 8));
    EXPECT_EQ(v[1].payload, "abcd");
    EXPECT_EQ(v[2].payload, "");
}

TEST(PayloadFraming, IpcSemPaddedToEight) {
    std::string m3 = ipc_desc(0) + vfield(2, 3);
    std::string m4 = ipc_desc(1) + vfield(2, 4);
    std::string m5 = ipc_desc(2) + vfield(2, 5);
    std::string p3 = u16(1) + u16(2) + u16(3) + u16(0);
    std::string p4 = u16(10) + u16(20) + u16(30) + u16(40);
    std::string p5 = u16(1) + u16(2) + u16(3) + u16(4) + u16(5) + std::string(6, '\0');
    auto v = entries("ipcns-sem-7.img", header_for("IPCNS_SEM") + frame(m3, p3) + frame(m4, p4) + frame(m5, p5));
    ASSERT_EQ(v.size(), 3u);
    EXPECT_EQ(v[0].payload, p3);
    EXPECT_EQ(v[1].payload, p4);
    EXPECT_EQ(v[2].payload, p5);
    EXPECT_EQ(v[2].payload.size(), 16u);
}

TEST(PayloadFraming, IpcMsgRecordsPaddedToEight) {
    std::string msg1 = vfield(1, 1) + vfield(2, 5);
    std::string msg2 = vfield(1, 2) + vfield(2, 8);
    std::string msg3 = vfield(1, 3) + vfield(2, 0);
    std::string recs = u32(static_cast<uint32_t>(msg1.size())) + msg1 + std::string("hello\0\0\0", 8) +
                       u32(static_cast<uint32_t>(msg2.size())) + msg2 + "12345678" +
                       u32(static_cast<uint32_t>(msg3.size())) + msg3;
    std::string q = ipc_desc(0) + vfield(2, 16384) + vfield(3, 3);
    std::string empty = ipc_desc(1) + vfield(2, 16384) + vfield(3, 0);
    auto v = entries("ipcns-msg-7.img", header_for("IPCNS_MSG") + frame(q, recs) + frame(empty));
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[0].payload, recs);
    EXPECT_EQ(v[1].message, empty);
    EXPECT_EQ(v[1].payload, "");
}

TEST(PayloadFraming, BpfmapKeysThenValues) {
    std::string m = vfield(1, 3) + vfield(2, 8) + vfield(3, 4) + vfield(4, 2);
    std::string p = "KKKKkkkkVVVV";
    std::string m2 = vfield(1, 4) + vfield(2, 0) + vfield(3, 0) + vfield(4, 0);
    auto v = entries("bpfmap-data.img", header_for("BPFMAP_DATA") + frame(m, p) + frame(m2));
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[0].payload, p);
    EXPECT_EQ(v[1].payload, "");
}

TEST(PayloadFraming, PagemapHeadThenEntries) {
    std::string head = vfield(1, 1);
    std::string e1 = vfield(1, 0x400000) + vfield(2, 0) + vfield(4, 4) + vfield(5, 300);
    auto v = entries("pagemap-1.img", header_for("PAGEMAP") + frame(head) + frame(e1) + frame(e1));
    ASSERT_EQ(v.size(), 3u);
    EXPECT_EQ(v[0].type, "cimg.PagemapHead");
    EXPECT_EQ(v[1].type, "cimg.PagemapEntry");
    EXPECT_EQ(v[2].type, "cimg.PagemapEntry");
    EXPECT_EQ(v[1].payload, "");
}

TEST(PayloadFraming, NoPayloadKindsDoNotConsumeBytes) {
    // pstree has no payload: the bytes after the message are the next length word.
    std::string m = vfield(1, 1) + vfield(2, 0) + vfield(3, 1) + vfield(4, 1) + vfield(5, 1);
    auto v = entries("pstree.img", header_for("PSTREE") + frame(m) + frame(m) + frame(m));
    ASSERT_EQ(v.size(), 3u);
    for (const auto& s : v) EXPECT_EQ(s.payload, "");
}

}  // namespace
