package twilio

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"testing"
	"time"
)

const keysPath = "/2010-04-01/Accounts/" + testAC + "/Keys.json"

func sk(n int) string { return fmt.Sprintf("SK%032x", n) }

// threePages serves keys SK…1 to SK…5 in pages of two, linked by relative
// next_page_uri values as Twilio writes them. before, when set, runs before
// page n is answered.
func threePages(t *testing.T, before func(page string)) http.HandlerFunc {
	pages := map[string]string{
		"":  keysPage(keysPath+"?PageSize=2&Page=1&PageToken=PA"+sk(2), keyBody(sk(1), "one"), keyBody(sk(2), "two")),
		"1": keysPage(keysPath+"?PageSize=2&Page=2&PageToken=PA"+sk(4), keyBody(sk(3), "three"), keyBody(sk(4), "four")),
		"2": keysPage("", keyBody(sk(5), "five")),
	}
	return func(w http.ResponseWriter, r *http.Request) {
		page := r.URL.Query().Get("Page")
		if before != nil {
			before(page)
		}
		body, ok := pages[page]
		if !ok {
			t.Errorf("request for unknown page %q", page)
		}
		reply(200, body)(w, r)
	}
}

func sids(keys []Key) []string {
	var s []string
	for _, k := range keys {
		s = append(s, k.SID)
	}
	return s
}

func TestListKeysFollowsEveryPage(t *testing.T) {
	for _, creds := range []Credentials{tokenCreds, apiKeyCreds} {
		f := newFakeTwilio(t, threePages(t, nil))
		c, _ := newTestClient(t, f, creds)
		var pages [][]string
		err := c.ListKeys(t.Context(), 2, func(p []Key) error {
			pages = append(pages, sids(p))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := [][]string{{sk(1), sk(2)}, {sk(3), sk(4)}, {sk(5)}}
		if !reflect.DeepEqual(pages, want) {
			t.Errorf("pages %v, want %v", pages, want)
		}
		var queries []string
		for _, r := range f.requests() {
			if r.Path != keysPath {
				t.Errorf("path %s, want %s", r.Path, keysPath)
			}
			if u, p := creds.basicAuth(); r.User != u || r.Pass != p {
				t.Errorf("page %s sent without the credentials", r.Query)
			}
			queries = append(queries, r.Query)
		}
		wantQueries := []string{"PageSize=2", "PageSize=2&Page=1&PageToken=PA" + sk(2), "PageSize=2&Page=2&PageToken=PA" + sk(4)}
		if !reflect.DeepEqual(queries, wantQueries) {
			t.Errorf("queries %v, want %v", queries, wantQueries)
		}
	}
}

// TestListKeysDeliversFirstPageBeforeSecondArrives blocks the answer to page
// 2 until the callback has seen page 1: a client that waited for the whole
// list would never get page 2.
func TestListKeysDeliversFirstPageBeforeSecondArrives(t *testing.T) {
	page1Shown := make(chan struct{})
	f := newFakeTwilio(t, threePages(t, func(page string) {
		if page != "1" {
			return
		}
		select {
		case <-page1Shown:
		case <-time.After(10 * time.Second): // a guard against hanging, not synchronisation
			t.Error("page 2 was requested but page 1 was not delivered while page 2 was pending")
		}
	}))
	c, _ := newTestClient(t, f, tokenCreds)
	calls := 0
	err := c.ListKeys(t.Context(), 2, func(p []Key) error {
		if calls++; calls == 1 {
			close(page1Shown)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 3 {
		t.Errorf("onPage called %d times, want 3", calls)
	}
}

func TestListKeysStopsWhenContextIsCancelled(t *testing.T) {
	f := newFakeTwilio(t, threePages(t, nil))
	c, _ := newTestClient(t, f, tokenCreds)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	err := c.ListKeys(ctx, 2, func(p []Key) error {
		cancel() // the user left the screen while the list was loading
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("ListKeys = %v, want context.Canceled", err)
	}
	if n := f.count(); n != 1 {
		t.Errorf("server got %d requests, want 1: no page after the cancel", n)
	}
}

func TestListKeysStopsWhenOnPageFails(t *testing.T) {
	f := newFakeTwilio(t, threePages(t, nil))
	c, _ := newTestClient(t, f, tokenCreds)
	stop := errors.New("enough")
	calls := 0
	err := c.ListKeys(t.Context(), 2, func(p []Key) error {
		if calls++; calls == 2 {
			return stop
		}
		return nil
	})
	if err != stop {
		t.Errorf("ListKeys = %v, want onPage's error unchanged", err)
	}
	if n := f.count(); n != 2 {
		t.Errorf("server got %d requests, want 2", n)
	}
}

func TestListKeysRefusesNextPageOnAnotherHost(t *testing.T) {
	for _, next := range []string{
		"https://attacker.example/2010-04-01/Accounts/" + testAC + "/Keys.json?Page=1",
		"//attacker.example/Keys.json",
		keysPath + "?PageSize=2", // the same page again: a loop
	} {
		f := newFakeTwilio(t, reply(200, keysPage(next, keyBody(sk(1), "one"))))
		c, _ := newTestClient(t, f, tokenCreds)
		err := c.ListKeys(t.Context(), 2, func([]Key) error { return nil })
		if err == nil {
			t.Errorf("next %q: ListKeys succeeded, want an error", next)
		}
		if n := f.count(); n != 1 {
			t.Errorf("next %q: server got %d requests, want 1", next, n)
		}
	}
}

func TestListSubaccountsFollowsPages(t *testing.T) {
	const accountsPath = "/2010-04-01/Accounts.json"
	f := newFakeTwilio(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("Page") {
		case "":
			reply(200, `{"accounts":[`+accountBody(testAC, testAC, "Main")+`],"next_page_uri":"`+accountsPath+`?PageSize=1000&Page=1"}`)(w, r)
		case "1":
			reply(200, `{"accounts":[`+accountBody(testSubAC, testAC, "Sub")+`],"next_page_uri":"`+accountsPath+`?PageSize=1000&Page=2"}`)(w, r)
		default:
			reply(200, `{"accounts":[],"next_page_uri":null}`)(w, r)
		}
	})
	c, _ := newTestClient(t, f, tokenCreds)
	subs, err := c.ListSubaccounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 1 || subs[0].SID != testSubAC || !subs[0].IsSubaccount() {
		t.Errorf("subaccounts %+v, want just %s", subs, testSubAC)
	}
	if n := f.count(); n != 3 {
		t.Errorf("server got %d requests, want 3", n)
	}
}
