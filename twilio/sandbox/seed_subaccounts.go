package sandbox

import (
	"fmt"
	"time"
)

// seedSubaccounts adds n subaccounts to the demo account, each with keys
// generated keys: the shape of an operator with many subaccounts, for
// tests and benchmarks of listing every account. The accounts go in one
// transaction and each account's keys in one more, as seedKeys writes them.
func (h *Handler) seedSubaccounts(n, keys int) error {
	if n <= 0 {
		return nil
	}
	now := h.now().UTC()
	subs := make([]accountRecord, n)
	err := h.store.update(func(t *txn) error {
		for i := range subs {
			// Before their keys (which go back seedSpan), a minute apart so
			// that the list, oldest first, is in the numbers' order.
			created := now.Add(-seedSpan - 30*day + time.Duration(i)*time.Minute)
			subs[i] = newDemoAccount(fmt.Sprintf("%s-%03d", generatedAccountNames[i%len(generatedAccountNames)], i+1), h.demo.SID, created)
			if err := t.insertAccount(subs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	for i := 0; err == nil && i < n; i++ {
		err = h.seedKeys(subs[i].SID, keys)
	}
	return err
}

// generatedAccountNames are cycled through to name generated subaccounts,
// each with a number: "eu-sms-007".
var generatedAccountNames = []string{"eu-sms", "us-voice", "apac-verify", "latam-whatsapp", "internal-tools"}
