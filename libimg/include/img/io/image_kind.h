// ImageKind: one row per kind of CRIU image file (magic, file names, header,
// message types, payload rule). Every tool loops over this one table.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace img {

// Image file grammar (CRIU 4.2, native byte order):
//   file     := header entry* EOF
//   header   := (nothing, raw images) | INVENTORY_MAGIC (inventory.img)
//             | IMG_COMMON_MAGIC kind_magic | IMG_SERVICE_MAGIC kind_magic (stats, irmap-cache)
//             | kind_magic (images from CRIU's V1 era)
//   entry    := u32 len, len bytes of one protobuf message, payload
//   payload  := raw bytes whose size follows from fields of the message (see PayloadRule)

inline constexpr uint32_t kImgCommonMagic = 0x54564319;
inline constexpr uint32_t kImgServiceMagic = 0x55105940;
inline constexpr uint32_t kInventoryMagic = 0x58313116;

enum class HeaderClass { Inventory, Common, Service, Raw };

// How the bytes after one message are sized.
enum class PayloadRule {
    None,
    PipeData,   // pipes-data, fifo-data: `bytes` (#2) octets
    SkQueue,    // sk-queues: `length` (#2) octets
    TcpStream,  // tcp-stream: `inq_len` (#1) then `outq_len` (#3) octets
    Ghost,      // ghost-file: rest of file, or chunk entries each followed by `len` octets
    IpcShm,     // ipcns-shm: `size` octets padded to 4, unless `in_pagemaps`
    IpcSem,     // ipcns-sem: `nsems` u16 values padded to 8
    IpcMsg,     // ipcns-msg: `qnum` x (u32 len, ipc_msg, msize octets padded to 8)
    BpfMap,     // bpfmap-data: keys_bytes + values_bytes octets
};

enum class KindStatus { Current, Legacy, Service, Raw, Obsolete };

struct ImageKind {
    std::string_view name;           // crit's "magic" name, e.g. "FILES"; for raw kinds a label
    uint32_t magic;                  // 0 for raw kinds
    HeaderClass header;
    std::string_view patterns;       // file names, ';'-separated; '*' stands for a key (digits or hex)
    std::string_view message;        // full protobuf name of the entry message ("" for raw)
    std::string_view first_message;  // first entry's message when it differs (pagemap head), else ""
    PayloadRule payload;
    KindStatus status;
    std::string_view about;          // a few words for --help and listings
};

std::span<const ImageKind> image_kinds();

const ImageKind* kind_by_magic(uint32_t magic);
const ImageKind* kind_by_name(std::string_view name);
// Matches a file's base name against the kinds' patterns (raw kinds included).
const ImageKind* kind_by_file_name(std::string_view base_name);

}  // namespace img
