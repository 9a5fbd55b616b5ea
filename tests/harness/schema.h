// The generated message classes of our schema, for tests that build or inspect
// messages directly. <signal.h> defines a `sigmask` macro that breaks the
// generated accessor of SignalfdEntry.sigmask, so it is undone here first.
#pragma once

#include <signal.h>
#undef sigmask

#include "core.pb.h"
#include "fdinfo.pb.h"
#include "ghost_file.pb.h"
#include "ipc.pb.h"
#include "mm.pb.h"
#include "pagemap.pb.h"
#include "pstree.pb.h"
#include "regfile.pb.h"
#include "render.pb.h"
#include "sk_inet.pb.h"
#include "sk_unix.pb.h"
#include "vma.pb.h"
