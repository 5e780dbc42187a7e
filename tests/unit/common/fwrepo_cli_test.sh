#!/bin/sh
# printlink-fwrepo end to end on a scratch repository: keygen, publish twice (and replace),
# verify, then tampering and wrong keys must fail. Usage: fwrepo_cli_test.sh PATH-TO-FWREPO
set -u
FWREPO=$1
W=$(mktemp -d "${TMPDIR:-/tmp}/printlink-fwrepo-test-XXXXXX")
trap 'rm -rf "$W"' EXIT
failures=0
count=0

# TAP output: one line per check, the plan at the end.
pass() { count=$((count + 1)); echo "ok $count - $1"; }
fail() { count=$((count + 1)); echo "not ok $count - $1"; failures=$((failures + 1)); }
# expect CODE DESCRIPTION COMMAND...: runs the command, checks its exit status.
expect() {
    code=$1; what=$2; shift 2
    "$@" >"$W/out" 2>&1
    rc=$?
    if [ "$rc" -eq "$code" ]; then pass "$what"; else fail "$what (exit $rc, wanted $code)"; sed 's/^/# /' "$W/out"; fi
}
contains() {  # contains FILE TEXT DESCRIPTION
    if grep -qF -- "$2" "$1"; then pass "$3"; else fail "$3 ('$2' not in $1)"; fi
}

head -c 70000 /dev/urandom >"$W/main-83.bin"
printf 'fax image\n' >"$W/fax-2.bin"
printf 'main image, rebuilt\n' >"$W/main-83-rebuilt.bin"
R="$W/repo"

expect 0 "keygen" "$FWREPO" keygen --out "$W/keys"
mode=$(stat -c %a "$W/keys/catalog-key.pem")
[ "$mode" = 600 ] && pass "private key is 0600" || fail "private key mode is $mode"
contains "$W/keys/catalog-key.pub.pem" "BEGIN PUBLIC KEY" "public key is PEM"
expect 1 "keygen refuses to overwrite a key" "$FWREPO" keygen --out "$W/keys"

expect 0 "publish first image" "$FWREPO" publish "$W/main-83.bin" --repo "$R" --key "$W/keys/catalog-key.pem" \
    --name MainController --version 83.00 --model PL-100 --notes "Fixes paper jams"
expect 0 "publish second image" "$FWREPO" publish "$W/fax-2.bin" --repo "$R" --key "$W/keys/catalog-key.pem" \
    --name Fax --version 2.1 --model PL-100 --model PL-200 --severity security --allow-downgrade
cmp -s "$W/main-83.bin" "$R/images/MainController-83.00.bin" && pass "image copied" || fail "image not copied"
contains "$R/catalog.json" "\"sha256\": \"$(sha256sum "$W/main-83.bin" | cut -d' ' -f1)\"" "catalog has the image's sha256"
contains "$R/catalog.json" "\"size\": 70000" "catalog has the image's size"
contains "$R/catalog.json" "\"allow-downgrade\": true" "flag recorded"
contains "$R/catalog.json" "\"severity\": \"security\"" "severity recorded"
expect 0 "verify a good repository" "$FWREPO" verify --repo "$R" --pubkey "$W/keys/catalog-key.pub.pem"

# Re-publishing the same component and version replaces its entry.
expect 0 "republish replaces" "$FWREPO" publish "$W/main-83-rebuilt.bin" --repo "$R" \
    --key "$W/keys/catalog-key.pem" --name MainController --version 83.00 --model PL-100
n=$(grep -c '"component"' "$R/catalog.json")
[ "$n" = 2 ] && pass "still two entries after replacing" || fail "$n entries after replacing"
contains "$R/catalog.json" "\"size\": 20" "replaced entry has the new size"
expect 0 "verify after replacing" "$FWREPO" verify --repo "$R" --pubkey "$W/keys/catalog-key.pub.pem"

# The signature is standard Ed25519 over the exact bytes: OpenSSL's CLI agrees.
if command -v openssl >/dev/null; then
    base64 -d "$R/catalog.json.sig" >"$W/sig.bin"
    expect 0 "openssl verifies the signature" openssl pkeyutl -verify -pubin -inkey "$W/keys/catalog-key.pub.pem" \
        -rawin -in "$R/catalog.json" -sigfile "$W/sig.bin"
fi

# Another key: neither verify nor publish may accept the catalog.
expect 0 "second keygen" "$FWREPO" keygen --out "$W/other"
expect 1 "verify with the wrong key fails" "$FWREPO" verify --repo "$R" --pubkey "$W/other/catalog-key.pub.pem"
cp "$R/catalog.json" "$W/catalog.before"
expect 1 "publish with the wrong key is refused" "$FWREPO" publish "$W/fax-2.bin" --repo "$R" \
    --key "$W/other/catalog-key.pem" --name Fax --version 3 --model PL-100
cmp -s "$R/catalog.json" "$W/catalog.before" && pass "refused publish left the catalog alone" || fail "catalog changed"

# Tampering with an image.
cp "$R/images/Fax-2.1.bin" "$W/fax.keep"
printf 'X' >>"$R/images/Fax-2.1.bin"
expect 1 "verify fails on a grown image" "$FWREPO" verify --repo "$R" --pubkey "$W/keys/catalog-key.pub.pem"
contains "$W/out" "FAIL  Fax 2.1" "the bad image is named"
printf 'fax imagf\n' >"$R/images/Fax-2.1.bin"
expect 1 "verify fails on a same-size changed image" "$FWREPO" verify --repo "$R" --pubkey "$W/keys/catalog-key.pub.pem"
contains "$W/out" "sha256" "hash mismatch reported"
cp "$W/fax.keep" "$R/images/Fax-2.1.bin"
expect 0 "verify passes again once restored" "$FWREPO" verify --repo "$R" --pubkey "$W/keys/catalog-key.pub.pem"

# Tampering with the catalog: one changed byte.
sed -i 's/"version": "2.1"/"version": "2.2"/' "$R/catalog.json"
expect 1 "verify fails on a tampered catalog" "$FWREPO" verify --repo "$R" --pubkey "$W/keys/catalog-key.pub.pem"
expect 1 "publish refuses a tampered catalog" "$FWREPO" publish "$W/fax-2.bin" --repo "$R" \
    --key "$W/keys/catalog-key.pem" --name Fax --version 4 --model PL-100
cp "$W/catalog.before" "$R/catalog.json"
rm "$R/catalog.json.sig"
expect 1 "publish refuses an unsigned catalog" "$FWREPO" publish "$W/fax-2.bin" --repo "$R" \
    --key "$W/keys/catalog-key.pem" --name Fax --version 4 --model PL-100

# Usage errors exit 2 and change nothing.
expect 2 "no arguments" "$FWREPO"
expect 2 "unknown command" "$FWREPO" frobnicate
expect 2 "publish without --model" "$FWREPO" publish "$W/fax-2.bin" --repo "$R" --key "$W/keys/catalog-key.pem" \
    --name Fax --version 4
expect 2 "bad version" "$FWREPO" publish "$W/fax-2.bin" --repo "$R" --key "$W/keys/catalog-key.pem" \
    --name Fax --version 4.x --model M
expect 2 "path in component name" "$FWREPO" publish "$W/fax-2.bin" --repo "$R" --key "$W/keys/catalog-key.pem" \
    --name ../evil --version 4 --model M
expect 2 "bad severity" "$FWREPO" publish "$W/fax-2.bin" --repo "$R" --key "$W/keys/catalog-key.pem" \
    --name Fax --version 4 --model M --severity urgent
expect 0 "--help" "$FWREPO" --help
expect 1 "missing image" "$FWREPO" publish "$W/absent.bin" --repo "$W/repo2" --key "$W/keys/catalog-key.pem" \
    --name Fax --version 4 --model M

echo "1..$count"
echo "# fwrepo CLI: $failures failure(s)"
[ "$failures" -eq 0 ]
