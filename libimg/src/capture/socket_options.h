// The socket-level options of a socket (SOL_SOCKET: buffers, timeouts, priority, flags) as the
// SkOptsEntry of its files.img entry, read with getsockopt on img-dump's copy of the descriptor.
#pragma once

#include <string>

#include "img/support/error.h"

namespace cimg { class SkOptsEntry; }

namespace img {

// `what` names the socket in errors ("task 12: fd 4").
Expected<void> read_socket_options(int sock, const std::string& what, cimg::SkOptsEntry& opts);

// How many instructions the socket filter attached to `sock` has (SO_ATTACH_FILTER / BPF), 0 for none.
// img-dump does not capture filters, so a socket with one is refused rather than dumped without it.
size_t socket_filter_length(int sock);

}  // namespace img
