//go:build !unix

package sandbox

import "io/fs"

// oNoFollow is 0 where the platform has no such flag; Lstat checks remain.
const oNoFollow = 0

func ownedByMe(fs.FileInfo) error { return nil }

func removeStaleMemoryDirs() {}
