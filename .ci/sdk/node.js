// Drives a running sandbox with the official twilio-node SDK, unchanged,
// pointed at the sandbox as the README's "Use the sandbox from your own app"
// shows. Run by .ci/sdk-node, which installs twilio from npm and starts the
// sandbox; exits non-zero on the first difference.
//
//   node node.js BASE_URL ACCOUNT_SID AUTH_TOKEN
"use strict";
const assert = require("node:assert/strict");
const http = require("node:http");
const twilio = require("twilio");

const [base, accountSid, authToken] = process.argv.slice(2);

// The README's recipe: one base URL for every Twilio domain the app uses.
function sandboxClient(username, password, url, account = accountSid) {
  const client = twilio(username, password, { accountSid: account });
  client.api.baseUrl = url;
  client.iam.baseUrl = url;
  client.accounts.baseUrl = url;
  return client;
}

async function main() {
  const client = sandboxClient(accountSid, authToken, base);

  // v2010: accounts and keys, with paging (PageSize 2 over 7+ keys).
  const account = await client.api.v2010.accounts(accountSid).fetch();
  assert.equal(account.friendlyName, "Sandbox Account");
  const key = await client.newKeys.create({ friendlyName: "node key" });
  assert.match(key.sid, /^SK[0-9a-f]{32}$/);
  assert.match(key.secret, /^[A-Za-z0-9]{32}$/);
  const listed = await client.keys.list({ pageSize: 2 });
  assert.ok(listed.length >= 8, `listed ${listed.length} keys`);
  assert.equal(new Set(listed.map((k) => k.sid)).size, listed.length, "a key listed twice");
  assert.ok(listed.some((k) => k.sid === key.sid));
  assert.equal((await client.keys(key.sid).update({ friendlyName: "node renamed" })).friendlyName, "node renamed");
  assert.equal((await client.keys(key.sid).fetch()).friendlyName, "node renamed");
  assert.equal(await client.keys(key.sid).remove(), true);
  await assert.rejects(client.keys(key.sid).fetch(), (e) => e.status === 404 && e.code === 20404);

  // Subaccounts: create, numeric status, suspend.
  const sub = await client.api.v2010.accounts.create({ friendlyName: "node sub" });
  assert.equal(sub.ownerAccountSid, accountSid);
  assert.equal((await client.api.v2010.accounts(sub.sid).update({ status: "suspended" })).status, "suspended");
  assert.equal((await client.api.v2010.accounts(sub.sid).update({ status: "1" })).status, "active");

  // Auth Tokens (accounts.twilio.com), on the subaccount so the demo
  // account's token stays as printed: a secondary is made, promoted, and the
  // old token refused.
  const asSub = sandboxClient(sub.sid, sub.authToken, base, sub.sid);
  assert.equal((await asSub.balance.fetch()).accountSid, sub.sid);
  const secondary = await asSub.accounts.v1.secondaryAuthToken().create();
  assert.equal(secondary.accountSid, sub.sid);
  assert.match(secondary.secondaryAuthToken, /^[0-9a-f]{32}$/);
  const promoted = await asSub.accounts.v1.authTokenPromotion().update();
  assert.equal(promoted.authToken, secondary.secondaryAuthToken);
  await assert.rejects(asSub.balance.fetch(), (e) => e.status === 401 && e.code === 20003);
  const asSubNow = sandboxClient(sub.sid, secondary.secondaryAuthToken, base, sub.sid);
  assert.equal((await asSubNow.balance.fetch()).accountSid, sub.sid);

  // IAM v1: a restricted key, listed across pages, fetched, renamed, deleted.
  const policy = { allow: ["/twilio/messaging/messages/read"] };
  const restricted = await client.iam.v1.newApiKey.create({ accountSid, friendlyName: "node restricted", keyType: "restricted", policy });
  assert.deepEqual(restricted.policy, policy);
  const iamListed = await client.iam.v1.getApiKeys.list({ accountSid, pageSize: 3 });
  assert.ok(iamListed.some((k) => k.sid === restricted.sid), "IAM list misses the new key");
  assert.equal((await client.iam.v1.apiKey(restricted.sid).update({ friendlyName: "node restricted 2" })).friendlyName, "node restricted 2");
  assert.deepEqual((await client.iam.v1.apiKey(restricted.sid).fetch()).policy, policy);
  assert.equal(await client.iam.v1.apiKey(restricted.sid).remove(), true);

  // A Standard key authenticates (balance) but may not manage keys.
  const standard = await client.newKeys.create({ friendlyName: "node standard" });
  const asKey = sandboxClient(standard.sid, standard.secret, base);
  assert.equal((await asKey.balance.fetch()).accountSid, accountSid);
  await assert.rejects(asKey.keys.list({ limit: 1 }), (e) => e.status === 401 && e.code === 20003);

  // Errors with Twilio's codes.
  await assert.rejects(client.keys.list({ pageSize: 1500, limit: 1500 }), (e) => e.status === 400 && e.code === 20007);

  // IAM paging through a host name over plain HTTP, as from another
  // container: "sandbox.internal" resolves to the sandbox's loopback address
  // through this agent, so no resolver is involved.
  const u = new URL(base);
  const byName = sandboxClient(accountSid, authToken, `http://sandbox.internal:${u.port}`);
  byName.httpClient.axios.defaults.httpAgent = new http.Agent({
    lookup: (host, opts, cb) => (opts && opts.all ? cb(null, [{ address: u.hostname, family: 4 }]) : cb(null, u.hostname, 4)),
  });
  const pages = await byName.iam.v1.getApiKeys.list({ accountSid, pageSize: 2 });
  assert.ok(pages.length >= 8, `paged through ${pages.length} IAM keys by host name`);

  console.log(`twilio-node ${require("twilio/package.json").version}: every check passed`);
}

main().catch((e) => {
  console.error("twilio-node against the sandbox:", e);
  process.exit(1);
});
