#!/usr/bin/env python3
"""A real SMTP server for goald's tests, built on aiosmtpd.

    python3 tests/support/smtp_server.py --maildir DIR [--replies 451,250,550]

Binds 127.0.0.1 on a free port and prints `PORT <n>` as its first line. Each DATA command
takes the next code from --replies: 250 stores the message in the Maildir DIR (new/), a
4xx or 5xx refuses it with that code and stores nothing; once the list is used up every
message is accepted. Each DATA attempt appends its code to DIR/attempts.log. SIGTERM or
SIGINT stops it cleanly.
"""

import argparse
import asyncio
import mailbox
import os
import signal
import sys

try:
    from aiosmtpd.smtp import SMTP
except ImportError:
    print("aiosmtpd is missing: run `python3 -m pip install aiosmtpd`", file=sys.stderr)
    sys.exit(3)


class ScriptedReplies:
    """Answers DATA with the scripted codes, then with 250 for ever."""

    def __init__(self, maildir, replies):
        # Maildir(create=True) makes tmp/, new/ and cur/ only when DIR itself is new.
        for folder in ("tmp", "new", "cur"):
            os.makedirs(os.path.join(maildir, folder), exist_ok=True)
        self.maildir = mailbox.Maildir(maildir, create=False)
        self.attempts = os.path.join(maildir, "attempts.log")
        self.replies = list(replies)

    async def handle_DATA(self, server, session, envelope):
        code = self.replies.pop(0) if self.replies else 250
        if code == 250:
            # Maildir.add writes into tmp/ and renames into new/: a reader never sees half.
            self.maildir.add(envelope.original_content or envelope.content)
        # Logged after storing, and both before the reply, so once the client has its answer
        # the test sees the attempt and the message.
        with open(self.attempts, "a", encoding="ascii") as log:
            log.write(f"{code}\n")
        if code == 250:
            return "250 2.0.0 OK: stored"
        if 400 <= code < 500:
            return f"{code} 4.0.0 try again later (scripted by the test server)"
        return f"{code} 5.0.0 refused (scripted by the test server)"


def reply_codes(text):
    codes = [int(code) for code in text.split(",") if code.strip()]
    for code in codes:
        if code != 250 and not 400 <= code < 600:
            raise argparse.ArgumentTypeError(f"{code} is not 250, 4xx or 5xx")
    return codes


async def serve(maildir, replies):
    handler = ScriptedReplies(maildir, replies)
    loop = asyncio.get_running_loop()
    # A fixed hostname: aiosmtpd would otherwise ask DNS for ours, which can take seconds.
    server = await loop.create_server(lambda: SMTP(handler, hostname="goald-test-smtp"), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(f"PORT {port}", flush=True)

    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    server.close()
    await server.wait_closed()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--maildir", required=True, help="the Maildir to store accepted messages in")
    parser.add_argument("--replies", type=reply_codes, default=[], help="codes for successive DATA, e.g. 451,250,550")
    args = parser.parse_args()
    asyncio.run(serve(args.maildir, args.replies))


if __name__ == "__main__":
    main()
