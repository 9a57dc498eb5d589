package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"

	bolt "go.etcd.io/bbolt"
)

// decoded keeps records as they were decoded from the store, each beside
// the stored bytes it came from. A read decodes a record only when its
// stored bytes differ from those the cache holds for it, so the cache can
// never answer with a record the transaction does not see: no write needs
// to invalidate it, and a transaction that is rolled back leaves it right.
// Decoding the 50 records of a page was about half of a list request's
// handler time (json.Unmarshal of keyRecord).
//
// Only read transactions fill it, so it holds committed records alone. A
// record that is rewritten is decoded again, once, by the next read.
type decoded[T any] struct {
	entries sync.Map // id → *decodedEntry[T]
	n       atomic.Int64
	// clone copies what a record points to (a name, a policy), so a caller
	// that changes its copy cannot change the cached one.
	clone func(T) T
}

type decodedEntry[T any] struct {
	raw []byte
	rec T
}

// maxDecoded bounds each cache: past it, records not yet cached are decoded
// each time they are read, as without a cache. A cached key takes about 740
// bytes of heap (its bytes, the record, the map entry), so 10,000 take about
// 7 MB: the embedded sandbox shares its process with the console, which
// lists every key. The records read first stay (the first pages, the
// credentials' account), which are the ones read most.
const maxDecoded = 10_000

// get reads id from b. keep says whether the record may be cached (false in
// a write transaction, whose bytes are not committed yet).
func (d *decoded[T]) get(b *bolt.Bucket, id string, keep bool) (T, bool, error) {
	var rec T
	data := b.Get([]byte(id))
	if data == nil {
		return rec, false, nil
	}
	if e, ok := d.entries.Load(id); ok {
		if e := e.(*decodedEntry[T]); bytes.Equal(e.raw, data) {
			return d.clone(e.rec), true, nil
		}
	}
	if err := json.Unmarshal(data, &rec); err != nil {
		return rec, false, fmt.Errorf("record %s: %w", id, err)
	}
	if keep {
		e := &decodedEntry[T]{raw: bytes.Clone(data), rec: d.clone(rec)}
		if _, had := d.entries.Load(id); had || d.n.Load() < maxDecoded {
			if _, replaced := d.entries.Swap(id, e); !replaced {
				d.n.Add(1)
			}
		}
	}
	return rec, true, nil
}

// fresh reads id from b without the cache: a decode every time, whether or
// not the record exists (see txn.accountToAuthenticate).
func (d *decoded[T]) fresh(b *bolt.Bucket, id string) (T, bool, error) {
	var rec T
	data := b.Get([]byte(id))
	if data == nil {
		return rec, false, nil
	}
	if err := json.Unmarshal(data, &rec); err != nil {
		return rec, false, fmt.Errorf("record %s: %w", id, err)
	}
	return rec, true, nil
}

// forget drops id, for a record deleted by a committed transaction.
func (d *decoded[T]) forget(id string) {
	if _, had := d.entries.LoadAndDelete(id); had {
		d.n.Add(-1)
	}
}

func cloneKey(k keyRecord) keyRecord {
	if k.FriendlyName != nil {
		name := *k.FriendlyName
		k.FriendlyName = &name
	}
	if k.Policy != nil {
		k.Policy = bytes.Clone(k.Policy)
	}
	return k
}

func cloneAccount(a accountRecord) accountRecord {
	if a.Secondary != nil {
		s := *a.Secondary
		a.Secondary = &s
	}
	return a
}
