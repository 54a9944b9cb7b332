// Signs a demo user in through the dev outbox of a server started with `--dev` (loopback
// only) and returns the session cookie as `name=value`. Used by the benches; run as
// `node benches/sign-in.mjs <base URL> <e-mail>` it prints the cookie (for xtask).
import { pathToFileURL } from 'node:url';

export async function signIn(base, email) {
  const json = { 'content-type': 'application/json' };
  const requested = await fetch(`${base}/api/v1/auth/sign-in-link`, {
    method: 'POST', headers: json, body: JSON.stringify({ email, locale: 'de' }),
  });
  if (requested.status !== 202) throw new Error(`sign-in link for ${email}: ${requested.status}`);
  const deadline = Date.now() + 30_000;
  let token;
  while (!token) {
    const outbox = await (await fetch(`${base}/api/dev/outbox.json`)).json();
    const mail = outbox.find((m) => m.to === email && m.kind === 'sign-in-link');
    token = mail?.link?.split('#token=')[1];
    if (!token) {
      if (Date.now() > deadline) throw new Error(`no sign-in link mailed to ${email}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  const session = await fetch(`${base}/api/v1/auth/session`, {
    method: 'POST', headers: json, body: JSON.stringify({ token }),
  });
  if (session.status !== 200) throw new Error(`sign-in of ${email}: ${session.status}`);
  const cookie = session.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.includes('portal_session='));
  if (!cookie) throw new Error(`no session cookie for ${email}`);
  return cookie;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [base, email] = process.argv.slice(2);
  if (!base || !email) throw new Error('usage: node benches/sign-in.mjs <base URL> <e-mail>');
  process.stdout.write(`${await signIn(base, email)}\n`);
}
