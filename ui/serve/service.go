package serve

import (
	"context"
	"fmt"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui"
)

// RefusedError is what a session gets for an action its role does not allow.
// Nothing was sent to Twilio.
type RefusedError struct {
	Role   Role
	Action Action
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("not allowed: signed in as %s, which cannot %s; ask an admin to change your role in authorized_keys", e.Role, e.Action)
}

// guarded is the Service one session sees: every call is checked against the
// session's role before it is made, and written to the audit log after, so
// an action the console should not have offered is still refused. It lists
// every method of ui.Service by hand rather than embedding it, so that a
// method added to ui.Service later does not pass through unguarded: the
// build fails here until someone gives it an action.
type guarded struct {
	inner   ui.Service
	sess    *session
	account string
}

var _ ui.Service = (*guarded)(nil)

// do checks the role, runs call, and audits the outcome.
func (g *guarded) do(a Action, keySID string, call func() (string, error)) error {
	if !g.sess.role.Allows(a) {
		err := &RefusedError{Role: g.sess.role, Action: a}
		g.sess.action(a, g.account, keySID, OutcomeRefused, nil)
		return err
	}
	sid, err := call()
	if sid != "" {
		keySID = sid
	}
	outcome := OutcomeOK
	if err != nil {
		outcome = OutcomeFailed
	}
	g.sess.action(a, g.account, keySID, outcome, err)
	return err
}

func (g *guarded) FetchAccount(ctx context.Context) (a twilio.Account, err error) {
	err = g.do(ActionAccount, "", func() (string, error) {
		a, err = g.inner.FetchAccount(ctx)
		return "", err
	})
	return a, err
}

func (g *guarded) ListKeys(ctx context.Context, pageSize int, onPage func([]twilio.Key) error) error {
	return g.do(ActionList, "", func() (string, error) {
		return "", g.inner.ListKeys(ctx, pageSize, onPage)
	})
}

func (g *guarded) CreateKey(ctx context.Context, name string, t twilio.KeyType) (k twilio.NewKey, err error) {
	err = g.do(ActionCreate, "", func() (string, error) {
		k, err = g.inner.CreateKey(ctx, name, t)
		return k.SID, err // the SID only: k.Secret goes back to this session alone
	})
	return k, err
}

func (g *guarded) RenameKey(ctx context.Context, sid, name string) (k twilio.Key, err error) {
	err = g.do(ActionRename, sid, func() (string, error) {
		k, err = g.inner.RenameKey(ctx, sid, name)
		return "", err
	})
	return k, err
}

func (g *guarded) DeleteKey(ctx context.Context, sid string) error {
	return g.do(ActionDelete, sid, func() (string, error) {
		return "", g.inner.DeleteKey(ctx, sid)
	})
}

func (g *guarded) ListSubaccounts(ctx context.Context) (subs []twilio.Account, err error) {
	err = g.do(ActionSubaccounts, "", func() (string, error) {
		subs, err = g.inner.ListSubaccounts(ctx)
		return "", err
	})
	return subs, err
}

func (g *guarded) CheckKey(ctx context.Context, keySID, secret string) error {
	return g.do(ActionCheck, keySID, func() (string, error) {
		return "", g.inner.CheckKey(ctx, keySID, secret)
	})
}

func (g *guarded) CanManageKeys(ctx context.Context, keySID, secret string) (ok bool, err error) {
	err = g.do(ActionCheck, keySID, func() (string, error) {
		ok, err = g.inner.CanManageKeys(ctx, keySID, secret)
		return "", err
	})
	return ok, err
}

func (g *guarded) IsSandbox() bool { return g.inner.IsSandbox() }
func (g *guarded) Region() string  { return g.inner.Region() }
