package ui

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/twilio-keys/twilio-keys/twilio"
)

const (
	fakePrimary     = "0123456789abcdef0123456789ab1111"
	fakeSecondary   = "fedcba9876543210fedcba987654a222"
	tokenAccountSID = "AC0123456789abcdef0123456789abcdef"
)

// fakeTokens is a Twilio account's Auth Tokens: one primary, at most one
// secondary, and the services a promotion hands on.
type fakeTokens struct {
	mu                 sync.Mutex
	calls              []string
	primary, secondary string
	signedIn           *fakeService // the Service SignedInWith returns
	signedInWith       string
}

func newFakeTokens(next *fakeService) *fakeTokens {
	return &fakeTokens{primary: fakePrimary, signedIn: next}
}

func (f *fakeTokens) record(call string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call)
}

func (f *fakeTokens) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

func (f *fakeTokens) AuthTokenLast4() (string, bool) { return fakePrimary[28:], true }

func (f *fakeTokens) CreateSecondaryAuthToken(context.Context) (twilio.SecondaryAuthToken, error) {
	f.record("create")
	f.mu.Lock()
	defer f.mu.Unlock()
	f.secondary = fakeSecondary
	return twilio.SecondaryAuthToken{AccountSID: tokenAccountSID, Token: fakeSecondary, DateCreated: fakeNow}, nil
}

func (f *fakeTokens) DeleteSecondaryAuthToken(context.Context) error {
	f.record("delete")
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.secondary == "" {
		return &twilio.Error{Status: 404, Code: 20404}
	}
	f.secondary = ""
	return nil
}

func (f *fakeTokens) CheckAuthToken(_ context.Context, token string) error {
	f.record("check " + token)
	f.mu.Lock()
	defer f.mu.Unlock()
	if token != f.primary && token != f.secondary {
		return &twilio.Error{Status: 401, Code: 20003}
	}
	return nil
}

func (f *fakeTokens) PromoteAuthToken(context.Context) (twilio.PromotedAuthToken, error) {
	f.record("promote")
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.secondary == "" {
		return twilio.PromotedAuthToken{}, &twilio.Error{Status: 404, Code: 20404}
	}
	f.primary, f.secondary = f.secondary, ""
	return twilio.PromotedAuthToken{AccountSID: tokenAccountSID, Token: f.primary, DateUpdated: fakeNow}, nil
}

func (f *fakeTokens) SignedInWith(token string) (Credentials, error) {
	f.record("sign in")
	f.mu.Lock()
	f.signedInWith = token
	f.mu.Unlock()
	return Credentials{Service: f.signedIn, AuthTokens: &promotedTokens{f}}, nil
}

// promotedTokens is the account's tokens as seen after the switch.
type promotedTokens struct{ *fakeTokens }

func (p *promotedTokens) AuthTokenLast4() (string, bool) { return fakeSecondary[28:], true }

// TestFlowAuthTokenRotation walks the five steps: create, the secret modal,
// the checklist, the check, the typed promotion. Afterwards the console
// lists keys through the services signed in with the new token, and holds
// the token nowhere but there.
func TestFlowAuthTokenRotation(t *testing.T) {
	f := newFake(sampleKeys())
	next := newFake(sampleKeys())
	tokens := newFakeTokens(next)
	cfg := testConfig(f, nil)
	cfg.AuthTokens = tokens
	tm := startProgram(t, cfg, 100, 32)
	waitFor(t, tm, "1–7 of 7 keys")
	sendKeys(tm, "t")
	waitFor(t, tm, "Auth Tokens", "••••1111", "unknown: Twilio's API does not say")
	sendKeys(tm, "o")
	waitFor(t, tm, "step 1 of 5")
	sendKeys(tm, "enter")
	waitFor(t, tm, "step 2 of 5", fakeSecondary, "[ ] I have saved the secondary Auth Token")
	sendKeys(tm, "space", "enter")
	waitForWithout(t, tm, []string{fakeSecondary}, "step 3 of 5")
	sendKeys(tm, "enter") // unticked
	waitFor(t, tm, "Tick the box with space once every app")
	sendKeys(tm, "space", "enter")
	waitFor(t, tm, "step 4 of 5", "✓ Twilio accepts the secondary token")
	sendKeys(tm, "enter")
	waitFor(t, tm, "step 5 of 5", "ending 1111")
	tm.Type("2222")
	sendKeys(tm, "enter")
	waitFor(t, tm, "Type the last 4 characters of the current Auth Token")
	if slices.Contains(tokens.Calls(), "promote") {
		t.Fatal("a wrong suffix promoted the token")
	}
	sendKeys(tm, "backspace", "backspace", "backspace", "backspace")
	tm.Type("1111")
	sendKeys(tm, "enter")
	waitFor(t, tm, "The secondary token is the primary now", "(ending a222)", "ending 1111) is refused")
	sendKeys(tm, "enter")
	waitFor(t, tm, "Auth Token rotated")
	m := finish(t, tm)

	want := []string{"create", "check " + fakeSecondary, "promote", "sign in"}
	if got := tokens.Calls(); !slices.Equal(got, want) {
		t.Errorf("calls %q, want %q", got, want)
	}
	if tokens.signedInWith != fakeSecondary || m.svc != Service(next) || m.cfg.Service != Service(next) {
		t.Error("the console does not go on with the services of the new token")
	}
	next.mu.Lock()
	lists := next.lists
	next.mu.Unlock()
	if lists == 0 {
		t.Error("the keys were not listed again with the new token")
	}
	if !strings.Contains(m.status.text, "The sandbox prints its new Auth Token at its next start") || m.tokens.event != "promoted" {
		t.Errorf("status %q, session %+v", m.status.text, m.tokens)
	}
	m.cfg.AuthTokens = nil
	if modelHolds(m, fakeSecondary) {
		t.Error("the model holds the new token outside its services")
	}
}

// TestFlowAuthTokenRotationStopped: esc before the promotion stops the
// rotation, promotes nothing, forgets the token and says the secondary
// still works.
func TestFlowAuthTokenRotationStopped(t *testing.T) {
	f := newFake(sampleKeys())
	tokens := newFakeTokens(nil)
	cfg := testConfig(f, nil)
	cfg.AuthTokens = tokens
	tm := startProgram(t, cfg, 100, 32)
	waitFor(t, tm, "1–7 of 7 keys")
	sendKeys(tm, "t", "o", "enter")
	waitFor(t, tm, "step 2 of 5")
	sendKeys(tm, "space", "enter")
	waitFor(t, tm, "step 3 of 5")
	sendKeys(tm, "esc")
	waitFor(t, tm, "rotation stopped", "nothing was promoted")
	sendKeys(tm, "t")
	waitFor(t, tm, "created at")
	m := finish(t, tm)
	if got := tokens.Calls(); !slices.Equal(got, []string{"create"}) {
		t.Errorf("calls %q, want the create only", got)
	}
	m.cfg.AuthTokens = nil
	if modelHolds(m, fakeSecondary) {
		t.Error("the model kept the secondary token after the rotation stopped")
	}
}

// TestDeleteSecondaryConfirmed: d deletes the secondary only once delete is
// typed.
func TestDeleteSecondaryConfirmed(t *testing.T) {
	tokens := newFakeTokens(nil)
	tokens.secondary = fakeSecondary
	cfg := testConfig(newFake(sampleKeys()), nil)
	cfg.AuthTokens = tokens
	tm := startProgram(t, cfg, 100, 32)
	waitFor(t, tm, "1–7 of 7 keys")
	sendKeys(tm, "t", "d")
	waitFor(t, tm, "Delete the secondary Auth Token?")
	tm.Type("delet")
	sendKeys(tm, "enter")
	waitFor(t, tm, "Type delete to confirm.")
	if len(tokens.Calls()) != 0 {
		t.Fatal("deleted before delete was typed")
	}
	tm.Type("e")
	sendKeys(tm, "enter")
	waitFor(t, tm, "Deleted the secondary Auth Token", "none: deleted at")
	finish(t, tm)
	if got := tokens.Calls(); !slices.Equal(got, []string{"delete"}) {
		t.Errorf("calls %q", got)
	}
}

// apiKeyService is a Service signed in with an API key.
type apiKeyService struct{ *fakeService }

func (apiKeyService) UsesAPIKey() bool { return true }

// TestAuthTokensWithAPIKey: with API-key credentials the screen explains why
// it cannot rotate and what to use instead, and o and d do nothing.
func TestAuthTokensWithAPIKey(t *testing.T) {
	f := newFake(sampleKeys())
	tm := startProgram(t, testConfig(apiKeyService{f}, nil), 100, 32)
	waitFor(t, tm, "1–7 of 7 keys")
	sendKeys(tm, "t")
	waitFor(t, tm, "signs in with an API key", "twilio-keys token", "TWILIO_AUTH_TOKEN")
	sendKeys(tm, "o", "d", "esc")
	waitFor(t, tm, "1–7 of 7 keys")
	m := finish(t, tm)
	if m.state() != stateList {
		t.Errorf("state %v", m.state())
	}
}

// TestAuthTokenViewsFit: every step of the Auth Token screens fits the
// smallest terminal and the usual one, line by line, frame by frame.
func TestAuthTokenViewsFit(t *testing.T) {
	for _, size := range [][2]int{{60, 16}, {80, 24}} {
		f := newFake(sampleKeys())
		tokens := newFakeTokens(f)
		m := loaded(t, f, size[0], size[1])
		m.cfg.AuthTokens = tokens
		views := map[string]string{}
		m = press(m, "t")
		views["screen"] = m.View()
		views["delete"] = press(m, "d").View()
		m = press(m, "o")
		views["step 1"] = m.View()
		m = send(press(m, "enter"), createSecondaryCmd(testCtx, tokens)())
		views["step 2"] = m.View()
		m = press(m, "space", "enter")
		views["step 3"] = m.View()
		m = send(press(m, "space", "enter"), checkSecondaryCmd(testCtx, tokens, fakeSecondary)())
		views["step 4"] = m.View()
		m = press(m, "enter")
		views["step 5"] = m.View()
		m = send(typeText(m, "1111"), keyMsg("enter"), promoteCmd(testCtx, tokens)())
		views["done"] = m.View()
		for name, frame := range views {
			lines := strings.Split(frame, "\n")
			if len(lines) != size[1] {
				t.Errorf("%dx%d %s: %d lines", size[0], size[1], name, len(lines))
			}
			for _, l := range lines {
				if w := ansi.StringWidth(l); w > size[0] {
					t.Errorf("%dx%d %s: a line of %d cells: %q", size[0], size[1], name, w, l)
				}
			}
		}
		if !strings.Contains(views["done"], "primary now") || !strings.Contains(views["step 2"], fakeSecondary) {
			t.Errorf("%dx%d: the flow did not get through:\n%s", size[0], size[1], views["done"])
		}
	}
}

// TestTokenModalCopiesQuotedEnvLine: e in the token's secret modal copies
// the validated, single-quoted line the scripting commands print, so a
// pasted or eval'd line can carry nothing but the token.
func TestTokenModalCopiesQuotedEnvLine(t *testing.T) {
	native, cb := newClipboard()
	cfg := testConfig(newFake(sampleKeys()), cb)
	cfg.AuthTokens = newFakeTokens(newFake(sampleKeys()))
	tm := startProgram(t, cfg, 100, 32)
	waitFor(t, tm, "1–7 of 7 keys")
	sendKeys(tm, "t")
	waitFor(t, tm, "Auth Tokens")
	sendKeys(tm, "o")
	waitFor(t, tm, "step 1 of 5")
	sendKeys(tm, "enter")
	waitFor(t, tm, "step 2 of 5", fakeSecondary)
	sendKeys(tm, "e")
	waitFor(t, tm, "env line")
	finish(t, tm)
	want := "TWILIO_AUTH_TOKEN='" + fakeSecondary + "'\n"
	if got := native.Copies(); !slices.Contains(got, want) {
		t.Errorf("e copied %q, want %q", got, want)
	}
}
