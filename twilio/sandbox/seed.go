package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

const day = 24 * time.Hour

// demoKey is a key the first start creates. Its secret is thrown away: the
// demo keys are there to be looked at, renamed and deleted.
type demoKey struct {
	name    string
	kind    keyType
	age     time.Duration // how long before the first start it was created
	renamed time.Duration // how long after creation it was last updated; 0 if never
}

var demoAccountKeys = []demoKey{
	{"Main key", keyMain, 412*day + 3*time.Hour, 0},
	{"prod-billing-worker", keyStandard, 301*day + 9*time.Hour, 14 * day},
	{"prod-sms-gateway", keyStandard, 243*day + 2*time.Hour, 0},
	{"staging-sms-notifier", keyStandard, 168*day + 16*time.Hour, 0},
	{"ci-deploy-bot", keyStandard, 96*day + 11*time.Hour, 30 * day},
	{"analytics-export", keyStandard, 41*day + 5*time.Hour, 0},
	{"dev-laptop-alice", keyStandard, 9*day + 22*time.Hour, 0},
}

var demoSubaccountKeys = []demoKey{
	{"sub-ivr-service", keyStandard, 201*day + 7*time.Hour, 0},
	{"sub-reporting-job", keyStandard, 58*day + 13*time.Hour, 0},
}

// seedDemo creates the demo account on the first start of an empty store
// and returns it; later starts return the account created then.
func (h *Handler) seedDemo() (accountRecord, error) {
	var demo accountRecord
	// A seeded store is only read: a write transaction would rewrite it.
	err := h.store.view(func(t *txn) error {
		if sid := t.meta(metaDemoAccount); sid != "" {
			a, _, err := t.account(sid)
			demo = a
			return err
		}
		return nil
	})
	if err != nil || demo.SID != "" {
		return demo, err
	}
	err = h.store.update(func(t *txn) error {
		if sid := t.meta(metaDemoAccount); sid != "" {
			a, found, err := t.account(sid)
			if err == nil && !found {
				err = fmt.Errorf("demo account %s is missing from the store", sid)
			}
			demo = a
			return err
		}
		now := h.now().UTC()
		demo = newDemoAccount("Sandbox Account", "", now.Add(-430*day))
		sub := newDemoAccount("Sandbox Subaccount", demo.SID, now.Add(-236*day))
		for _, a := range []struct {
			account accountRecord
			keys    []demoKey
		}{{demo, demoAccountKeys}, {sub, demoSubaccountKeys}} {
			if err := t.insertAccount(a.account); err != nil {
				return err
			}
			for _, dk := range a.keys {
				name := dk.name
				created := now.Add(-dk.age)
				k := keyRecord{SID: newKeySID(), AccountSID: a.account.SID, FriendlyName: &name, Type: dk.kind, Created: created, Updated: created.Add(dk.renamed)}
				if err := t.putKey(k); err != nil {
					return err
				}
			}
		}
		return t.setMeta(metaDemoAccount, demo.SID)
	})
	return demo, err
}

func newDemoAccount(name, owner string, created time.Time) accountRecord {
	sid := newAccountSID()
	if owner == "" {
		owner = sid
	}
	return accountRecord{
		SID:          sid,
		OwnerSID:     owner,
		FriendlyName: name,
		Status:       statusActive,
		Type:         typeFull,
		AuthToken:    newAuthToken(),
		Created:      created,
		Updated:      created,
	}
}

// generatedKeyNames are cycled through to name generated keys, each with a
// number: "prod-billing-worker-00042".
var generatedKeyNames = []string{
	"prod-billing-worker", "staging-sms-notifier", "ci-deploy-bot", "prod-sms-gateway",
	"analytics-export", "dev-webhook-relay", "qa-load-tester", "support-callback",
}

// seededKeyBytes is about what one generated key takes in the store: its
// record, its position, and bbolt's overhead for both.
const seededKeyBytes = 1024

// seedSpan is how far back generated keys' creation dates reach.
const seedSpan = 365 * day

// seedKeys adds n generated Standard keys to an account in one transaction.
// They have no secret. bbolt writes fastest when keys arrive in order and
// pages are packed, so each bucket is filled in sorted order.
func (h *Handler) seedKeys(accountSID string, n int) error {
	if n <= 0 {
		return nil
	}
	now := h.now().UTC()
	type row struct {
		sid      string
		position []byte
		record   []byte
	}
	rows := make([]row, n)
	for i := range rows {
		name := fmt.Sprintf("%s-%05d", generatedKeyNames[i%len(generatedKeyNames)], i+1)
		created := now.Add(-seedSpan * time.Duration(i+1) / time.Duration(n))
		k := keyRecord{SID: newKeySID(), AccountSID: accountSID, FriendlyName: &name, Type: keyStandard, Created: created, Updated: created}
		data, err := json.Marshal(k)
		if err != nil {
			return err
		}
		rows[i] = row{k.SID, newestFirst(created, k.SID), data}
	}
	return h.store.update(func(t *txn) error {
		keys := t.tx.Bucket(bucketKeys)
		order, err := t.tx.Bucket(bucketKeyOrder).CreateBucketIfNotExists([]byte(accountSID))
		if err != nil {
			return err
		}
		keys.FillPercent, order.FillPercent = 0.9, 0.9
		sort.Slice(rows, func(i, j int) bool { return bytes.Compare(rows[i].position, rows[j].position) < 0 })
		for _, r := range rows {
			if err := order.Put(r.position, []byte(r.sid)); err != nil {
				return err
			}
		}
		sort.Slice(rows, func(i, j int) bool { return rows[i].sid < rows[j].sid })
		for _, r := range rows {
			if err := keys.Put([]byte(r.sid), r.record); err != nil {
				return err
			}
		}
		return nil
	})
}
