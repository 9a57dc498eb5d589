package sandbox

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"sync/atomic"
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

// store is a bbolt database. In memory mode its file is anonymous memory
// (see openMemoryFile), never a file on disk, so both modes run the same
// code and nothing is left behind however the process ends.
type store struct {
	db      *bolt.DB
	path    string // the state file; "" in memory mode
	tempDir string // set only where an open file cannot be unlinked: removed on close
	// broken is set once a transaction panicked: the file may be damaged, so
	// from then on the store refuses every write.
	broken atomic.Bool
	// keys and accounts as decoded by read transactions (see decoded).
	keys     decoded[keyRecord]
	accounts decoded[accountRecord]
}

// ErrStateInUse is wrapped by the error of a start whose state file another
// process holds.
var ErrStateInUse = errors.New("in use by another process")

// DamagedStateError is the error of a start whose state file fails the
// consistency check. The file has not been changed.
type DamagedStateError struct {
	Path   string
	Reason string
}

func (e *DamagedStateError) Error() string {
	return fmt.Sprintf("the state file %s is damaged (%s); it was left as it is", e.Path, e.Reason)
}

// openStore opens the bbolt file at path, or an anonymous one in memory
// mode. room is how many bytes the caller is about to write: mapping that
// much up front spares a large seeding transaction the remaps bbolt does as
// the file grows, each of which copies every page the transaction touched.
// explicit says the caller named path itself, so a symlink there is what
// the user asked for; the default path is never followed through a link.
func openStore(path string, memory, explicit bool, room int) (*store, error) {
	s := &store{keys: decoded[keyRecord]{clone: cloneKey}, accounts: decoded[accountRecord]{clone: cloneAccount}}
	opts := &bolt.Options{Timeout: 250 * time.Millisecond, InitialMmapSize: room}
	if memory {
		removeStaleMemoryDirs()
		f, tempDir, err := openMemoryFile()
		if err != nil {
			return nil, fmt.Errorf("sandbox store: %w", err)
		}
		s.tempDir = tempDir
		path = "memory"
		opts.OpenFile = func(string, int, os.FileMode) (*os.File, error) { return f, nil }
		// Nothing survives a memory store, so waiting for the disk buys nothing.
		opts.NoSync = true
	} else {
		var err error
		if path, err = prepareStatePath(path, explicit); err != nil {
			return nil, fmt.Errorf("sandbox store: %w", err)
		}
		if err := checkStateFile(path); err != nil {
			return nil, err
		}
		s.path = path
		opts.OpenFile = openStateFile
	}
	db, err := bolt.Open(path, 0o600, opts)
	if errors.Is(err, bolterrors.ErrTimeout) {
		err = fmt.Errorf("%s is %w (is another sandbox running?)", path, ErrStateInUse)
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

// init creates what a new store lacks. An existing store is only read: a
// write transaction rewrites bbolt's meta page and waits for the disk even
// when it changes nothing.
func (s *store) init() error {
	names := [][]byte{bucketMeta, bucketAccounts, bucketKeys, bucketKeyOrder, bucketAccountOrder}
	complete := false
	err := s.db.View(func(tx *bolt.Tx) error {
		for _, name := range names {
			if tx.Bucket(name) == nil {
				return nil
			}
		}
		complete = string(tx.Bucket(bucketMeta).Get([]byte(metaSchema))) != ""
		return nil
	})
	if err != nil || complete {
		return errors.Join(err, s.checkSchema())
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		for _, name := range names {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bucketMeta)
		if len(meta.Get([]byte(metaSchema))) == 0 {
			return meta.Put([]byte(metaSchema), []byte(schemaVersion))
		}
		return nil
	})
	return errors.Join(err, s.checkSchema())
}

func (s *store) checkSchema() error {
	return s.db.View(func(tx *bolt.Tx) error {
		if v := string(tx.Bucket(bucketMeta).Get([]byte(metaSchema))); v != schemaVersion {
			return fmt.Errorf("store schema %q is not the supported %q", v, schemaVersion)
		}
		return nil
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
//
// A panic inside a transaction (bbolt panics, or faults on the mapped file,
// when a page is damaged) is recovered and turns the store read-only: the
// transaction was rolled back, and writing more into a damaged file would
// spread the damage. Store failures reach the caller as a 500 whose text
// names no file.
func (s *store) view(fn func(*txn) error) error {
	return s.run(false, fn)
}

func (s *store) update(fn func(*txn) error) error {
	return s.run(true, fn)
}

func (s *store) run(write bool, fn func(*txn) error) (err error) {
	if write && s.broken.Load() {
		return errReadOnly
	}
	defer func() {
		if recover() != nil {
			s.broken.Store(true)
			err = errReadOnly
		}
	}()
	// A damaged page can point outside the mapping: make the fault a panic
	// this goroutine can recover, not a crash of the process.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	if write {
		err = s.db.Update(func(tx *bolt.Tx) error { return fn(&txn{tx: tx, s: s, write: true}) })
	} else {
		err = s.db.View(func(tx *bolt.Tx) error { return fn(&txn{tx: tx, s: s}) })
	}
	return storeFailure(err)
}

// errReadOnly answers every write once a transaction has panicked.
var errReadOnly = &apiError{http.StatusInternalServerError, codeInternal,
	"Internal Server Error: the sandbox stopped writing after a failure reading its state file, which may be damaged; nothing was changed. Restart the sandbox to have the file checked"}

// storeFailure turns an error from bbolt or the file system into a 500
// that says what failed without naming the file: an error body must not
// show a caller where the server keeps its state. Errors the endpoints
// chose pass through.
func storeFailure(err error) error {
	var ae *apiError
	var mna *methodNotAllowed
	if err == nil || errors.As(err, &ae) || errors.As(err, &mna) {
		return err
	}
	msg := "Internal Server Error: the sandbox could not read or write its state"
	// bbolt formats some causes into its own text, so the chain is lost;
	// the system's wording of the common ones is safe to pass on.
	for _, cause := range []string{"no space left on device", "file too large", "disk quota exceeded", "read-only file system", "input/output error"} {
		if strings.Contains(err.Error(), cause) {
			msg += " (" + cause + ")"
			break
		}
	}
	return &apiError{http.StatusInternalServerError, codeInternal, msg}
}

// txn gives typed access to the buckets inside one transaction.
type txn struct {
	tx    *bolt.Tx
	s     *store
	write bool
}

func (t *txn) meta(name string) string {
	return string(t.tx.Bucket(bucketMeta).Get([]byte(name)))
}

func (t *txn) setMeta(name, value string) error {
	return t.tx.Bucket(bucketMeta).Put([]byte(name), []byte(value))
}

func (t *txn) account(sid string) (accountRecord, bool, error) {
	return t.s.accounts.get(t.tx.Bucket(bucketAccounts), sid, !t.write)
}

func (t *txn) key(sid string) (keyRecord, bool, error) {
	return t.s.keys.get(t.tx.Bucket(bucketKeys), sid, !t.write)
}

// accountToAuthenticate and keyToAuthenticate read the record a caller
// names to sign in, decoding it every time, as the stand-in for an unknown
// SID is decoded: a cached record would answer sooner, and the time a
// refusal takes must not tell which SIDs exist.
func (t *txn) accountToAuthenticate(sid string) (accountRecord, bool, error) {
	return t.s.accounts.fresh(t.tx.Bucket(bucketAccounts), sid)
}

func (t *txn) keyToAuthenticate(sid string) (keyRecord, bool, error) {
	return t.s.keys.fresh(t.tx.Bucket(bucketKeys), sid)
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
	t.tx.OnCommit(func() { t.s.keys.forget(k.SID) })
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
