// sockets: every socket file object (unix, inet, packet, netlink) with its
// addresses, state, queued data (sk-queues.img for unix sockets, the
// tcp-stream image for TCP) and the tasks that hold it.
#include <fmt/format.h>

#include "img/model/image_loader.h"
#include "img/support/text_codecs.h"
#include "sk_packet.pb.h"
#include "tables.pb.h"
#include "tcp_stream.pb.h"
#include "img/model/file_uses.h"
#include "img/schema/flag_names.h"
#include "img/support/display.h"
#include "img/views/views.h"
#include "file_view_inputs.h"
#include "table_cells.h"

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

}  // namespace

Expected<Table> view_sockets(Checkpoint& d, const ViewOptions& o) {
    Table t;
    auto in = file_view_inputs(d, o, t);
    if (!in) return std::move(in).error();
    const FileTable* ft = in->files;
    const auto& uses = in->uses;
    const std::optional<uint32_t> pid = in->pid;
    // Queued unix data: sk_packet_entry.id_for is the receiving socket's file id.
    auto queues = load_entries<cimg::SkPacketEntry>(d.source(), "sk-queues.img");
    if (!queues) return std::move(queues).error();
    std::map<uint32_t, std::pair<uint64_t, uint64_t>> queued;   // id -> (bytes, packets)
    if (*queues)
        for (const auto& q : **queues) {
            queued[q.id_for()].first += q.length();
            queued[q.id_for()].second += 1;
        }
    std::map<uint32_t, const cimg::UnixSkEntry*> unix_by_ino;
    for (const auto& f : ft->all())
        if (f.has_usk()) unix_by_ino.emplace(f.usk().ino(), &f.usk());

    const auto* sk_type = cimg::SkType::Names_descriptor();
    const auto* sk_state = cimg::SkState::Names_descriptor();
    t.name = "sockets";
    t.columns = {{"id", "ID", true},       {"ino", "INO", true},      {"family", "FAMILY"}, {"type", "TYPE"},
                 {"proto", "PROTO"},       {"state", "STATE"},        {"local", "LOCAL"},   {"remote", "REMOTE"},
                 {"peer", "PEER", true},   {"queued_bytes", "QUEUED", true}, {"used_by", "USED BY"},
                 {"queued_packets", ""}};
    static const std::vector<FileUse> kNone;
    for (const auto& f : ft->all()) {
        if (!f.has_usk() && !f.has_isk() && !f.has_psk() && !f.has_nlsk()) continue;
        auto it = uses.find(f.id());
        const auto& u = it == uses.end() ? kNone : it->second;
        if (pid && !used_by(u, *pid)) continue;
        Cell ino, family, type, proto, state, local, remote, peer, qbytes, qpackets;
        if (auto q = queued.find(f.id()); q != queued.end()) {
            qbytes = Cell(q->second.first);
            qpackets = Cell(q->second.second);
        }
        if (f.has_usk()) {
            const auto& s = f.usk();
            ino = Cell(s.ino());
            family = Cell("unix");
            type = Cell(enum_name(s.type(), sk_type));
            state = Cell(enum_name(s.state(), sk_state));
            std::string name = display_unix_name(s.name());
            if (!name.empty() && name[0] != '/' && name[0] != '@' && s.has_name_dir())
                name = display_text(s.name_dir()) + "/" + name;
            if (s.deleted()) name += " (deleted)";
            local = Cell(name);
            if (s.peer()) {
                peer = Cell(s.peer());
                if (auto p = unix_by_ino.find(s.peer()); p != unix_by_ino.end())
                    remote = Cell(display_unix_name(p->second->name()));
                else
                    remote = Cell("(peer not in the dump)");
            }
            if (!qbytes.value.index()) { qbytes = Cell(uint64_t{0}); qpackets = Cell(uint64_t{0}); }
        } else if (f.has_isk()) {
            const auto& s = f.isk();
            bool v6 = s.family() == 10;
            ino = Cell(s.ino());
            family = Cell(v6 ? "inet6" : "inet");
            type = Cell(enum_name(s.type(), sk_type));
            proto = Cell(enum_name(s.proto(), cimg::SkProto::Names_descriptor()));
            state = Cell(enum_name(s.state(), sk_state));
            local = Cell(inet_addr(s.src_addr(), s.src_port(), v6));
            if (s.dst_port() || s.state() == 1) remote = Cell(inet_addr(s.dst_addr(), s.dst_port(), v6));
            // A connected TCP socket's queues are in tcp-stream-<ino in hex>.img.
            std::string ts_name = fmt::format("tcp-stream-{:x}.img", s.ino());
            if (d.source().exists(ts_name)) {
                auto tcp = load_entries<cimg::TcpStreamEntry>(d.source(), ts_name);
                if (!tcp) return std::move(tcp).error();
                if (*tcp && !(*tcp)->empty()) {
                    const auto& e = (**tcp)[0];
                    qbytes = Cell::shown(Cell(uint64_t{e.inq_len()} + e.outq_len()),
                                         fmt::format("{} (in {}, out {})", uint64_t{e.inq_len()} + e.outq_len(),
                                                     e.inq_len(), e.outq_len()));
                }
            }
        } else if (f.has_psk()) {
            const auto& s = f.psk();
            family = Cell("packet");
            type = Cell(enum_name(s.type(), sk_type));
            // protocol is an ETH_P_* value in network byte order
            uint32_t p = ((s.protocol() & 0xff) << 8) | ((s.protocol() >> 8) & 0xff);
            proto = Cell::shown(Cell(s.protocol()), fmt::format("{:#06x}", p));
            local = Cell(fmt::format("ifindex {}", s.ifindex()));
        } else {
            const auto& s = f.nlsk();
            ino = Cell(s.ino());
            family = Cell("netlink");
            const char* pn = netlink_proto(s.protocol());
            proto = pn ? Cell::shown(Cell(s.protocol()), pn) : Cell(s.protocol());
            state = Cell(s.state());
            local = Cell(fmt::format("portid {}", s.portid()));
            if (s.dst_portid() || s.dst_group())
                remote = Cell(fmt::format("portid {} group {}", s.dst_portid(), s.dst_group()));
        }
        t.add_row({Cell(f.id()), ino, family, type, proto, state, local, remote, peer, qbytes,
                   joined(use_labels(u), ","), json_only(qpackets)});
    }
    return t;
}

}  // namespace img
