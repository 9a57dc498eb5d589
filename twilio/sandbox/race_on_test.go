//go:build race

package sandbox_test

// raceEnabled: the race detector instruments Go memory but not bbolt's
// mapped file, which changes the relative cost of decoding a record from
// the file and a stand-in from the heap; timing comparisons are for normal
// builds.
const raceEnabled = true
