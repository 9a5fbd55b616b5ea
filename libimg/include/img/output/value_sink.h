// ValueSink: where structured output goes. The JSON writer and the readable
// text writer both implement it, so one walk over a record serves both.
#pragma once

#include <cstdint>
#include <string_view>

namespace img {

class ValueSink {
public:
    virtual ~ValueSink() = default;
    virtual void begin_object() = 0;
    virtual void end_object() = 0;
    virtual void begin_array() = 0;
    virtual void end_array() = 0;
    virtual void key(std::string_view k) = 0;
    virtual void string(std::string_view utf8) = 0;   // must be valid UTF-8
    virtual void number(uint64_t v) = 0;
    virtual void number(int64_t v) = 0;
    virtual void boolean(bool v) = 0;
    virtual void null() = 0;
};

}  // namespace img
