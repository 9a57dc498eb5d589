package sandbox

import (
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"time"
)

// The server's limits. Twilio's SDKs send requests of a few kilobytes and
// read answers of at most a page of 1,000 keys, so these bound what a
// misbehaving or hostile client can hold without touching normal use.
const (
	maxHeaderBytes = 64 << 10
	// maxConns bounds the connections held open at once. A client beyond
	// it does not wait: the oldest connection that is not in the middle of
	// a request (one still sending its headers, or idle between requests)
	// is closed to make room, so a flood of slow or idle connections
	// rotates among themselves while a client that sends its request at
	// once is served.
	maxConns = 512
)

// The timeouts are variables so that tests can shorten them.
var (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 30 * time.Second // headers and a body of at most maxBodyBytes
	writeTimeout      = 60 * time.Second // --faults latency holds answers on purpose
	idleTimeout       = 60 * time.Second
)

// discardLog is the servers' error log. The sandbox logs nothing: what
// net/http would print (accept errors, a client's bad TLS or a recovered
// panic) is either the client's problem, which it sees, or in the case of
// a panic possibly holds request data.
var discardLog = log.New(io.Discard, "", 0)

// newHTTPServer is the API server with its limits.
func newHTTPServer(h http.Handler, lim *connLimiter) *http.Server {
	return &http.Server{
		Handler:           h,
		MaxHeaderBytes:    maxHeaderBytes,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		ConnState:         lim.track,
		ErrorLog:          discardLog,
	}
}

// connLimiter is a listener that holds at most max connections, closing
// the oldest one that is not serving a request when a new one comes.
type connLimiter struct {
	net.Listener
	max   int
	mu    sync.Mutex
	conns map[net.Conn]*connState
	// evicted counts connections closed to make room, refused those closed
	// on arrival because every held one was busy; for tests and figures.
	evicted, refused int
}

type connState struct {
	busy  bool      // serving a request
	since time.Time // when it last became idle, or arrived
}

func newConnLimiter(ln net.Listener, max int) *connLimiter {
	return &connLimiter{Listener: ln, max: max, conns: make(map[net.Conn]*connState)}
}

func (l *connLimiter) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if l.admit(c) {
			return c, nil
		}
		c.Close()
	}
}

func (l *connLimiter) admit(c net.Conn) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.conns) >= l.max {
		var oldest net.Conn
		var at time.Time
		for oc, st := range l.conns {
			if !st.busy && (oldest == nil || st.since.Before(at)) {
				oldest, at = oc, st.since
			}
		}
		if oldest == nil {
			l.refused++
			return false
		}
		// Closing makes its server goroutine end; ConnState then reports
		// it closed. It stops counting now.
		delete(l.conns, oldest)
		oldest.Close()
		l.evicted++
	}
	l.conns[c] = &connState{since: time.Now()}
	return true
}

// track follows net/http's view of each connection.
func (l *connLimiter) track(c net.Conn, s http.ConnState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.conns[c]
	switch {
	case st == nil:
	case s == http.StateActive:
		st.busy = true
	case s == http.StateIdle:
		st.busy, st.since = false, time.Now()
	case s == http.StateClosed || s == http.StateHijacked:
		delete(l.conns, c)
	}
}
