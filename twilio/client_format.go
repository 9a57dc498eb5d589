package twilio

import "fmt"

// Format prints the client readably, whatever the verb. The credentials are
// out of fmt's reach anyway (see Client.auth); this keeps a printed client
// useful in a log line or a test failure.
func (c Client) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, "twilio.Client{AccountSID:%s, Credentials:%s, API:%s, Region:%s, Sandbox:%t}",
		shownSID(c.accountSID, "AC"), c.shown, c.api, c.region, c.sandbox)
}
