//go:build unix

package main

import (
	"io"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"
)

// undeliverable says why what is written to w would reach nobody, when
// that can be told before writing, or returns "". Two cases can: w is
// /dev/null, which is also what a closed stdout is by the time this runs
// (Go's runtime opens /dev/null on a closed descriptor 0, 1 or 2 at start),
// and w is a pipe whose reader has gone (poll reports POLLERR). A reader
// that goes later is caught by the write itself.
func undeliverable(w io.Writer) string {
	f, ok := w.(*os.File)
	if !ok {
		return ""
	}
	conn, err := f.SyscallConn()
	if err != nil {
		return ""
	}
	why := ""
	conn.Control(func(fd uintptr) {
		var st, null unix.Stat_t
		if err := unix.Fstat(int(fd), &st); err != nil {
			why = "stdout is closed"
			return
		}
		switch st.Mode & unix.S_IFMT {
		case unix.S_IFCHR:
			if unix.Stat(os.DevNull, &null) == nil && st.Rdev == null.Rdev {
				why = "stdout is " + os.DevNull + " (or was closed)"
			}
		case unix.S_IFIFO:
			fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
			if n, err := unix.Poll(fds, 0); err == nil && n > 0 && fds[0].Revents&unix.POLLERR != 0 {
				why = "stdout is a pipe nobody reads any more"
			}
		}
	})
	return why
}

// ignoreSIGPIPE makes a write to a pipe whose reader has gone return EPIPE
// instead of killing the process, until the returned function is called.
func ignoreSIGPIPE() (restore func()) {
	signal.Ignore(syscall.SIGPIPE)
	return func() { signal.Reset(syscall.SIGPIPE) }
}
