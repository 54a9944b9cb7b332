"""Prints the messages of a Maildir as JSON, oldest first: raw header lines, decoded
headers and the decoded text body, so the Rust tests need no MIME parser."""

import email
import email.policy
import json
import os
import sys

maildir = sys.argv[1]
messages = []
new = os.path.join(maildir, "new")
for name in sorted(os.listdir(new), key=lambda n: os.stat(os.path.join(new, n)).st_mtime_ns):
    with open(os.path.join(new, name), "rb") as file:
        raw = file.read()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    head = raw.split(b"\n\n", 1)[0].decode("ascii", "replace")
    messages.append({
        "raw_headers": head.replace("\r\n", "\n"),
        "headers": {key.lower(): str(value) for key, value in message.items()},
        "body": message.get_content(),
        "rcpt_to": str(message["X-RcptTo"]),
    })
print(json.dumps(messages))
