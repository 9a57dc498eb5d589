package sandbox

import (
	"os"
	"path/filepath"
)

// openUnlinkedFile creates a file in a private temporary directory and
// removes both names at once, before anything is written, so no name leads
// to the data and nothing is left behind however the process ends. Where
// an open file cannot be removed (Windows), the directory is returned to be
// removed on close.
func openUnlinkedFile() (f *os.File, tempDir string, err error) {
	dir, err := os.MkdirTemp("", "twilio-keys-sandbox-")
	if err != nil {
		return nil, "", err
	}
	f, err = os.OpenFile(filepath.Join(dir, "sandbox.db"), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		os.RemoveAll(dir)
		return nil, "", err
	}
	if os.Remove(f.Name()) != nil || os.Remove(dir) != nil {
		return f, dir, nil
	}
	return f, "", nil
}
