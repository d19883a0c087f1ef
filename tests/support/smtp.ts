import { createServer as createNetServer } from "node:net";
import { SMTPServer } from "smtp-server";

// A real SMTP server on a local port for the tests (the `smtp-server` package): Minka's sender
// talks SMTP to it through nodemailer exactly as to a production relay. It requires the
// credentials of SMTP_URL, keeps every message it accepted (raw, with headers and decoded bodies),
// and can hold its reply to DATA so a test can kill the sender after the message arrived and
// before the sender heard it was accepted.

export const SMTP_USER = "minka";
export const SMTP_PASSWORD = "secreto-de-prueba";

export type ReceivedMail = {
  raw: string;
  envelope: { from: string; to: string[] };
  headers: Map<string, string>;
  messageId: string;
  subject: string;
  to: string;
  text: string;
  html: string;
  /** Every address of the site that the text body carries. */
  links: string[];
};

export type TestSmtpServer = {
  port: number;
  received: ReceivedMail[];
  /** Messages to one address. */
  to(address: string): ReceivedMail[];
  /** Resolves with the messages once `count` of them matched (or fails after `timeoutMs`). */
  waitFor(predicate: (mail: ReceivedMail) => boolean, count?: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** From now on, keep each message but delay the reply to DATA until `release()`. */
  hold(): void;
  release(): void;
  close(): Promise<void>;
};

/** `count` different TCP ports nobody listens on right now (held together while chosen). */
export async function freePorts(count: number): Promise<number[]> {
  const probes = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createNetServer>>((resolve, reject) => {
          const probe = createNetServer();
          probe.once("error", reject);
          probe.listen(0, "127.0.0.1", () => resolve(probe));
        }),
    ),
  );
  const ports = probes.map((probe) => {
    const address = probe.address();
    return typeof address === "object" && address ? address.port : 0;
  });
  await Promise.all(probes.map((probe) => new Promise((resolve) => probe.close(resolve))));
  return ports;
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return (await freePorts(1))[0]!;
}

/** The SMTP_URL for a test server on `port`. */
export function smtpUrl(port: number): string {
  return `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${port}`;
}

export async function startSmtpServer(port = 0): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let holding = false;
  const held: (() => void)[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) callback(null, { user: SMTP_USER });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        received.push(parseMail(raw, envelope));
        for (const waiter of waiters) waiter();
        if (holding) held.push(() => callback());
        else callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.server.address();
  return {
    port: typeof address === "object" && address ? address.port : port,
    received,
    to: (target) => received.filter((mail) => mail.envelope.to.includes(target)),
    waitFor(predicate, count = 1, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const matching = received.filter(predicate);
          if (matching.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(matching);
            return true;
          }
          return false;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} message(s), got ${received.filter(predicate).length}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      for (const reply of held.splice(0)) reply();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---- A small MIME reader: enough for what nodemailer writes (RFC 2047 words, QP and base64) ----

function decodeBytes(bytes: number[]): string {
  return Buffer.from(bytes).toString("utf8");
}

function decodeQuotedPrintable(value: string): string {
  const unfolded = value.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < unfolded.length; i++) {
    const char = unfolded[i]!;
    if (char === "=" && /^[0-9A-F]{2}$/i.test(unfolded.slice(i + 1, i + 3))) {
      bytes.push(parseInt(unfolded.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(char, "utf8"));
    }
  }
  return decodeBytes(bytes);
}

/** RFC 2047 encoded words in a header (=?UTF-8?Q?...?= and =?UTF-8?B?...?=). */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_match, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : decodeQuotedPrintable(text.replace(/_/g, " ")),
    );
}

function splitHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function splitPart(raw: string): { headers: Map<string, string>; body: string } {
  const index = raw.search(/\r?\n\r?\n/);
  if (index < 0) return { headers: splitHeaders(raw), body: "" };
  const separator = raw.slice(index).match(/^\r?\n\r?\n/)![0];
  return { headers: splitHeaders(raw.slice(0, index)), body: raw.slice(index + separator.length) };
}

function decodeBody(headers: Map<string, string>, body: string): string {
  const encoding = (headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  if (encoding === "quoted-printable") return decodeQuotedPrintable(body);
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  return body;
}

/** The text/plain and text/html bodies of a message (single part or multipart, nested). */
function bodies(headers: Map<string, string>, body: string, found: { text: string; html: string }) {
  const type = headers.get("content-type") ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith("--")) break;
      const part = splitPart(chunk.replace(/^\r?\n/, ""));
      bodies(part.headers, part.body, found);
    }
    return;
  }
  const decoded = decodeBody(headers, body).replace(/\r\n/g, "\n");
  if (/^text\/html/i.test(type)) found.html = decoded;
  else if (/^text\/plain/i.test(type)) found.text = decoded;
}

export function parseMail(raw: string, envelope: ReceivedMail["envelope"]): ReceivedMail {
  const { headers, body } = splitPart(raw);
  const found = { text: "", html: "" };
  bodies(headers, body, found);
  return {
    raw,
    envelope,
    headers,
    messageId: headers.get("message-id") ?? "",
    subject: decodeWords(headers.get("subject") ?? ""),
    to: headers.get("to") ?? "",
    text: found.text,
    html: found.html,
    links: found.text.match(/https?:\/\/[^\s]+/g) ?? [],
  };
}
