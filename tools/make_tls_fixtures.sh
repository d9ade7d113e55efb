#!/usr/bin/env bash
# Certificates for the remote backend's TLS tests (tests/gui/test_remote_tls.cpp), made with the
# openssl command line: a test CA, and a server certificate it signs for IP 127.0.0.1 only (so
# https://localhost is a name mismatch), both valid for 100 years; the server's key unencrypted.
# Writes tests/fixtures/remote/tls/{ca.pem,server.pem,server.key}. Test material only: the CA
# key is thrown away.
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/tests/fixtures/remote/tls"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
openssl req -x509 -newkey rsa:2048 -nodes -days 36500 -subj "/CN=Tramontane test CA" \
  -keyout "$tmp/ca.key" -out "$out/ca.pem" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$out/server.key" -out "$tmp/server.csr"
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' >"$tmp/ext"
openssl x509 -req -in "$tmp/server.csr" -CA "$out/ca.pem" -CAkey "$tmp/ca.key" -CAcreateserial -CAserial "$tmp/ca.srl" \
  -days 36500 -extfile "$tmp/ext" -out "$out/server.pem"
openssl verify -CAfile "$out/ca.pem" "$out/server.pem"
