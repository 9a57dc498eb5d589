//go:build !linux

package sandbox

import "os"

// openMemoryFile returns the file a memory store lives in. Without memfd,
// it is a temporary file unlinked as soon as it is open (see
// openUnlinkedFile).
func openMemoryFile() (f *os.File, tempDir string, err error) {
	return openUnlinkedFile()
}
