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
	// it does not wait and is not refused: the oldest connection that is
	// not in the middle of a request (one still sending its headers, or
	// idle between requests) is closed to make room, else the one busy
	// longest (a body that never ends, an answer that is not read). So a
	// flood of connections rotates through itself, and a client that sends
	// its request at once is served; under no flood nothing is closed.
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
// the oldest one that is not serving a request, else the one busy longest,
// when a new one comes.
type connLimiter struct {
	net.Listener
	max   int
	mu    sync.Mutex
	conns map[net.Conn]*connState
}

type connState struct {
	busy  bool      // serving a request
	since time.Time // when it arrived, or last changed between busy and idle
}

func newConnLimiter(ln net.Listener, max int) *connLimiter {
	return &connLimiter{Listener: ln, max: max, conns: make(map[net.Conn]*connState)}
}

func (l *connLimiter) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.conns) >= l.max {
		var victim net.Conn
		var vs *connState
		for oc, st := range l.conns {
			if victim == nil || (vs.busy && !st.busy) || (vs.busy == st.busy && st.since.Before(vs.since)) {
				victim, vs = oc, st
			}
		}
		// Closing ends its server goroutine; ConnState then reports it
		// closed. It stops counting now.
		delete(l.conns, victim)
		victim.Close()
	}
	l.conns[c] = &connState{since: time.Now()}
	return c, nil
}

// track follows net/http's view of each connection.
func (l *connLimiter) track(c net.Conn, s http.ConnState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.conns[c]
	switch {
	case st == nil:
	case s == http.StateActive:
		st.busy, st.since = true, time.Now()
	case s == http.StateIdle:
		st.busy, st.since = false, time.Now()
	case s == http.StateClosed || s == http.StateHijacked:
		delete(l.conns, c)
	}
}
