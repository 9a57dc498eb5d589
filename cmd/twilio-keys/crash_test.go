package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twilio-keys/twilio-keys/twilio"
)

var (
	crashRounds = flag.Int("crash.rounds", 20, "rounds of TestSandboxSurvivesSIGKILL: write, SIGKILL, restart, check")
	crashSeed   = flag.Uint64("crash.seed", 1, "seed of TestSandboxSurvivesSIGKILL's kill points and operations")
)

// crashWorkers is how many clients write at once; each owns its keys, so
// the order of the operations on any one key is known.
const crashWorkers = 4

// TestSandboxSurvivesSIGKILL runs `twilio-keys sandbox --state FILE` as a
// process, lets concurrent clients create, rename and delete keys, and
// SIGKILLs it after a random number of acknowledged writes, with requests
// in flight. Each restart on the same file must open it and hold every
// write whose answer reached a client; a write cut off by the kill may or
// may not be there, but nothing else: no key or name that was never sent,
// no half-written record.
func TestSandboxSurvivesSIGKILL(t *testing.T) {
	state := filepath.Join(t.TempDir(), "sandbox.db")
	rng := rand.New(rand.NewPCG(*crashSeed, 0))
	proc := startSandboxProcess(t, "--state", state, "--listen", "127.0.0.1:0")
	m := &crashModel{keys: map[string]*crashKey{}, deleted: map[string]bool{}, cutCreates: map[string]bool{}}
	m.demo = crashListing(t, proc)

	var acked, cutOff, adopted, maxKeys int
	for round := range *crashRounds {
		killAfter := 1 + rng.IntN(60)
		a, c := m.writeUntilKilled(t, proc, round, killAfter, rng.Uint64())
		acked, cutOff = acked+a, cutOff+c
		proc = startSandboxProcess(t, "--state", state, "--listen", "127.0.0.1:0")
		adopted += m.check(t, crashListing(t, proc))
		maxKeys = max(maxKeys, len(m.keys))
		if t.Failed() {
			t.Fatalf("round %d (seed %d): the store lost or invented writes", round, *crashSeed)
		}
	}
	t.Logf("%d rounds, %d SIGKILLs with writes in flight: %d acknowledged writes all kept; %d writes cut off (%d cut-off creates found committed); up to %d keys",
		*crashRounds, *crashRounds, acked, cutOff, adopted, maxKeys)
}

// crashKey is what the clients know about one of their keys.
type crashKey struct {
	owner     int
	names     []string // names it may have now: the acknowledged one, then any whose rename was cut off
	mustExist bool     // false once a delete was sent and cut off
}

// crashModel is every write the clients made, acknowledged or cut off.
type crashModel struct {
	mu         sync.Mutex
	demo       map[string]string    // the seeded keys, which nobody touches
	keys       map[string]*crashKey // by SID
	deleted    map[string]bool      // SIDs whose delete was acknowledged
	cutCreates map[string]bool      // names of creates cut off by the kill
}

// writeUntilKilled has the workers write until killAfter writes have been
// acknowledged, then kills the sandbox under them. It returns how many
// writes were acknowledged and how many were cut off.
func (m *crashModel) writeUntilKilled(t *testing.T, proc *sandboxProcess, round, killAfter int, seed uint64) (acked, cutOff int) {
	t.Helper()
	client := crashClient(t, proc)
	var ack, cut atomic.Int32
	var killed atomic.Bool
	var kill sync.Once
	killNow := func() {
		kill.Do(func() {
			killed.Store(true) // before the kill, so every failure it causes sees it
			proc.kill()
		})
	}
	owned := make([][]string, crashWorkers)
	for w := range owned {
		owned[w] = m.owned(w)
	}
	var wg sync.WaitGroup
	for w := range crashWorkers {
		rng := rand.New(rand.NewPCG(seed, uint64(w)))
		wg.Go(func() {
			for seq := 0; !killed.Load(); seq++ {
				if err := m.writeOnce(client, rng, w, fmt.Sprintf("crash-r%d-w%d-%d", round, w, seq), &owned[w]); err != nil {
					if !killed.Load() {
						t.Errorf("a write failed before the kill: %v", err)
					}
					cut.Add(1)
					return
				}
				if ack.Add(1) == int32(killAfter) {
					killNow()
				}
			}
		})
	}
	wg.Wait()
	killNow() // in case every worker stopped on an error first
	return int(ack.Load()), int(cut.Load())
}

// owned lists the keys worker w may change.
func (m *crashModel) owned(w int) []string {
	var sids []string
	for sid, k := range m.keys {
		if k.owner == w {
			sids = append(sids, sid)
		}
	}
	slices.Sort(sids)
	return sids
}

// writeOnce creates, renames or deletes one of the worker's keys and
// records the outcome, acknowledged or cut off (the error).
func (m *crashModel) writeOnce(client *twilio.Client, rng *rand.Rand, w int, name string, own *[]string) error {
	ctx := context.Background()
	op := rng.IntN(10)
	if len(*own) < 2 {
		op = 0
	}
	switch {
	case op < 4:
		k, err := client.CreateKey(ctx, name, twilio.KeyTypeStandard)
		m.mu.Lock()
		defer m.mu.Unlock()
		if err != nil {
			m.cutCreates[name] = true
			return err
		}
		m.keys[k.SID] = &crashKey{owner: w, names: []string{name}, mustExist: true}
		*own = append(*own, k.SID)
	case op < 8:
		sid := (*own)[rng.IntN(len(*own))]
		name += "-renamed"
		_, err := client.RenameKey(ctx, sid, name)
		m.mu.Lock()
		defer m.mu.Unlock()
		k := m.keys[sid]
		if err != nil {
			k.names = append(k.names, name)
			return err
		}
		k.names = []string{name}
	default:
		i := rng.IntN(len(*own))
		sid := (*own)[i]
		err := client.DeleteKey(ctx, sid)
		m.mu.Lock()
		defer m.mu.Unlock()
		if err != nil {
			m.keys[sid].mustExist = false
			return err
		}
		delete(m.keys, sid)
		m.deleted[sid] = true
		*own = slices.Delete(*own, i, i+1)
	}
	return nil
}

// check compares what the restarted sandbox lists with what the clients
// know, and then takes the listing as the truth for the next round. It
// returns how many cut-off creates turned out to be committed.
func (m *crashModel) check(t *testing.T, listed map[string]string) (adopted int) {
	t.Helper()
	for sid, name := range m.demo {
		if listed[sid] != name {
			t.Errorf("seeded key %s is %q, want %q untouched", sid, listed[sid], name)
		}
	}
	for sid, name := range listed {
		if _, ok := m.demo[sid]; ok {
			continue
		}
		k := m.keys[sid]
		switch {
		case k != nil && !slices.Contains(k.names, name):
			t.Errorf("key %s is named %q; the only names it may have are %q", sid, name, k.names)
		case k != nil:
		case m.deleted[sid]:
			t.Errorf("key %s (%q) is back after an acknowledged delete", sid, name)
		case m.cutCreates[name]:
			delete(m.cutCreates, name) // a second key by this name would be a duplicate
			m.keys[sid] = &crashKey{owner: -1, names: []string{name}, mustExist: true}
			adopted++
		default:
			t.Errorf("key %s (%q) was never created by a client, or is a duplicate", sid, name)
		}
	}
	for sid, k := range m.keys {
		name, ok := listed[sid]
		switch {
		case !ok && k.mustExist:
			t.Errorf("key %s (%q): its acknowledged writes are lost", sid, k.names[0])
		case !ok:
			delete(m.keys, sid) // its cut-off delete was committed
			m.deleted[sid] = true
		default:
			k.names, k.mustExist = []string{name}, true
		}
	}
	clear(m.cutCreates)
	return adopted
}

// crashListing lists every key the sandbox has, SID to name, failing the
// test if any is listed twice.
func crashListing(t *testing.T, proc *sandboxProcess) map[string]string {
	t.Helper()
	keys := map[string]string{}
	err := crashClient(t, proc).ListKeys(t.Context(), 200, func(page []twilio.Key) error {
		for _, k := range page {
			if _, dup := keys[k.SID]; dup {
				t.Errorf("key %s listed twice", k.SID)
			}
			keys[k.SID] = k.FriendlyName
		}
		return nil
	})
	if err != nil {
		t.Fatalf("listing after a restart: %v\nsandbox stderr:\n%s", err, proc.stderr)
	}
	return keys
}

// crashClient talks to the sandbox process without retrying: a write that
// gets no answer is cut off, and the test records it as such.
func crashClient(t *testing.T, proc *sandboxProcess) *twilio.Client {
	t.Helper()
	c, err := twilio.New(twilio.Credentials{AccountSID: proc.accountSID, AuthToken: proc.authToken}, twilio.Options{
		BaseURL:    proc.url,
		Sandbox:    true,
		HTTPClient: &http.Client{Timeout: 30 * time.Second},
		Retry:      twilio.RetryPolicy{MaxRetries: -1},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
