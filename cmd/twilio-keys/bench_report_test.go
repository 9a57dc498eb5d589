package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
)

// The report rows of the README's performance table: `twilio-keys report`
// over every key of 200 subaccounts × 500 keys (100,000 keys, plus the demo
// account's), in a process of its own, so that its peak memory is its own
// and not the sandbox's. .ci/bench runs it.

func init() {
	// The child: runs `twilio-keys report ARGS` with stdout counted and
	// thrown away, then says on stderr's last line how much it allocated.
	helperRoles["report-bench"] = func(args []string) int {
		out := &countingWriter{}
		code := run(context.Background(), append([]string{"report"}, args...), env{stdin: os.Stdin, stdout: out, stderr: io.Discard, getenv: os.Getenv})
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		fmt.Fprintf(os.Stderr, "report-bench: total-alloc %d peak-rss-kB %d out %d\n", m.TotalAlloc, peakRSS(), out.n)
		return code
	}
}

// peakRSS is the process's peak resident set in kB, VmHWM in
// /proc/self/status. It is measured here rather than by the parent's
// getrusage, because Linux carries a child's maxrss over from the parent it
// was forked from, and the parent holds the sandbox; VmHWM starts afresh
// at exec.
func peakRSS() int64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for line := range strings.Lines(string(status)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return n
		}
	}
	return -1
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

var (
	reportSandboxLock sync.Mutex
	reportSandboxes   = map[string]*sandbox.Server{} // "200x500" → its sandbox
)

// sandboxWithSubaccounts is an in-memory sandbox whose demo account has subs
// subaccounts of keys keys each, started once per run of the benchmarks.
func sandboxWithSubaccounts(b *testing.B, subs, keys int) *sandbox.Server {
	b.Helper()
	reportSandboxLock.Lock()
	defer reportSandboxLock.Unlock()
	name := fmt.Sprintf("%dx%d", subs, keys)
	if srv := reportSandboxes[name]; srv != nil {
		return srv
	}
	srv, err := sandbox.Start(context.Background(), sandbox.Options{Memory: true, SeedSubaccounts: subs, SeedSubaccountKeys: keys})
	if err != nil {
		b.Fatal(err)
	}
	reportSandboxes[name] = srv
	return srv
}

// BenchmarkReport runs the report as its own process over 200 × 500 keys
// in each format, and in CSV over 20 × 500: the peak RSS of the two shows
// that memory does not grow with the number of keys. keys/s counts every
// key of every account; peak-rss-MB is the process's maximum resident set
// (VmHWM), alloc-MB all it allocated, out-MB what it wrote.
func BenchmarkReport(b *testing.B) {
	for _, tc := range []struct {
		subs, keys int
		format     string
	}{
		{200, 500, "text"}, {200, 500, "csv"}, {200, 500, "json"}, {20, 500, "csv"},
	} {
		b.Run(fmt.Sprintf("%s-%dx%d", tc.format, tc.subs, tc.keys), func(b *testing.B) {
			srv := sandboxWithSubaccounts(b, tc.subs, tc.keys)
			total := float64(tc.subs*tc.keys + 9) // and the demo account's 7 keys and its subaccount's 2
			var rss, alloc, out float64
			runs := 0
			for b.Loop() {
				runs++
				cmd := exec.Command(os.Args[0], "-test.run=^TestReliabilityHelper$", "--",
					"--format", tc.format, "--max-age", "90d", "--base-url", srv.URL())
				cmd.Env = append(os.Environ(), helperRoleEnv+"=report-bench",
					"TWILIO_ACCOUNT_SID="+srv.AccountSID(), "TWILIO_AUTH_TOKEN="+srv.AuthToken(), "TWILIO_CONFIG_DIR="+b.TempDir())
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				err := cmd.Run()
				if code := cmd.ProcessState.ExitCode(); code != exitStale {
					b.Fatalf("report exited %d (%v), want %d: %s", code, err, exitStale, stderr.String())
				}
				a, r, o := parseReportBench(b, stderr.String())
				rss = max(rss, r/1024)
				alloc += a / (1 << 20)
				out += o / (1 << 20)
			}
			b.ReportMetric(total*float64(runs)/b.Elapsed().Seconds(), "keys/s")
			b.ReportMetric(rss, "peak-rss-MB")
			b.ReportMetric(alloc/float64(runs), "alloc-MB")
			b.ReportMetric(out/float64(runs), "out-MB")
		})
	}
}

// parseReportBench reads the child's last line: bytes allocated, peak RSS
// in kB, and bytes written.
func parseReportBench(b *testing.B, stderr string) (alloc, rss, out float64) {
	b.Helper()
	i := strings.LastIndex(stderr, "report-bench: ")
	if i < 0 {
		b.Fatalf("the child did not report its memory: %s", stderr)
	}
	f := strings.Fields(stderr[i:])
	if len(f) < 7 {
		b.Fatalf("unreadable: %q", stderr[i:])
	}
	a, err1 := strconv.ParseFloat(f[2], 64)
	r, err2 := strconv.ParseFloat(f[4], 64)
	o, err3 := strconv.ParseFloat(f[6], 64)
	if err1 != nil || err2 != nil || err3 != nil || r <= 0 {
		b.Fatalf("unreadable: %q", stderr[i:])
	}
	return a, r, o
}
