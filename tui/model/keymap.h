// The keymap: every key the TUI knows, bound to a named command (key -> command name -> action).
// One table: the help screen, the man page's key table and --batch all read it.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace img::tui {

enum class Command {
    Up, Down, PageUp, PageDown, Home, End, Open, Back, NextPane, NextTab, PrevTab, Fold,
    Filter, Next, Prev, Goto, Help, Quit, ByteLeft, ByteRight, ScrollLeft, ScrollRight,
};

struct CommandInfo {
    Command command;
    std::string_view name;   // what --batch -c takes: "down"
    std::string_view help;   // one line for the help screen and the man page
};

// Where a binding holds: anywhere, or only in the memory view (where it comes before the others).
enum class KeyScope { Anywhere, Memory };

struct KeyBinding {
    int key;
    Command command;
    KeyScope scope = KeyScope::Anywhere;
};

std::span<const CommandInfo> commands();      // in help order
std::span<const KeyBinding> key_bindings();   // every bound key
const CommandInfo& command_info(Command c);
// The command of `key` in the memory view (`in_memory`) or elsewhere.
std::optional<Command> command_for_key(int key, bool in_memory = false);
std::optional<Command> find_command(std::string_view name);
// The keys bound to `c`, as key_name() shows them, in table order (a scoped binding's scope is
// in the command's help).
std::vector<std::string> keys_of(Command c);

}  // namespace img::tui
