package sandbox

import (
	"errors"
	"testing"
	"time"
)

// TestDecodedRecordsFollowTheStore: a record read twice is decoded once and
// then served from the cache; a committed rewrite is seen by the next read,
// a rolled-back one never is, a deleted key is gone, and changing a record a
// read returned does not change the cached one.
func TestDecodedRecordsFollowTheStore(t *testing.T) {
	s, err := openStore("", true, false, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	name := "first"
	k := keyRecord{SID: "SK0123456789abcdef0123456789abcdef", AccountSID: "AC0123456789abcdef0123456789abcdef",
		FriendlyName: &name, Type: keyStandard, Created: time.Unix(1e9, 0).UTC(), Updated: time.Unix(1e9, 0).UTC()}
	if err := s.update(func(t *txn) error { return t.putKey(k) }); err != nil {
		t.Fatal(err)
	}
	read := func() keyRecord {
		t.Helper()
		var got keyRecord
		if err := s.view(func(tx *txn) error {
			var found bool
			var err error
			got, found, err = tx.key(k.SID)
			if err == nil && !found {
				err = errors.New("not found")
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return got
	}
	cached := func() *decodedEntry[keyRecord] {
		e, ok := s.keys.entries.Load(k.SID)
		if !ok {
			return nil
		}
		return e.(*decodedEntry[keyRecord])
	}

	if err := s.update(func(tx *txn) error { _, _, err := tx.key(k.SID); return err }); err != nil {
		t.Fatal(err)
	}
	if cached() != nil {
		t.Fatal("a write transaction filled the cache with bytes not yet committed")
	}
	got := read()
	first := cached()
	if first == nil || *got.FriendlyName != "first" {
		t.Fatalf("after a read: cached %v, name %q", first != nil, *got.FriendlyName)
	}
	for range 2 { // the first read's record was decoded; the second's came from the cache
		*got.FriendlyName = "changed by a caller"
		if got = read(); *got.FriendlyName != "first" || cached() != first {
			t.Errorf("next read: name %q, same entry %v; want the cached record, unchanged", *got.FriendlyName, cached() == first)
		}
	}

	renamed := "second"
	k.FriendlyName = &renamed
	if err := s.update(func(tx *txn) error { return tx.putKey(k) }); err != nil {
		t.Fatal(err)
	}
	if got := read(); *got.FriendlyName != "second" {
		t.Errorf("after a committed rename the read says %q", *got.FriendlyName)
	}

	undone := "rolled back"
	k.FriendlyName = &undone
	failure := &apiError{400, codeInternal, "roll back"} // an error the store passes through as it is
	if err := s.update(func(tx *txn) error { _ = tx.putKey(k); return failure }); !errors.Is(err, failure) {
		t.Fatalf("update: %v", err)
	}
	if got := read(); *got.FriendlyName != "second" {
		t.Errorf("after a rolled-back rename the read says %q", *got.FriendlyName)
	}

	if err := s.update(func(tx *txn) error { return tx.deleteKey(k) }); err != nil {
		t.Fatal(err)
	}
	if cached() != nil || s.keys.n.Load() != 0 {
		t.Error("a deleted key stayed in the cache")
	}
	if err := s.view(func(tx *txn) error {
		if _, found, err := tx.key(k.SID); found || err != nil {
			t.Errorf("a deleted key was found (err %v)", err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
