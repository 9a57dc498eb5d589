# Sourced by .ci/sdk-node and .ci/sdk-python: builds twilio-keys into $tmp,
# starts a fresh in-memory sandbox on a free loopback port, and sets url,
# sid and token. The caller's EXIT trap stops it ($sandbox_pid).
go build -o "$tmp/twilio-keys" ./cmd/twilio-keys
: >"$tmp/sandbox.out" # before the background job opens it, so the first grep finds it
"$tmp/twilio-keys" sandbox --memory --listen 127.0.0.1:0 >"$tmp/sandbox.out" 2>"$tmp/sandbox.err" &
sandbox_pid=$!
for _ in $(seq 100); do
  grep -q '^Auth Token:' "$tmp/sandbox.out" && break
  kill -0 "$sandbox_pid" 2>/dev/null || break
  sleep 0.1
done
url=$(sed -n 's/.*listening on //p' "$tmp/sandbox.out")
sid=$(sed -n 's/^Account SID: *//p' "$tmp/sandbox.out")
token=$(sed -n 's/^Auth Token: *//p' "$tmp/sandbox.out")
if [ -z "$token" ]; then
  echo "the sandbox did not start:" >&2
  cat "$tmp/sandbox.err" >&2
  exit 1
fi
