// The table of every image kind CRIU 4.2 writes or still reads (format reference §1.6).
#include "img/io/image_kind.h"

namespace img {
namespace {

using H = HeaderClass;
using P = PayloadRule;
using S = KindStatus;

constexpr ImageKind kKinds[] = {
    {"INVENTORY", 0x58313116, H::Inventory, "inventory.img", "cimg.InventoryEntry", "", P::None, S::Current, "dump-wide facts"},
    {"PSTREE", 0x50273030, H::Common, "pstree.img", "cimg.PstreeEntry", "", P::None, S::Current, "process tree"},
    {"FDINFO", 0x56213732, H::Common, "fdinfo-*.img", "cimg.FdinfoEntry", "", P::None, S::Current, "open descriptors of an fd table"},
    {"PAGEMAP", 0x56084025, H::Common, "pagemap-*.img;pagemap-shmem-*.img", "cimg.PagemapEntry", "cimg.PagemapHead", P::None, S::Current, "memory page runs"},
    {"CORE", 0x55053847, H::Common, "core-*.img", "cimg.CoreEntry", "", P::None, S::Current, "task/thread state and registers"},
    {"IDS", 0x54432030, H::Common, "ids-*.img", "cimg.TaskKobjIdsEntry", "", P::None, S::Current, "shared-object and namespace ids"},
    {"VMAS", 0x54123737, H::Common, "vmas-*.img", "cimg.VmaEntry", "", P::None, S::Legacy, "memory areas (old)"},
    {"PIPES", 0x56513555, H::Common, "pipes.img", "cimg.PipeEntry", "", P::None, S::Legacy, "pipes (old)"},
    {"PIPES_DATA", 0x56453709, H::Common, "pipes-data.img", "cimg.PipeDataEntry", "", P::PipeData, S::Current, "queued pipe data"},
    {"FIFO", 0x58364939, H::Common, "fifo.img", "cimg.FifoEntry", "", P::None, S::Legacy, "fifos (old)"},
    {"FIFO_DATA", 0x59333054, H::Common, "fifo-data.img", "cimg.PipeDataEntry", "", P::PipeData, S::Current, "queued fifo data"},
    {"SIGACT", 0x55344201, H::Common, "sigacts-*.img", "cimg.SaEntry", "", P::None, S::Legacy, "signal actions (old)"},
    {"UNIXSK", 0x54373943, H::Common, "unixsk.img", "cimg.UnixSkEntry", "", P::None, S::Legacy, "unix sockets (old)"},
    {"INETSK", 0x56443851, H::Common, "inetsk.img", "cimg.InetSkEntry", "", P::None, S::Legacy, "inet sockets (old)"},
    {"PACKETSK", 0x60454618, H::Common, "packetsk.img", "cimg.PacketSockEntry", "", P::None, S::Legacy, "packet sockets (old)"},
    {"ITIMERS", 0x57464056, H::Common, "itimers-*.img", "cimg.ItimerEntry", "", P::None, S::Legacy, "interval timers (old)"},
    {"POSIX_TIMERS", 0x52603957, H::Common, "posix-timers-*.img", "cimg.PosixTimerEntry", "", P::None, S::Legacy, "posix timers (old)"},
    {"SK_QUEUES", 0x56264026, H::Common, "sk-queues.img", "cimg.SkPacketEntry", "", P::SkQueue, S::Current, "queued socket packets"},
    {"UTSNS", 0x54473203, H::Common, "utsns-*.img", "cimg.UtsnsEntry", "", P::None, S::Current, "uts namespace"},
    {"CREDS", 0x54023547, H::Common, "creds-*.img", "cimg.CredsEntry", "", P::None, S::Legacy, "credentials (old)"},
    {"IPC_VAR", 0x53115007, H::Common, "ipcns-var-*.img", "cimg.IpcVarEntry", "", P::None, S::Current, "ipc namespace sysctls"},
    {"IPCNS_SHM", 0x46283044, H::Common, "ipcns-shm-*.img", "cimg.IpcShmEntry", "", P::IpcShm, S::Current, "SysV shared memory"},
    {"IPCNS_MSG", 0x55453737, H::Common, "ipcns-msg-*.img", "cimg.IpcMsgEntry", "", P::IpcMsg, S::Current, "SysV message queues"},
    {"IPCNS_SEM", 0x59573019, H::Common, "ipcns-sem-*.img", "cimg.IpcSemEntry", "", P::IpcSem, S::Current, "SysV semaphores"},
    {"REG_FILES", 0x50363636, H::Common, "reg-files.img", "cimg.RegFileEntry", "", P::None, S::Legacy, "regular files (old)"},
    {"EXT_FILES", 0x59255641, H::Common, "ext-files.img", "cimg.ExtFileEntry", "", P::None, S::Legacy, "external files (old)"},
    {"FS", 0x51403912, H::Common, "fs-*.img", "cimg.FsEntry", "", P::None, S::Current, "cwd, root, umask"},
    {"MM", 0x57492820, H::Common, "mm-*.img", "cimg.MmEntry", "", P::None, S::Current, "address space and VMAs"},
    {"REMAP_FPATH", 0x59133954, H::Common, "remap-fpath.img", "cimg.RemapFilePathEntry", "", P::None, S::Current, "ghost/linked remaps"},
    {"GHOST_FILE", 0x52583605, H::Common, "ghost-file-*.img", "cimg.GhostFileEntry", "", P::Ghost, S::Current, "unlinked file contents"},
    {"TCP_STREAM", 0x51465506, H::Common, "tcp-stream-*.img", "cimg.TcpStreamEntry", "", P::TcpStream, S::Current, "tcp queues"},
    {"EVENTFD_FILE", 0x44523722, H::Common, "eventfd.img", "cimg.EventfdFileEntry", "", P::None, S::Legacy, "eventfds (old)"},
    {"EVENTPOLL_FILE", 0x45023858, H::Common, "eventpoll.img", "cimg.EventpollFileEntry", "", P::None, S::Legacy, "epolls (old)"},
    {"EVENTPOLL_TFD", 0x44433746, H::Common, "eventpoll-tfd.img", "cimg.EventpollTfdEntry", "", P::None, S::Legacy, "epoll targets (old)"},
    {"SIGNALFD", 0x57323820, H::Common, "signalfd.img", "cimg.SignalfdEntry", "", P::None, S::Legacy, "signalfds (old)"},
    {"INOTIFY_FILE", 0x48424431, H::Common, "inotify.img", "cimg.InotifyFileEntry", "", P::None, S::Legacy, "inotify (old)"},
    {"INOTIFY_WD", 0x54562009, H::Common, "inotify-wd.img", "cimg.InotifyWdEntry", "", P::None, S::Legacy, "inotify watches (old)"},
    {"MNTS", 0x55563928, H::Common, "mountpoints-*.img", "cimg.MntEntry", "", P::None, S::Current, "mounts of a mount namespace"},
    {"NETDEV", 0x57373951, H::Common, "netdev-*.img", "cimg.NetDeviceEntry", "", P::None, S::Current, "network devices"},
    {"NETNS", 0x55933752, H::Common, "netns-*.img", "cimg.NetnsEntry", "", P::None, S::Current, "network namespace"},
    {"TTY_FILES", 0x59433025, H::Common, "tty.img", "cimg.TtyFileEntry", "", P::None, S::Legacy, "ttys (old)"},
    {"TTY_INFO", 0x59453036, H::Common, "tty-info.img", "cimg.TtyInfoEntry", "", P::None, S::Current, "tty state"},
    {"TTY_DATA", 0x59413026, H::Common, "tty-data.img", "cimg.TtyDataEntry", "", P::None, S::Current, "unread tty input"},
    {"FILE_LOCKS", 0x54323616, H::Common, "filelocks.img", "cimg.FileLockEntry", "", P::None, S::Current, "file locks"},
    {"RLIMIT", 0x57113925, H::Common, "rlimit-*.img", "cimg.RlimitEntry", "", P::None, S::Legacy, "rlimits (old)"},
    {"FANOTIFY_FILE", 0x55096122, H::Common, "fanotify.img", "cimg.FanotifyFileEntry", "", P::None, S::Legacy, "fanotify (old)"},
    {"FANOTIFY_MARK", 0x56506035, H::Common, "fanotify-mark.img", "cimg.FanotifyMarkEntry", "", P::None, S::Legacy, "fanotify marks (old)"},
    {"SIGNAL", 0x59255647, H::Common, "signal-s-*.img;signal-p-*.img", "cimg.SiginfoEntry", "", P::None, S::Legacy, "pending signals (old)"},
    {"NETLINK_SK", 0x58005614, H::Common, "netlinksk.img", "cimg.NetlinkSkEntry", "", P::None, S::Legacy, "netlink sockets (old)"},
    {"NS_FILES", 0x61394011, H::Common, "ns-files.img", "cimg.NsFileEntry", "", P::None, S::Legacy, "namespace files (old)"},
    {"TUNFILE", 0x57143751, H::Common, "tunfile.img", "cimg.TunfileEntry", "", P::None, S::Legacy, "tun files (old)"},
    {"CGROUP", 0x59383330, H::Common, "cgroup.img", "cimg.CgroupEntry", "", P::None, S::Current, "cgroups"},
    {"TIMERFD", 0x50493712, H::Common, "timerfd.img", "cimg.TimerfdEntry", "", P::None, S::Legacy, "timerfds (old)"},
    {"CPUINFO", 0x61404013, H::Common, "cpuinfo.img", "cimg.CpuinfoEntry", "", P::None, S::Current, "cpu features"},
    {"USERNS", 0x55474906, H::Common, "userns-*.img", "cimg.UsernsEntry", "", P::None, S::Current, "user namespace maps"},
    {"SECCOMP", 0x64413049, H::Common, "seccomp.img", "cimg.SeccompEntry", "", P::None, S::Current, "seccomp filters"},
    {"BINFMT_MISC", 0x67343323, H::Common, "binfmt-misc.img;binfmt-misc-*.img", "cimg.BinfmtMiscEntry", "", P::None, S::Current, "binfmt_misc entries"},
    {"AUTOFS", 0x49353943, H::Common, "autofs-*.img", "cimg.AutofsEntry", "", P::None, S::Current, "autofs mounts"},
    {"FILES", 0x56303138, H::Common, "files.img", "cimg.FileEntry", "", P::None, S::Current, "every open file object"},
    {"MEMFD_INODE", 0x48453499, H::Common, "memfd.img", "cimg.MemfdInodeEntry", "", P::None, S::Current, "memfd inodes"},
    {"TIMENS", 0x43114433, H::Common, "timens-*.img", "cimg.TimensEntry", "", P::None, S::Current, "time namespace offsets"},
    {"PIDNS", 0x61157326, H::Common, "pidns-*.img", "cimg.PidnsEntry", "", P::None, S::Current, "pid namespace"},
    {"BPFMAP_FILE", 0x57506142, H::Common, "bpfmap-file.img", "cimg.BpfmapFileEntry", "", P::None, S::Legacy, "bpf maps (old)"},
    {"BPFMAP_DATA", 0x64324033, H::Common, "bpfmap-data.img", "cimg.BpfmapDataEntry", "", P::BpfMap, S::Current, "bpf map contents"},
    {"APPARMOR", 0x59423047, H::Common, "apparmor.img", "cimg.ApparmorEntry", "", P::None, S::Current, "apparmor namespaces"},
    {"PIDFD", 0x54435556, H::Common, "pidfd.img", "cimg.PidfdEntry", "", P::None, S::Legacy, "pidfds (never written)"},
    {"STATS", 0x57093306, H::Service, "stats-dump;stats-restore;stats-dump.img;stats-restore.img", "cimg.StatsEntry", "", P::None, S::Service, "dump/restore statistics"},
    {"IRMAP_CACHE", 0x57004059, H::Service, "irmap-cache.img", "cimg.IrmapCacheEntry", "", P::None, S::Service, "inode to path cache"},
    // Raw images: no header, not protobuf; recognised by name only.
    {"pages", 0, H::Raw, "pages-*.img", "", "", P::None, S::Raw, "raw memory pages"},
    {"netlink dump", 0, H::Raw, "ifaddr-*.img;route-*.img;route6-*.img;rule-*.img", "", "", P::None, S::Raw, "ip save output"},
    {"iptables", 0, H::Raw, "iptables-*.img;ip6tables-*.img", "", "", P::None, S::Raw, "iptables-save text"},
    {"nftables", 0, H::Raw, "nftables-*.img", "", "", P::None, S::Raw, "nft ruleset"},
    {"conntrack", 0, H::Raw, "netns-ct-*.img;netns-exp-*.img", "", "", P::None, S::Raw, "conntrack netlink messages"},
    {"tmpfs tarball", 0, H::Raw, "tmpfs-dev-*.tar.gz;tmpfs-*.tar.gz", "", "", P::None, S::Raw, "tmpfs contents (tar.gz)"},
};

// '*' matches one or more characters of [0-9a-fA-F] (keys are decimal or hex numbers).
bool match_pattern(std::string_view pat, std::string_view name) {
    size_t star = pat.find('*');
    if (star == std::string_view::npos) return pat == name;
    std::string_view pre = pat.substr(0, star), post = pat.substr(star + 1);
    if (name.size() < pre.size() + post.size() + 1) return false;
    if (name.substr(0, pre.size()) != pre || name.substr(name.size() - post.size()) != post) return false;
    std::string_view mid = name.substr(pre.size(), name.size() - pre.size() - post.size());
    for (char c : mid) {
        bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (!hex) return false;
    }
    return true;
}

}  // namespace

std::span<const ImageKind> image_kinds() { return kKinds; }

const ImageKind* kind_by_magic(uint32_t magic) {
    if (magic == 0) return nullptr;
    for (const auto& k : kKinds)
        if (k.magic == magic) return &k;
    return nullptr;
}

const ImageKind* kind_by_name(std::string_view name) {
    for (const auto& k : kKinds)
        if (k.name == name) return &k;
    // Aliases crit folds into one name.
    if (name == "PSIGNAL") return kind_by_name("SIGNAL");
    if (name == "SHMEM_PAGEMAP" || name == "PAGES_OLD" || name == "SHM_PAGES_OLD") return kind_by_name("PAGEMAP");
    if (name == "BINFMT_MISC_OLD") return kind_by_name("BINFMT_MISC");
    return nullptr;
}

const ImageKind* kind_by_file_name(std::string_view base) {
    // Longer, more specific patterns first: pagemap-shmem before pagemap, tmpfs-dev before tmpfs.
    const ImageKind* best = nullptr;
    size_t best_len = 0;
    for (const auto& k : kKinds) {
        std::string_view pats = k.patterns;
        while (!pats.empty()) {
            size_t semi = pats.find(';');
            std::string_view p = pats.substr(0, semi);
            if (match_pattern(p, base) && p.size() > best_len) { best = &k; best_len = p.size(); }
            if (semi == std::string_view::npos) break;
            pats.remove_prefix(semi + 1);
        }
    }
    return best;
}

}  // namespace img
