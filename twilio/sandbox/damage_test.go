package sandbox

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPanicInTransactionMakesStoreReadOnly: a panic inside a transaction,
// as bbolt panics on a damaged page, is an error for that request, and from
// then on the store writes nothing, so a damaged file is not written to;
// reads still answer.
func TestPanicInTransactionMakesStoreReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.db")
	h, err := NewHandler(Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, write := range []bool{false, true} {
		run := h.store.view
		if write {
			run = h.store.update
		}
		err := run(func(*txn) error { panic("a damaged page") })
		if !errors.Is(err, errReadOnly) {
			t.Fatalf("write=%v: a panicking transaction gave %v, want the read-only error", write, err)
		}
	}
	err = h.store.update(func(t *txn) error {
		return t.setMeta("after", "the panic")
	})
	if !errors.Is(err, errReadOnly) {
		t.Errorf("a write after the panic gave %v, want the read-only error", err)
	}
	// Over the API: a create is refused with Twilio's 500 and says why.
	req := httptest.NewRequest(http.MethodPost, "/2010-04-01/Accounts/"+h.demo.SID+"/Keys.json", strings.NewReader("FriendlyName=after"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(h.demo.SID, h.demo.AuthToken)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), "stopped writing") {
		t.Errorf("a create after the panic: %d %s", rec.Code, rec.Body)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the state file changed after a transaction panicked")
	}
	if err := h.store.view(func(t *txn) error { _, _, err := t.account(h.demo.SID); return err }); err != nil {
		t.Errorf("a read after the panic: %v", err)
	}
}
