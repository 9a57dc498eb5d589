"""Drives a running sandbox with the official twilio-python SDK, unchanged,
pointed at the sandbox as the README's "Use the sandbox from your own app"
shows. Run by .ci/sdk-python; exits non-zero on the first difference.

    python3 python.py BASE_URL ACCOUNT_SID AUTH_TOKEN
"""
import json
import sys

import twilio
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

base, account_sid, auth_token = sys.argv[1:4]


def sandbox_client(username, password):
    """The README's recipe: one base URL for every Twilio domain the app uses."""
    client = Client(username, password, account_sid)
    client.api.base_url = base
    if hasattr(client, "iam"):
        client.iam.base_url = base
    return client


def refused(call, status, code):
    try:
        call()
    except TwilioRestException as e:
        assert (e.status, e.code) == (status, code), (e.status, e.code, e.msg)
        return
    except TwilioException as e:
        # Older twilio-python reports a failed page as the raw answer.
        response = e.args[1]
        got = (response.status_code, json.loads(response.text)["code"])
        assert got == (status, code), got
        return
    raise AssertionError("no error, want %d/%d" % (status, code))


client = sandbox_client(account_sid, auth_token)

# v2010: accounts and keys, with paging (page_size 2 over 7+ keys).
assert client.api.accounts(account_sid).fetch().friendly_name == "Sandbox Account"
key = client.new_keys.create(friendly_name="python key")
assert key.sid.startswith("SK") and len(key.secret) == 32
listed = client.keys.list(page_size=2)
sids = [k.sid for k in listed]
assert len(sids) >= 8 and len(set(sids)) == len(sids) and key.sid in sids, sids
assert client.keys(key.sid).update(friendly_name="python renamed").friendly_name == "python renamed"
assert client.keys(key.sid).fetch().friendly_name == "python renamed"
assert client.keys(key.sid).delete() is True
refused(lambda: client.keys(key.sid).fetch(), 404, 20404)

sub = client.api.accounts.create(friendly_name="python sub")
assert sub.owner_account_sid == account_sid
assert client.api.accounts(sub.sid).update(status="suspended").status == "suspended"
assert client.api.accounts(sub.sid).update(status="1").status == "active"

standard = client.new_keys.create(friendly_name="python standard")
as_key = sandbox_client(standard.sid, standard.secret)
assert as_key.balance.fetch().account_sid == account_sid
refused(lambda: as_key.keys.list(limit=1), 401, 20003)
refused(lambda: client.keys.list(page_size=1500, limit=1500), 400, 20007)

iam = "untested (this twilio-python has no IAM v1 Keys)"
if hasattr(client, "iam") and hasattr(client.iam.v1, "new_api_key"):
    policy = {"allow": ["/twilio/messaging/messages/read"]}
    restricted = client.iam.v1.new_api_key.create(
        account_sid=account_sid, friendly_name="python restricted", key_type="restricted", policy=policy)
    assert restricted.policy == policy
    assert restricted.sid in [k.sid for k in client.iam.v1.get_api_keys.list(account_sid=account_sid, page_size=3)]
    assert client.iam.v1.api_key(restricted.sid).delete() is True
    iam = "checked"

print("twilio-python %s: every check passed; IAM %s" % (twilio.__version__, iam))
