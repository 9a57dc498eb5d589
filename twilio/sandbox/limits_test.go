package sandbox

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// shortTimeouts shortens the server's timeouts for one test.
func shortTimeouts(t *testing.T, d time.Duration) {
	saved := []time.Duration{readHeaderTimeout, readTimeout, writeTimeout, idleTimeout}
	readHeaderTimeout, readTimeout, idleTimeout = d, d, d
	t.Cleanup(func() {
		readHeaderTimeout, readTimeout, writeTimeout, idleTimeout = saved[0], saved[1], saved[2], saved[3]
	})
}

func startMemory(t *testing.T) *Server {
	t.Helper()
	srv, err := Start(context.Background(), Options{Memory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// serverLetGo reports whether the server answered or closed c before the
// bound; a connection it still holds times out.
func serverLetGo(c net.Conn, bound time.Duration) bool {
	c.SetReadDeadline(time.Now().Add(bound))
	_, err := io.ReadAll(c)
	var ne net.Error
	return !(errors.As(err, &ne) && ne.Timeout())
}

// TestStalledConnectionsAreClosed: a POST whose announced body never comes,
// and a keep-alive connection left idle, are closed by the server's
// timeouts instead of being held for as long as the client likes.
func TestStalledConnectionsAreClosed(t *testing.T) {
	shortTimeouts(t, 200*time.Millisecond)
	srv := startMemory(t)
	host := strings.TrimPrefix(srv.URL(), "http://")

	stalled, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	defer stalled.Close()
	io.WriteString(stalled, "POST /v1/Keys HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nAccountSid=")
	if !serverLetGo(stalled, 10*time.Second) {
		t.Error("a POST whose body never came was still held after 10 s")
	}

	idle, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	io.WriteString(idle, "GET /2010-04-01/Accounts.json HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(idle), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !serverLetGo(idle, 10*time.Second) {
		t.Error("an idle keep-alive connection was still held after 10 s")
	}
}

// TestHeaderCap: headers beyond 64 KB get 431, well before the megabyte
// net/http would otherwise read per connection.
func TestHeaderCap(t *testing.T) {
	srv := startMemory(t)
	req, _ := http.NewRequest(http.MethodGet, srv.URL()+"/2010-04-01/Accounts.json", nil)
	req.Header.Set("X-Big", strings.Repeat("a", 100<<10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("a 100 KB header got %d, want 431", resp.StatusCode)
	}
}
