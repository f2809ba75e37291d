"""Confine a freshly forked query worker: no network, no inherited sockets, bounded memory,
and no life after its server.

A query worker only needs its pipe to the server and the dataset. After fork it:
1. asks the kernel for SIGKILL when the thread that forked it ends (PR_SET_PDEATHSIG), so a
   server killed with SIGKILL or crashing takes its workers with it;
2. replaces every inherited socket but its own pipe with /dev/null: the listening socket,
   client connections and sibling workers' pipes. A restart can then bind the port at once,
   clients see their connection close, and a worker sees EOF when its server goes away;
3. installs a seccomp filter (libseccomp, via pyseccomp) that makes socket() fail with
   EACCES for IPv4, IPv6 and raw packets, and io_uring (which could open sockets past the
   filter) fail with EPERM. Whatever the query says, the process cannot open a connection;
4. after the dataset is open, caps its address space (RLIMIT_AS) at what it has plus the
   per-query budget: an allocation past it fails and the engine aborts the process, which
   the pool reports as "over the memory limit" and replaces. Core dumps are off.
"""
from __future__ import annotations

import ctypes
import errno
import os
import resource
import signal
import socket
import stat

PR_SET_PDEATHSIG = 1
REFUSED_FAMILIES = (socket.AF_INET, socket.AF_INET6, getattr(socket, "AF_PACKET", 17))
REFUSED_CALLS = ("io_uring_setup", "io_uring_enter", "io_uring_register")


class SandboxError(RuntimeError):
    """The worker could not be confined (no libseccomp): it must not serve queries."""


def die_with_parent(parent_pid: int) -> None:
    """SIGKILL this process when its parent goes; exit now if it already went."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise SandboxError(f"prctl(PR_SET_PDEATHSIG) failed: {os.strerror(ctypes.get_errno())}")
    if os.getppid() != parent_pid:  # the parent died between fork and prctl
        os._exit(1)


def drop_inherited_sockets(keep: int) -> int:
    """Point every inherited socket descriptor except `keep` at /dev/null; return how many.

    dup2 rather than close: Python objects inherited from the server still hold these
    numbers, and closing one later must not close a file this worker opened since."""
    devnull = os.open(os.devnull, os.O_RDWR)
    dropped = 0
    try:
        for name in os.listdir("/proc/self/fd"):
            fd = int(name)
            if fd in (keep, devnull):
                continue
            try:
                is_socket = stat.S_ISSOCK(os.fstat(fd).st_mode)
            except OSError:
                continue  # the descriptor of the listdir itself, already closed
            if is_socket:
                os.dup2(devnull, fd)
                dropped += 1
    finally:
        os.close(devnull)
    return dropped


def forbid_network() -> None:
    """Load the seccomp filter that refuses network sockets and io_uring (for this process
    and the threads it starts afterwards).

    :raises SandboxError: libseccomp or its Python binding is missing.
    """
    try:
        import pyseccomp as seccomp
    except (ImportError, OSError) as exc:
        raise SandboxError(f"cannot load libseccomp ({exc}); install Debian's libseccomp2 "
                           "and `pip install pyseccomp`, or run queries in-process") from None
    rules = seccomp.SyscallFilter(seccomp.ALLOW)
    for family in REFUSED_FAMILIES:
        rules.add_rule(seccomp.ERRNO(errno.EACCES), "socket", seccomp.Arg(0, seccomp.EQ, family))
    for call in REFUSED_CALLS:
        rules.add_rule(seccomp.ERRNO(errno.EPERM), call)
    rules.load()


def limit_memory(budget_bytes: int) -> int:
    """Cap the address space at its current size plus `budget_bytes`; return the cap.

    Relative to the current size because a worker forked from an in-memory store already
    maps the whole dataset (shared copy-on-write, so it costs no new memory)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        current = int(statm.read().split()[0]) * resource.getpagesize()
    cap = current + budget_bytes
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.environ["RUST_BACKTRACE"] = "0"  # one line, not a backtrace, when the engine aborts
    return cap
