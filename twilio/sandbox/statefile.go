package sandbox

import (
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// prepareStatePath makes the state file's directory (0700) if it is
// missing and refuses one that others could write to, since whoever can
// write there can replace the file or plant a link in its place. A symlink
// at path is followed only when the user named path (explicit); the path it
// leads to is returned, and its directory is checked instead.
func prepareStatePath(path string, explicit bool) (string, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", err
	}
	if info, err := os.Lstat(path); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		if !explicit {
			return "", fmt.Errorf("%s is a symbolic link; the sandbox does not follow links at its default state path. Remove the link, or name the file you mean with --state", path)
		}
		target, err := filepath.EvalSymlinks(path)
		if err != nil {
			return "", fmt.Errorf("%s is a symbolic link to a file that does not exist; create it or name another with --state", path)
		}
		path = target
	}
	dir := filepath.Dir(path)
	info, err := os.Stat(dir)
	if err != nil {
		return "", err
	}
	if perm := info.Mode().Perm(); perm&0o022 != 0 {
		if info.Mode()&fs.ModeSticky != 0 {
			// /tmp and the like: shared on purpose, so chmod is not the fix.
			return "", fmt.Errorf("the state directory %s is shared with other users (mode %04o, like /tmp), who could plant a file or link in the state file's place; name a state file in a directory of your own", dir, perm)
		}
		return "", fmt.Errorf("the state directory %s can be written by other users (mode %04o), who could replace the state file; run: chmod 700 %s", dir, perm, dir)
	}
	if err := ownedByMe(info); err != nil {
		return "", fmt.Errorf("the state directory %s %v; use a directory of your own", dir, err)
	}
	return path, nil
}

// openStateFile is how bbolt opens a state file: never through a symlink
// (prepareStatePath resolved the ones the user asked for), only a regular
// file, and always 0600 (bbolt applies a mode only when it creates the file).
func openStateFile(name string, flag int, perm os.FileMode) (*os.File, error) {
	f, err := os.OpenFile(name, flag|oNoFollow, perm)
	if err != nil {
		if isSymlinkRefusal(name, err) {
			return nil, fmt.Errorf("%s became a symbolic link while the sandbox opened it; it was not followed", name)
		}
		return nil, err
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = fmt.Errorf("%s is not a regular file", name)
	}
	if err == nil && flag&(os.O_WRONLY|os.O_RDWR) != 0 {
		err = f.Chmod(0o600)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func isSymlinkRefusal(name string, err error) bool {
	info, lerr := os.Lstat(name)
	return lerr == nil && info.Mode()&fs.ModeSymlink != 0 && err != nil
}

// checkBudget bounds the consistency check: a store large enough to take
// longer is checked only this far, and the guard on every transaction
// covers the rest.
const checkBudget = 5 * time.Second

// checkStateFile opens an existing state file read-only, which reads its
// meta pages and free list, and reads every bucket and every record in it. A damaged file gives a DamagedStateError and is
// not changed. A missing or empty file is not checked: bbolt creates it.
func checkStateFile(path string) error {
	info, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && info.Size() == 0) {
		return nil
	}
	if err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- checkReadOnly(path) }()
	return <-done
}

// checkReadOnly runs in a goroutine of its own so that a fault on the
// mapped file, or a bbolt panic, is recovered here.
func checkReadOnly(path string) (err error) {
	damaged := func(reason string) error { return &DamagedStateError{Path: path, Reason: reason} }
	defer func() {
		if r := recover(); r != nil {
			err = damaged(fmt.Sprintf("reading it failed: %v", r))
		}
	}()
	debug.SetPanicOnFault(true)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 250 * time.Millisecond, ReadOnly: true, OpenFile: openStateFile})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return fmt.Errorf("%s is %w (is another sandbox running?)", path, ErrStateInUse)
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return err // could not open it at all: permissions, not damage
		}
		return damaged(err.Error())
	}
	defer db.Close()
	deadline := time.Now().Add(checkBudget)
	err = db.View(func(tx *bolt.Tx) error {
		n := 0
		// Reading every byte of every key and value touches every page,
		// overflow pages included, so a page past the end of a truncated
		// file faults here rather than later.
		var sum uint32
		var walk func(b *bolt.Bucket) error
		walk = func(b *bolt.Bucket) error {
			return b.ForEach(func(k, v []byte) error {
				if n++; n%4096 == 0 && time.Now().After(deadline) {
					return errCheckBudget
				}
				sum = crc32.Update(crc32.Update(sum, crc32.IEEETable, k), crc32.IEEETable, v)
				if v == nil {
					if nested := b.Bucket(k); nested != nil {
						return walk(nested)
					}
				}
				return nil
			})
		}
		err := tx.ForEach(func(_ []byte, b *bolt.Bucket) error { return walk(b) })
		// bbolt's own Tx.Check is not used: it runs in a goroutine of its
		// own, where a fault on a damaged page could not be recovered and
		// would crash the program. The walk reads every page a transaction
		// can reach, and opening read-only has read the free list.
		_ = sum
		return err
	})
	if errors.Is(err, errCheckBudget) {
		return nil
	}
	if err != nil {
		return damaged(err.Error())
	}
	return nil
}

var errCheckBudget = errors.New("check budget spent")
