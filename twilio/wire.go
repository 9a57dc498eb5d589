package twilio

import (
	"encoding/json"
	"fmt"
	"time"
)

// The JSON shapes Twilio sends, kept apart from the types callers see so that
// those have plain fields (no pointers, real times) and no Auth Token.

type keyJSON struct {
	SID          string     `json:"sid"`
	FriendlyName string     `json:"friendly_name"`
	DateCreated  twilioTime `json:"date_created"`
	DateUpdated  twilioTime `json:"date_updated"`
}

func (k keyJSON) key(t KeyType) Key {
	return Key{SID: k.SID, FriendlyName: k.FriendlyName, DateCreated: k.DateCreated.Time, DateUpdated: k.DateUpdated.Time, Type: t}
}

// newKeyJSON is the answer to a create, v2010 and IAM v1 alike.
type newKeyJSON struct {
	keyJSON
	Secret string `json:"secret"`
}

type accountJSON struct {
	SID             string     `json:"sid"`
	FriendlyName    string     `json:"friendly_name"`
	Status          string     `json:"status"`
	Type            string     `json:"type"`
	OwnerAccountSID string     `json:"owner_account_sid"`
	DateCreated     twilioTime `json:"date_created"`
	DateUpdated     twilioTime `json:"date_updated"`
}

func (a accountJSON) account() Account {
	return Account{
		SID: a.SID, FriendlyName: a.FriendlyName, Status: a.Status, Type: a.Type,
		OwnerAccountSID: a.OwnerAccountSID, DateCreated: a.DateCreated.Time, DateUpdated: a.DateUpdated.Time,
	}
}

// listPage is v2010's paging envelope. Only the array of the listed resource
// is filled; next_page_uri is relative and null ("") on the last page.
type listPage struct {
	Keys        []keyJSON     `json:"keys"`
	Accounts    []accountJSON `json:"accounts"`
	NextPageURI string        `json:"next_page_uri"`
}

// twilioTime is a date as Twilio writes it, RFC 2822:
// "Mon, 13 Jun 2016 22:50:08 +0000". null or "" is the zero time.
type twilioTime struct{ time.Time }

// dateLayouts are RFC 2822 with two- and one-digit days, then the
// "GMT" spelling and RFC 3339 in case a compatible server prefers them.
var dateLayouts = []string{time.RFC1123Z, "Mon, 2 Jan 2006 15:04:05 -0700", time.RFC1123, time.RFC3339}

func (t *twilioTime) UnmarshalJSON(b []byte) error {
	var s string // null leaves it empty
	if err := json.Unmarshal(b, &s); err != nil || s == "" {
		return err
	}
	for _, layout := range dateLayouts {
		if v, err := time.Parse(layout, s); err == nil {
			t.Time = v.UTC()
			return nil
		}
	}
	return fmt.Errorf("date %s is not in RFC 2822 form", excerpt(s, 40))
}
