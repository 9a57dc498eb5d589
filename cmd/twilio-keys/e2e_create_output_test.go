package main

// Issue 11, finding 6: the built binary, run as a shell runs it, with its
// stdout going nowhere. Either no key is made, or the key that was made is
// named on stderr with how to delete it; never a silent exit 0 or 141.

import (
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
)

// createdSIDs is the keys named "lost" in the sandbox's account.
func createdSIDs(t *testing.T, c *twilio.Client) []string {
	t.Helper()
	var sids []string
	err := c.ListKeys(t.Context(), twilio.MaxPageSize, func(page []twilio.Key) error {
		for _, k := range page {
			if k.FriendlyName == "lost" {
				sids = append(sids, k.SID)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sids
}

// createProcess is the binary set to create a key named "lost" on srv.
func createProcess(t *testing.T, srv *sandbox.Server, extra ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(binary(t), append([]string{"create", "--name", "lost", "--base-url", srv.URL()}, extra...)...)
	cmd.Env = []string{
		"TWILIO_ACCOUNT_SID=" + srv.AccountSID(), "TWILIO_AUTH_TOKEN=" + srv.AuthToken(),
		"TWILIO_CONFIG_DIR=" + t.TempDir(), "HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"),
	}
	return cmd
}

// exitCode is the process's exit status; a death by signal fails the test.
func exitCode(t *testing.T, err error, stderr string) int {
	t.Helper()
	if err == nil {
		return 0
	}
	ee, ok := err.(*exec.ExitError)
	if !ok {
		t.Fatal(err)
	}
	if ee.ExitCode() < 0 {
		t.Fatalf("killed by a signal (%v); stderr %q", ee, stderr)
	}
	return ee.ExitCode()
}

// checkReported: exit 1, and either no key exists and stderr says none was
// made, or exactly one does and stderr names it and how to delete it.
func checkReported(t *testing.T, client *twilio.Client, code int, stderr string) (created bool) {
	t.Helper()
	if code != exitFailure {
		t.Fatalf("exit code %d, want 1; stderr %q", code, stderr)
	}
	switch sids := createdSIDs(t, client); len(sids) {
	case 0:
		if !strings.Contains(stderr, "not creating a key") {
			t.Errorf("no key was made, but stderr says %q", stderr)
		}
		return false
	case 1:
		if !strings.Contains(stderr, sids[0]) || !strings.Contains(stderr, "could not be delivered") ||
			!strings.Contains(stderr, "twilio-keys delete "+sids[0]+" --yes") {
			t.Errorf("key %s was made, but stderr does not say so and how to delete it: %q", sids[0], stderr)
		}
		return true
	default:
		t.Fatalf("%d keys made", len(sids))
	}
	return false
}

// `| true` is a race between true's exit and the write; the pipe here has
// lost its reader before the start, the side of the race where true won.
// (Where true is still running when the secret is written, the kernel takes
// the write and nobody can tell the secret was never read.)
func TestCreateWithNowhereToWrite(t *testing.T) {
	for _, tt := range []struct{ name, shell string }{
		{"exec 1>&-", `exec 1>&-; exec "$@"`},
		{"> /dev/null", `exec "$@" >/dev/null`},
		{"| true", ""},
	} {
		for _, asJSON := range []bool{false, true} {
			t.Run(tt.name, func(t *testing.T) {
				srv, client := startSandbox(t)
				proc := createProcess(t, srv)
				if asJSON {
					proc.Args = append(proc.Args, "--json")
				}
				cmd := exec.Command("sh", append([]string{"-c", tt.shell, "sh"}, proc.Args...)...)
				if tt.shell == "" {
					cmd = proc
					r, w, err := os.Pipe()
					if err != nil {
						t.Fatal(err)
					}
					r.Close()
					defer w.Close()
					cmd.Stdout = w
				}
				cmd.Env = proc.Env
				var stderr strings.Builder
				cmd.Stderr = &stderr
				code := exitCode(t, cmd.Run(), stderr.String())
				if checkReported(t, client, code, stderr.String()) {
					t.Error("a key was made although stdout could be seen to go nowhere")
				}
			})
		}
	}
}

// The reader goes away after the start-up check passed and before the
// secret is written: the key exists, the write gets EPIPE (not SIGPIPE),
// and stderr says which key to delete.
func TestCreateWhoseReaderLeavesMidway(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	srv := sandboxtest.Start(t, sandbox.Options{Wrap: func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(rw http.ResponseWriter, req *http.Request) {
			if req.Method == http.MethodPost {
				once.Do(func() { r.Close() })
			}
			h.ServeHTTP(rw, req)
		})
	}})
	client := demoClient(t, srv)
	cmd := createProcess(t, srv)
	cmd.Stdout = w
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err = cmd.Run()
	w.Close()
	if !checkReported(t, client, exitCode(t, err, stderr.String()), stderr.String()) {
		t.Error("the reader left only after the key was made, yet no key was made")
	}
	if !regexp.MustCompile(`broken pipe`).MatchString(stderr.String()) {
		t.Errorf("stderr does not give the cause: %q", stderr.String())
	}
}
