// Reading the packets waiting in a socket's receive queue without taking them out: MSG_PEEK with
// SO_PEEK_OFF stepping through the queue on img-dump's copy of the descriptor, the peek offset
// put back afterwards. Descriptors in flight (SCM_RIGHTS) are refused, not captured.
#pragma once

#include <string>
#include <vector>

#include "img/support/error.h"

namespace img {

// One string per datagram (SOCK_DGRAM, SOCK_SEQPACKET) or per chunk of a stream. `what` names
// the socket in errors ("task 12: fd 4").
Expected<std::vector<std::string>> peek_socket_queue(int sock, const std::string& what);

}  // namespace img
