//go:build linux

package main

// The sandbox under connection floods, through the real binary on
// loopback: bounded in the number of connections and in time.

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

var (
	floodSlow = flag.Int("flood.slow", 2000, "connections sending an endless header line in TestSandboxConnectionFloods")
	floodIdle = flag.Int("flood.idle", 10000, "idle keep-alive connections held in TestSandboxConnectionFloods")
)

// rssKB reads a process's resident set (VmRSS) and its peak (VmHWM) in kB.
func rssKB(t *testing.T, pid int) (rss, peak int) {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skip("needs /proc")
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "VmRSS:" {
			rss, _ = strconv.Atoi(f[1])
		} else if len(f) >= 2 && f[0] == "VmHWM:" {
			peak, _ = strconv.Atoi(f[1])
		}
	}
	return rss, peak
}

// timedRequests sends n requests, each on a new connection, and returns
// their durations, sorted, and how many failed, with the first failure.
func timedRequests(p *sandboxProcess, n int) (durations []time.Duration, failed int, first error) {
	for range n {
		c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 30 * time.Second}
		req, _ := http.NewRequest(http.MethodGet, p.url+"/2010-04-01/Accounts/"+p.accountSID+"/Keys.json", nil)
		req.SetBasicAuth(p.accountSID, p.authToken)
		start := time.Now()
		resp, err := c.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				err = fmt.Errorf("status %d", resp.StatusCode)
			}
		}
		if err != nil {
			if failed++; first == nil {
				first = err
			}
			continue
		}
		durations = append(durations, time.Since(start))
	}
	slices.Sort(durations)
	return durations, failed, first
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	return ds[len(ds)/2]
}

// TestSandboxConnectionFloods: 2,000 connections each sending a 1 MB
// header line that never ends, then 2,000 POSTs whose body never comes,
// then 10,000 idle keep-alive connections, held open by the test. The sandbox's memory stays bounded, it closes
// connections beyond its cap rather than holding them, and a normal
// request on a new connection is still answered each time. The figures
// are logged for the README.
func TestSandboxConnectionFloods(t *testing.T) {
	skipUnlessUnix(t)
	if testing.Short() {
		t.Skip("floods the sandbox with connections")
	}
	p := startBinarySandbox(t, []string{"HOME=" + t.TempDir()}, "--memory")
	pid := p.cmd.Process.Pid
	host := strings.TrimPrefix(p.url, "http://")
	base, _, _ := timedRequests(p, 20)
	rss0, _ := rssKB(t, pid)

	// Slow headers: each connection writes up to 1 MB of one header line
	// and never ends it. Loopback buffers can take all of it, so whether the
	// server gave up on a connection shows in reading from it.
	line := []byte("X-Flood: " + strings.Repeat("a", 64<<10-9))
	var wg sync.WaitGroup
	var conns []net.Conn
	var cutCount atomic.Int64
	deadline := time.Now().Add(30 * time.Second) // a bound, not a wait
	for range *floodSlow {
		c, err := net.DialTimeout("tcp", host, 10*time.Second)
		if err != nil {
			t.Fatalf("dial: %v", err)
		}
		conns = append(conns, c)
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.SetDeadline(deadline)
			if _, err := c.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n")); err == nil {
				for written := 0; written < 1<<20; written += len(line) {
					if _, err := c.Write(line); err != nil {
						break
					}
				}
			}
			// An answer (431) or the connection closed: the server let go.
			if _, err := c.Read(make([]byte, 1)); err == nil || !isTimeout(err) {
				cutCount.Add(1)
			}
		}()
	}
	wg.Wait()
	cut := int(cutCount.Load())
	_, peakSlow := rssKB(t, pid)
	during, failedSlow, errSlow := timedRequests(p, 20)
	for _, c := range conns {
		c.Close()
	}
	conns = conns[:0]

	// Bodies that never come: 2,000 POSTs announce 100 bytes and stall.
	for range *floodSlow {
		c, err := net.DialTimeout("tcp", host, 10*time.Second)
		if err != nil {
			t.Fatalf("dial: %v", err)
		}
		conns = append(conns, c)
		c.SetWriteDeadline(time.Now().Add(30 * time.Second)) // a bound, not a wait
		c.Write([]byte("POST /v1/Keys HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nAccountSid="))
	}
	stalled, failedStalled, errStalled := timedRequests(p, 20)
	for _, c := range conns {
		c.Close()
	}
	conns = conns[:0]

	// Idle keep-alive connections: one request each, then held open.
	req := "GET /2010-04-01/Accounts/" + p.accountSID + "/Balance.json HTTP/1.1\r\nHost: " + host +
		"\r\nAuthorization: Basic " + basicAuth(p.accountSID, p.authToken) + "\r\n\r\n"
	answered := 0
	for range *floodIdle {
		c, err := net.DialTimeout("tcp", host, 10*time.Second)
		if err != nil {
			t.Fatalf("dial after %d idle connections: %v", len(conns), err)
		}
		conns = append(conns, c)
		c.SetDeadline(time.Now().Add(30 * time.Second)) // a bound, not a wait
		if _, err := c.Write([]byte(req)); err == nil {
			if resp, err := http.ReadResponse(bufio.NewReader(c), nil); err == nil {
				resp.Body.Close()
				answered++
			}
		}
	}
	idle, failedIdle, errIdle := timedRequests(p, 20)
	_, peak := rssKB(t, pid)
	// Count the idle connections the sandbox closed to stay under its cap.
	closed := 0
	one := make([]byte, 1)
	for _, c := range conns {
		c.SetReadDeadline(time.Now().Add(time.Millisecond)) // a poll, not a wait
		if _, err := c.Read(one); err != nil && !isTimeout(err) {
			closed++
		}
		c.Close()
	}

	t.Logf("normal request, median of 20 on a new connection: %v alone, %v with %d slow-header connections open, %v with as many stalled POST bodies, %v with %d idle connections held",
		median(base), median(during), *floodSlow, median(stalled), median(idle), *floodIdle)
	t.Logf("sandbox memory: %d MB resident before, peak %d MB during the slow-header flood (%d of %d cut off by the server), peak %d MB after the idle flood",
		rss0/1024, peakSlow/1024, cut, *floodSlow, peak/1024)
	t.Logf("idle flood: %d of %d connections answered, %d of them closed by the sandbox to stay under its cap", answered, *floodIdle, closed)
	if failedSlow > 0 || failedStalled > 0 || failedIdle > 0 {
		t.Errorf("normal requests failed: %d during the slow-header flood (%v), %d with stalled bodies (%v), %d with idle connections held (%v)",
			failedSlow, errSlow, failedStalled, errStalled, failedIdle, errIdle)
	}
	if peakSlow > 256<<10 {
		t.Errorf("the sandbox peaked at %d MB during the slow-header flood", peakSlow/1024)
	}
	if cut < *floodSlow*9/10 {
		t.Errorf("only %d of %d endless header lines were cut off", cut, *floodSlow)
	}
	if *floodIdle > 1000 && closed < *floodIdle/2 {
		t.Errorf("the sandbox held %d idle connections open", *floodIdle-closed)
	}
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

func basicAuth(user, pass string) string {
	u := url.UserPassword(user, pass)
	req := http.Request{Header: http.Header{}}
	p, _ := u.Password()
	req.SetBasicAuth(u.Username(), p)
	return strings.TrimPrefix(req.Header.Get("Authorization"), "Basic ")
}

// TestDiskFullAnswerNamesNoPath: when the state file cannot grow (here a
// file-size limit on the sandbox process, as a full disk would), creates
// get Twilio's 500 body, which says what failed and does not show the
// caller where the server keeps its state; the sandbox writes nothing to
// stderr.
func TestDiskFullAnswerNamesNoPath(t *testing.T) {
	skipUnlessUnix(t)
	dir := t.TempDir()
	path := dir + "/state/sandbox.db"
	p := startBinarySandbox(t, []string{"HOME=" + t.TempDir()}, "--state", path)
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	limit := unix.Rlimit{Cur: uint64(info.Size()), Max: uint64(info.Size())}
	if err := unix.Prlimit(p.cmd.Process.Pid, unix.RLIMIT_FSIZE, &limit, nil); err != nil {
		t.Skipf("cannot limit the sandbox's file size: %v", err)
	}
	var body string
	for i := 0; i < 2000 && body == ""; i++ {
		req, _ := http.NewRequest(http.MethodPost, p.url+"/2010-04-01/Accounts/"+p.accountSID+"/Keys.json",
			strings.NewReader(url.Values{"FriendlyName": {strings.Repeat("n", 64)}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(p.accountSID, p.authToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch resp.StatusCode {
		case http.StatusCreated:
		case http.StatusInternalServerError:
			body = string(b)
		default:
			t.Fatalf("create %d: %d %s", i, resp.StatusCode, b)
		}
	}
	if body == "" {
		t.Fatal("2,000 creates fitted in the limited file: the test did not fill it")
	}
	t.Logf("the answer once the file could not grow: %s", body)
	if strings.Contains(body, dir) || strings.Contains(body, "sandbox.db") || !strings.Contains(body, `"code":20500`) {
		t.Errorf("the 500 body shows the state file or is not Twilio's: %s", body)
	}
	if s := p.stderr.String(); s != "" {
		t.Errorf("the sandbox wrote to stderr: %q", s)
	}
}
