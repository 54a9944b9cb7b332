"""aiosmtpd handler for the server's mail tests: delivers into a Maildir like
aiosmtpd.handlers.Mailbox, unless the file `reply` beside the Maildir holds an SMTP reply
(e.g. `451 4.3.0 Try again later`), which it answers instead. The tests write and delete
that file to make the server refuse mail for a while."""

import os

from aiosmtpd.handlers import Mailbox


class Controlled(Mailbox):
    def __init__(self, mail_dir):
        super().__init__(mail_dir)
        self.reply_file = os.path.join(os.path.dirname(os.path.abspath(mail_dir)), "reply")

    async def handle_DATA(self, server, session, envelope):
        try:
            with open(self.reply_file, encoding="utf-8") as file:
                reply = file.read().strip()
        except FileNotFoundError:
            reply = ""
        if reply:
            return reply
        return await super().handle_DATA(server, session, envelope)

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("The directory for the maildir is required")
        return cls(args[0])
