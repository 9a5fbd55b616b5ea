// Hexdump of a task's memory as the dump holds it: `hexdump -C` style lines
// whose offsets are virtual addresses, and spans the dump lacks shown as
// absent (one record per run of missing bytes), never as zeros.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "img/support/byte_cursor.h"
#include "img/support/error.h"
#include "img/model/checkpoint.h"
#include "img/model/process_memory.h"
#include "img/output/value_sink.h"

namespace img {

// "PID:ADDR[+LEN]": ADDR in hex (0x optional), LEN decimal or 0x-hex (default 256).
struct MemorySpec {
    uint32_t pid = 0;
    uint64_t addr = 0;
    uint64_t len = 256;
};
Expected<MemorySpec> parse_memory_spec(std::string_view text);

// The memory of task `pid` as the dump holds it: an Error naming the dump when it has no such task.
Expected<ProcessMemory> open_task_memory(Checkpoint& dump, uint32_t pid);

// Receives a hexdump in address order.
class HexdumpSink {
public:
    virtual ~HexdumpSink() = default;
    // Up to 16 bytes the dump holds, starting at addr.
    virtual void line(uint64_t addr, Bytes bytes) = 0;
    // [addr, addr+len) is not in the dump (never touched, or not dumped).
    virtual void absent(uint64_t addr, uint64_t len) = 0;
};

// [addr, addr+len) of `mem`, read in bounded blocks. A line never spans an absent byte: the
// present bytes before a gap end their line early.
Expected<void> hexdump(const ProcessMemory& mem, uint64_t addr, uint64_t len, HexdumpSink& out);

// The text form:
//   7f4a1b58e000  00 00 00 5a 5a 5a 5a 5a  ...  |...ZZZZZ........|
//   7f4a1b595000  <absent: 4096 bytes not in the dump>
// With `squeeze`, repeated identical full lines become one "*" line, as hexdump -C does.
// Hands the text to `out` in pieces of whole lines (the library prints nothing itself), or
// collects it in str() when out is empty.
class HexdumpTextSink final : public HexdumpSink {
public:
    using Out = std::function<void(std::string_view text)>;
    explicit HexdumpTextSink(Out out, bool squeeze = true) : out_(std::move(out)), squeeze_(squeeze) {}
    ~HexdumpTextSink() override { flush(); }
    void line(uint64_t addr, Bytes bytes) override;
    void absent(uint64_t addr, uint64_t len) override;
    // Ends a dump: the address after its last byte, on a line of its own (as hexdump -C ends).
    void finish(uint64_t end_addr);
    void flush();
    const std::string& str() const { return buf_; }

private:
    Out out_;
    bool squeeze_;
    std::string buf_;
    std::string prev_;          // the bytes of the previous full line, for squeezing
    bool squeezing_ = false;
};

// The JSON form: {"pid": P, "address": A, "length": L, "lines": [ROW, ...]}, written by begin(),
// the rows, and end(); each ROW {"address": N, "hex": "5a 5a ...", "ascii": "ZZ.."} or
// {"address": N, "absent": LEN}. Without begin() and end() the sink writes the rows alone.
class HexdumpJsonSink final : public HexdumpSink {
public:
    explicit HexdumpJsonSink(ValueSink& out) : out_(out) {}
    void begin(const MemorySpec& spec);
    void line(uint64_t addr, Bytes bytes) override;
    void absent(uint64_t addr, uint64_t len) override;
    void end();

private:
    ValueSink& out_;
};

}  // namespace img
