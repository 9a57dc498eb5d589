package sandbox

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// The store's layout. Records are JSON, so a store can be read with any bbolt
// tool. The two order buckets hold one nested bucket per account, mapping a
// sort position to a SID; paging walks them with a cursor.
var (
	bucketMeta         = []byte("meta")
	bucketAccounts     = []byte("accounts")      // account SID → accountRecord
	bucketKeys         = []byte("keys")          // key SID → keyRecord
	bucketKeyOrder     = []byte("key_order")     // account SID → {position → key SID}, newest first
	bucketAccountOrder = []byte("account_order") // account SID → {position → account SID}: itself and its subaccounts, oldest first
)

const (
	schemaVersion   = "1"
	metaSchema      = "schema"
	metaDemoAccount = "demo_account"
)

// Account statuses and types, as Twilio spells them.
const (
	statusActive    = "active"
	statusSuspended = "suspended"
	statusClosed    = "closed"
	typeFull        = "Full"
)

type accountRecord struct {
	SID          string    `json:"sid"`
	OwnerSID     string    `json:"owner_account_sid"` // its own SID for a main account
	FriendlyName string    `json:"friendly_name"`
	Status       string    `json:"status"`
	Type         string    `json:"type"`
	AuthToken    string    `json:"auth_token"` // kept in clear: Twilio shows it on fetch
	Created      time.Time `json:"created"`
	Updated      time.Time `json:"updated"`

	Secondary *secondaryToken `json:"secondary_auth_token,omitempty"` // see authtokens.go
}

func (a accountRecord) isSubaccount() bool { return a.OwnerSID != a.SID }

// keyType is kept for every key and enforced, though Twilio's API never
// reports it.
type keyType string

const (
	keyMain       keyType = "main"
	keyStandard   keyType = "standard"
	keyRestricted keyType = "restricted"
)

type keyRecord struct {
	SID          string          `json:"sid"`
	AccountSID   string          `json:"account_sid"`
	FriendlyName *string         `json:"friendly_name"` // nil when created without one, as Twilio does
	Type         keyType         `json:"type"`
	Policy       json.RawMessage `json:"policy,omitempty"` // restricted keys only
	Created      time.Time       `json:"created"`
	Updated      time.Time       `json:"updated"`
	Secret       secretHash      `json:"secret"` // empty for seeded keys: nobody can use them
}

// store is a bbolt file. In memory mode it is a file in a temporary
// directory, removed on close, so both modes run the same code.
type store struct {
	db      *bolt.DB
	tempDir string
}

// openStore opens the bbolt file at path, or a temporary one in memory
// mode. room is how many bytes the caller is about to write: mapping that
// much up front spares a large seeding transaction the remaps bbolt does as
// the file grows, each of which copies every page the transaction touched.
func openStore(path string, memory bool, room int) (*store, error) {
	s := &store{}
	opts := &bolt.Options{Timeout: 250 * time.Millisecond, InitialMmapSize: room}
	if memory {
		dir, err := os.MkdirTemp("", "twilio-keys-sandbox-")
		if err != nil {
			return nil, err
		}
		s.tempDir = dir
		path = filepath.Join(dir, "sandbox.db")
		// Nothing survives a memory store, so waiting for the disk buys nothing.
		opts.NoSync = true
	} else if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("sandbox store: %w", err)
	}
	db, err := bolt.Open(path, 0o600, opts)
	if errors.Is(err, bolterrors.ErrTimeout) {
		err = fmt.Errorf("%s is in use by another process (is another sandbox running?)", path)
	}
	if err == nil {
		// bbolt applies the mode only when it creates the file.
		err = os.Chmod(path, 0o600)
	}
	if err == nil {
		s.db = db
		err = s.init()
	}
	if err != nil {
		if db != nil {
			db.Close()
		}
		s.removeTemp()
		return nil, fmt.Errorf("sandbox store: %w", err)
	}
	return s, nil
}

func (s *store) init() error {
	return s.db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketMeta, bucketAccounts, bucketKeys, bucketKeyOrder, bucketAccountOrder} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bucketMeta)
		switch v := string(meta.Get([]byte(metaSchema))); v {
		case schemaVersion:
			return nil
		case "":
			return meta.Put([]byte(metaSchema), []byte(schemaVersion))
		default:
			return fmt.Errorf("store schema %q is not the supported %q", v, schemaVersion)
		}
	})
}

func (s *store) close() error {
	err := s.db.Close()
	s.removeTemp()
	return err
}

func (s *store) removeTemp() {
	if s.tempDir != "" {
		os.RemoveAll(s.tempDir)
	}
}

// view and update run fn in a read or a write transaction. update returns
// only once the transaction is committed (and, for a file store, synced), so
// a write is never acknowledged before it is durable.
func (s *store) view(fn func(*txn) error) error {
	return s.db.View(func(tx *bolt.Tx) error { return fn(&txn{tx}) })
}

func (s *store) update(fn func(*txn) error) error {
	return s.db.Update(func(tx *bolt.Tx) error { return fn(&txn{tx}) })
}

// txn gives typed access to the buckets inside one transaction.
type txn struct{ tx *bolt.Tx }

func (t *txn) meta(name string) string {
	return string(t.tx.Bucket(bucketMeta).Get([]byte(name)))
}

func (t *txn) setMeta(name, value string) error {
	return t.tx.Bucket(bucketMeta).Put([]byte(name), []byte(value))
}

func (t *txn) account(sid string) (accountRecord, bool, error) {
	var a accountRecord
	ok, err := getJSON(t.tx.Bucket(bucketAccounts), sid, &a)
	return a, ok, err
}

func (t *txn) key(sid string) (keyRecord, bool, error) {
	var k keyRecord
	ok, err := getJSON(t.tx.Bucket(bucketKeys), sid, &k)
	return k, ok, err
}

func getJSON(b *bolt.Bucket, id string, v any) (bool, error) {
	data := b.Get([]byte(id))
	if data == nil {
		return false, nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return false, fmt.Errorf("record %s: %w", id, err)
	}
	return true, nil
}

func putJSON(b *bolt.Bucket, id string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put([]byte(id), data)
}

// insertAccount adds a new account and lists it in its own order bucket and
// in its owner's.
func (t *txn) insertAccount(a accountRecord) error {
	if err := putJSON(t.tx.Bucket(bucketAccounts), a.SID, a); err != nil {
		return err
	}
	pos := oldestFirst(a.Created, a.SID)
	owners := []string{a.SID}
	if a.isSubaccount() {
		owners = append(owners, a.OwnerSID)
	}
	for _, owner := range owners {
		b, err := t.tx.Bucket(bucketAccountOrder).CreateBucketIfNotExists([]byte(owner))
		if err != nil {
			return err
		}
		if err := b.Put(pos, []byte(a.SID)); err != nil {
			return err
		}
	}
	return nil
}

// putAccount rewrites an existing account. Its position never changes.
func (t *txn) putAccount(a accountRecord) error {
	return putJSON(t.tx.Bucket(bucketAccounts), a.SID, a)
}

// putKey writes a key and its position. A key's position depends only on
// its creation time and SID, so rewriting it is harmless.
func (t *txn) putKey(k keyRecord) error {
	if err := putJSON(t.tx.Bucket(bucketKeys), k.SID, k); err != nil {
		return err
	}
	b, err := t.tx.Bucket(bucketKeyOrder).CreateBucketIfNotExists([]byte(k.AccountSID))
	if err != nil {
		return err
	}
	return b.Put(newestFirst(k.Created, k.SID), []byte(k.SID))
}

func (t *txn) deleteKey(k keyRecord) error {
	if err := t.tx.Bucket(bucketKeys).Delete([]byte(k.SID)); err != nil {
		return err
	}
	if b := t.keyOrder(k.AccountSID); b != nil {
		return b.Delete(newestFirst(k.Created, k.SID))
	}
	return nil
}

// keyOrder and accountOrder return an account's order bucket, or nil when
// it has none yet.
func (t *txn) keyOrder(accountSID string) *bolt.Bucket {
	return t.tx.Bucket(bucketKeyOrder).Bucket([]byte(accountSID))
}

func (t *txn) accountOrder(accountSID string) *bolt.Bucket {
	return t.tx.Bucket(bucketAccountOrder).Bucket([]byte(accountSID))
}

// A position is 8 bytes of time then the 34-byte SID, so positions are
// unique and sort by time with the SID breaking ties. Keys list newest first,
// so their time is stored inverted.
const positionLength = 8 + 34

func oldestFirst(created time.Time, sid string) []byte {
	return position(uint64(created.UnixNano()), sid)
}

func newestFirst(created time.Time, sid string) []byte {
	return position(^uint64(created.UnixNano()), sid)
}

func position(t uint64, sid string) []byte {
	p := make([]byte, 8, positionLength)
	binary.BigEndian.PutUint64(p, t)
	return append(p, sid...)
}
