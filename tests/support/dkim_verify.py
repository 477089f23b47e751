#!/usr/bin/env python3
"""Verifies the DKIM signature of a raw message with dkimpy (PyPI), answering the DNS
lookup of the selector's key from a file instead of DNS.

Usage: dkim_verify.py MESSAGE.eml PUBLIC_KEY.der
Prints "verified" and exits 0, or prints why not and exits 1.
"""

import base64
import sys

import dkim


def main():
    message = open(sys.argv[1], "rb").read()
    public = base64.b64encode(open(sys.argv[2], "rb").read())
    record = b"v=DKIM1; k=rsa; p=" + public

    def dns(name, timeout=5):
        return record if name.startswith(b"goald2026._domainkey.") else None

    verifier = dkim.DKIM(message)
    if verifier.verify(dnsfunc=dns):
        print("verified")
        return 0
    print(f"not verified: {verifier.logger}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
