//go:build unix

package sandbox

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// oNoFollow makes an open fail on a symlink instead of following it.
const oNoFollow = syscall.O_NOFOLLOW

// ownedByMe reports, as an error, a directory owned by another user: its
// owner could replace what the sandbox keeps there.
func ownedByMe(info fs.FileInfo) error {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok || int(st.Uid) == os.Geteuid() {
		return nil
	}
	return errors.New("belongs to another user")
}

// removeStaleMemoryDirs removes what memory stores of earlier versions left
// in the temporary directory when they were killed: twilio-keys-sandbox-*
// directories of ours whose sandbox.db no live process holds (bbolt holds
// its file with flock). They hold an Auth Token in clear.
func removeStaleMemoryDirs() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "twilio-keys-sandbox-*"))
	for _, dir := range dirs {
		info, err := os.Lstat(dir)
		if err != nil || !info.IsDir() || ownedByMe(info) != nil {
			continue
		}
		f, err := os.OpenFile(filepath.Join(dir, "sandbox.db"), os.O_RDONLY|syscall.O_NOFOLLOW, 0)
		if err != nil {
			continue // being made right now, or not one of ours
		}
		free := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
		f.Close()
		if free {
			os.RemoveAll(dir)
		}
	}
}
