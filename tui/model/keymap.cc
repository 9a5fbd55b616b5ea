#include "model/keymap.h"

#include <array>

#include "model/key.h"

namespace img::tui {

namespace {

constexpr std::array<CommandInfo, 22> kCommands{{
    {Command::Up, "up", "move up one row (memory: one line of 16 bytes)"},
    {Command::Down, "down", "move down one row"},
    {Command::ByteLeft, "byte-left", "memory view: move the cursor one byte left"},
    {Command::ByteRight, "byte-right", "memory view: move the cursor one byte right"},
    {Command::ScrollLeft, "scroll-left", "scroll a table wider than the screen left, its header with it"},
    {Command::ScrollRight, "scroll-right", "scroll a table wider than the screen right"},
    {Command::PageUp, "page-up", "move up one screen"},
    {Command::PageDown, "page-down", "move down one screen"},
    {Command::Home, "home", "go to the first row (memory: the start of the VMA)"},
    {Command::End, "end", "go to the last row (memory: the end of the VMA)"},
    {Command::Open, "open", "open: a task's details, a VMA's bytes, an image's decoded entries, a JSON fold"},
    {Command::Back, "back", "go back: close the memory (Esc), image or help view, or return to the task pane"},
    {Command::NextPane, "next-pane", "switch between the task pane and the detail pane"},
    {Command::NextTab, "next-tab", "next detail tab"},
    {Command::PrevTab, "prev-tab", "previous detail tab"},
    {Command::Fold, "fold", "fold or unfold a task's children (task pane) or a JSON object or array"},
    {Command::Filter, "filter", "filter the table (memory: search text, or hex bytes as x:de ad be ef)"},
    {Command::Next, "next", "next match of the filter or search"},
    {Command::Prev, "prev", "previous match of the filter or search"},
    {Command::Goto, "goto", "memory view: go to an address (hex)"},
    {Command::Help, "help", "this help screen"},
    {Command::Quit, "quit", "quit img-tui"},
}};

constexpr std::array<KeyBinding, 35> kBindings{{
    {kKeyUp, Command::Up},         {'k', Command::Up},
    {kKeyDown, Command::Down},     {'j', Command::Down},
    {kKeyPageUp, Command::PageUp}, {kKeyPageDown, Command::PageDown},
    {kKeyHome, Command::Home},     {kKeyEnd, Command::End},
    {kKeyEnter, Command::Open},    {'l', Command::Open},
    {kKeyEscape, Command::Back},   {kKeyBackspace, Command::Back},   {'h', Command::Back},
    {kKeyTab, Command::NextPane},  {kKeyBackTab, Command::NextPane},
    {kKeyRight, Command::NextTab}, {']', Command::NextTab},
    {kKeyLeft, Command::PrevTab},  {'[', Command::PrevTab},
    {' ', Command::Fold},          {'f', Command::Fold},
    {'/', Command::Filter},        {'n', Command::Next},              {'N', Command::Prev},
    {'g', Command::Goto},          {'?', Command::Help},              {'q', Command::Quit},
    {'G', Command::End},           {'Q', Command::Quit},
    {'<', Command::ScrollLeft},    {'>', Command::ScrollRight},
    {kKeyLeft, Command::ByteLeft, KeyScope::Memory},   {'h', Command::ByteLeft, KeyScope::Memory},
    {kKeyRight, Command::ByteRight, KeyScope::Memory}, {'l', Command::ByteRight, KeyScope::Memory},
}};

}  // namespace

std::span<const CommandInfo> commands() { return kCommands; }
std::span<const KeyBinding> key_bindings() { return kBindings; }

const CommandInfo& command_info(Command c) {
    for (const auto& info : kCommands)
        if (info.command == c) return info;
    return kCommands.front();   // unreachable: every command has a row
}

std::optional<Command> command_for_key(int key, bool in_memory) {
    if (in_memory)
        for (const auto& b : kBindings)
            if (b.key == key && b.scope == KeyScope::Memory) return b.command;
    for (const auto& b : kBindings)
        if (b.key == key && b.scope == KeyScope::Anywhere) return b.command;
    return std::nullopt;
}

std::optional<Command> find_command(std::string_view name) {
    for (const auto& info : kCommands)
        if (info.name == name) return info.command;
    return std::nullopt;
}

std::vector<std::string> keys_of(Command c) {
    std::vector<std::string> keys;
    for (const auto& b : kBindings)
        if (b.command == c) keys.push_back(key_name(b.key));
    return keys;
}

}  // namespace img::tui
