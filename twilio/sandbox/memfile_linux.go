package sandbox

import (
	"os"

	"golang.org/x/sys/unix"
)

// openMemoryFile returns the file a memory store lives in: an anonymous
// memfd, which is memory with a file's interface. It has no name in any
// file system and vanishes with the process, however the process ends, so
// the Auth Token and everything else of a --memory sandbox never reach a
// disk. Kernels without memfd fall back to an unlinked temporary file.
func openMemoryFile() (f *os.File, tempDir string, err error) {
	fd, err := unix.MemfdCreate("twilio-keys-sandbox", unix.MFD_CLOEXEC)
	if err != nil {
		return openUnlinkedFile()
	}
	return os.NewFile(uintptr(fd), "memory"), "", nil
}
