// sockets: every socket file object (unix, inet, packet, netlink) with its
// addresses, state, queued data (sk-queues.img for unix sockets, the
// tcp-stream image for TCP) and the tasks that hold it.
#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "img/model/file_uses.h"
#include "img/model/image_loader.h"
#include "img/schema/flag_names.h"
#include "img/support/display.h"
#include "img/support/text_codecs.h"
#include "img/views/views.h"
#include "file_view_inputs.h"
#include "sk_packet.pb.h"
#include "tables.pb.h"
#include "table_cells.h"
#include "tcp_stream.pb.h"

namespace img {

namespace {

std::string inet_addr(const google::protobuf::RepeatedField<uint32_t>& w, uint32_t port, bool v6) {
    std::vector<uint32_t> words(w.begin(), w.end());
    std::string a = words.empty() ? (v6 ? "::" : "0.0.0.0") : ip_words_to_string(words);
    return words.size() > 1 || (words.empty() && v6) ? fmt::format("[{}]:{}", a, port) : fmt::format("{}:{}", a, port);
}

const char* netlink_proto(uint32_t p) {
    static const char* names[] = {"ROUTE", "UNUSED", "USERSOCK", "FIREWALL", "SOCK_DIAG", "NFLOG", "XFRM",
                                  "SELINUX", "ISCSI", "AUDIT", "FIB_LOOKUP", "CONNECTOR", "NETFILTER", "IP6_FW",
                                  "DNRTMSG", "KOBJECT_UEVENT", "GENERIC", nullptr, "SCSITRANSPORT", "ECRYPTFS",
                                  "RDMA", "CRYPTO", "SMC"};
    return p < std::size(names) && names[p] ? names[p] : nullptr;
}

// The cells of a socket's row that depend on its family.
struct SocketCells {
    Cell ino, family, type, proto, state, local, remote, peer, qbytes, qpackets, sndbuf, rcvbuf;
};

// What the rows are made from besides the file table: unix sockets by inode (to name a peer) and
// the data queued on each unix socket (file id -> bytes, packets).
struct SocketIndex {
    std::map<uint32_t, const cimg::UnixSkEntry*> unix_by_ino;
    std::map<uint32_t, std::pair<uint64_t, uint64_t>> queued;
};

Expected<SocketIndex> socket_index(Checkpoint& d, const FileTable& ft) {
    SocketIndex ix;
    // Queued unix data: sk_packet_entry.id_for is the receiving socket's file id.
    auto queues = load_entries<cimg::SkPacketEntry>(d.source(), "sk-queues.img");
    if (!queues) return std::move(queues).error();
    if (*queues)
        for (const auto& q : **queues) {
            ix.queued[q.id_for()].first += q.length();
            ix.queued[q.id_for()].second += 1;
        }
    for (const auto& f : ft.all())
        if (f.has_usk()) ix.unix_by_ino.emplace(f.usk().ino(), &f.usk());
    return ix;
}

void unix_cells(SocketCells& c, const cimg::UnixSkEntry& s, const SocketIndex& ix) {
    c.ino = Cell(s.ino());
    c.family = Cell("unix");
    c.type = Cell(enum_name(s.type(), cimg::SkType::Names_descriptor()));
    c.state = Cell(enum_name(s.state(), cimg::SkState::Names_descriptor()));
    std::string name = display_unix_name(s.name());
    if (!name.empty() && name[0] != '/' && name[0] != '@' && s.has_name_dir())
        name = display_text(s.name_dir()) + "/" + name;
    if (s.deleted()) name += " (deleted)";
    c.local = Cell(name);
    if (s.peer()) {
        c.peer = Cell(s.peer());
        if (auto p = ix.unix_by_ino.find(s.peer()); p != ix.unix_by_ino.end())
            c.remote = Cell(display_unix_name(p->second->name()));
        else
            c.remote = Cell("(peer not in the dump)");
    }
    if (!c.qbytes.value.index()) { c.qbytes = Cell(uint64_t{0}); c.qpackets = Cell(uint64_t{0}); }
}

Expected<void> inet_cells(SocketCells& c, Checkpoint& d, const cimg::InetSkEntry& s) {
    bool v6 = s.family() == 10;
    c.ino = Cell(s.ino());
    c.family = Cell(v6 ? "inet6" : "inet");
    c.type = Cell(enum_name(s.type(), cimg::SkType::Names_descriptor()));
    c.proto = Cell(enum_name(s.proto(), cimg::SkProto::Names_descriptor()));
    c.state = Cell(enum_name(s.state(), cimg::SkState::Names_descriptor()));
    c.local = Cell(inet_addr(s.src_addr(), s.src_port(), v6));
    if (s.dst_port() || s.state() == 1) c.remote = Cell(inet_addr(s.dst_addr(), s.dst_port(), v6));
    // A connected TCP socket's queues are in tcp-stream-<ino in hex>.img.
    std::string ts_name = fmt::format("tcp-stream-{:x}.img", s.ino());
    if (!d.source().exists(ts_name)) return {};
    auto tcp = load_entries<cimg::TcpStreamEntry>(d.source(), ts_name);
    if (!tcp) return std::move(tcp).error();
    if (*tcp && !(*tcp)->empty()) {
        const auto& e = (**tcp)[0];
        c.qbytes = Cell::shown(Cell(uint64_t{e.inq_len()} + e.outq_len()),
                               fmt::format("{} (in {}, out {})", uint64_t{e.inq_len()} + e.outq_len(), e.inq_len(),
                                           e.outq_len()));
    }
    return {};
}

void packet_cells(SocketCells& c, const cimg::PacketSockEntry& s) {
    c.family = Cell("packet");
    c.type = Cell(enum_name(s.type(), cimg::SkType::Names_descriptor()));
    // protocol is an ETH_P_* value in network byte order
    uint32_t p = ((s.protocol() & 0xff) << 8) | ((s.protocol() >> 8) & 0xff);
    c.proto = Cell::shown(Cell(s.protocol()), fmt::format("{:#06x}", p));
    c.local = Cell(fmt::format("ifindex {}", s.ifindex()));
}

void netlink_cells(SocketCells& c, const cimg::NetlinkSkEntry& s) {
    c.ino = Cell(s.ino());
    c.family = Cell("netlink");
    const char* pn = netlink_proto(s.protocol());
    c.proto = pn ? Cell::shown(Cell(s.protocol()), pn) : Cell(s.protocol());
    c.state = Cell(s.state());
    c.local = Cell(fmt::format("portid {}", s.portid()));
    if (s.dst_portid() || s.dst_group()) c.remote = Cell(fmt::format("portid {} group {}", s.dst_portid(), s.dst_group()));
}

// The buffer sizes CRIU recorded (SO_SNDBUF, SO_RCVBUF): every socket family carries them.
void buffer_cells(SocketCells& c, const cimg::SkOptsEntry& o) {
    c.sndbuf = byte_size(o.so_sndbuf());
    c.rcvbuf = byte_size(o.so_rcvbuf());
}

// The family cells of socket file `f` (which is one).
Expected<SocketCells> socket_cells(Checkpoint& d, const cimg::FileEntry& f, const SocketIndex& ix) {
    SocketCells c;
    if (auto q = ix.queued.find(f.id()); q != ix.queued.end()) {
        c.qbytes = Cell(q->second.first);
        c.qpackets = Cell(q->second.second);
    }
    if (f.has_usk()) {
        unix_cells(c, f.usk(), ix);
        buffer_cells(c, f.usk().opts());
    } else if (f.has_isk()) {
        if (auto ok = inet_cells(c, d, f.isk()); !ok) return std::move(ok).error();
        buffer_cells(c, f.isk().opts());
    } else if (f.has_psk()) {
        packet_cells(c, f.psk());
        buffer_cells(c, f.psk().opts());
    } else {
        netlink_cells(c, f.nlsk());
        buffer_cells(c, f.nlsk().opts());
    }
    return c;
}

}  // namespace

Expected<Table> view_sockets(Checkpoint& d, const ViewOptions& o) {
    Table t;
    auto in = file_view_inputs(d, o, t);
    if (!in) return std::move(in).error();
    auto ix = socket_index(d, *in->files);
    if (!ix) return std::move(ix).error();
    t.name = "sockets";
    t.columns = {{"id", "ID", true},       {"ino", "INO", true},      {"family", "FAMILY"}, {"type", "TYPE"},
                 {"proto", "PROTO"},       {"state", "STATE"},        {"local", "LOCAL"},   {"remote", "REMOTE"},
                 {"peer", "PEER", true},   {"queued_bytes", "QUEUED", true}, {"sndbuf", "SNDBUF", true},
                 {"rcvbuf", "RCVBUF", true}, {"used_by", "USED BY"},
                 {"queued_packets", ""}};
    // Rows by the fd that holds each socket, then by file id (files.img lists them by id only).
    static const std::vector<FileUse> kNone;
    std::vector<std::pair<std::tuple<size_t, uint64_t, uint32_t>, std::vector<Cell>>> rows;
    for (const auto& f : in->files->all()) {
        if (!f.has_usk() && !f.has_isk() && !f.has_psk() && !f.has_nlsk()) continue;
        auto it = in->uses.find(f.id());
        const auto& u = it == in->uses.end() ? kNone : it->second;
        if (in->pid && !used_by(u, *in->pid)) continue;
        auto c = socket_cells(d, f, *ix);
        if (!c) return std::move(c).error();
        auto [rank, fd] = in->fd_order(u);
        rows.push_back({{rank, fd, f.id()},
                        {Cell(f.id()), c->ino, c->family, c->type, c->proto, c->state, c->local, c->remote, c->peer,
                         c->qbytes, c->sndbuf, c->rcvbuf, joined(use_labels(u), ","), json_only(c->qpackets)}});
    }
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& r : rows) t.add_row(r.second);
    return t;
}

}  // namespace img
