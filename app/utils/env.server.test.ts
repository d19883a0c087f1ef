import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.server.ts";

describe("parseEnv", () => {
  it("defaults to port 3000, the embedded SQLite file, production mode and demo data", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBe("file:./data/minka.db");
    expect(env.mode).toBe("production");
    expect(env.demo).toBe(true);
    expect(env.publicOrigin).toBeNull();
  });

  it("seeds nothing in production unless MINKA_DEMO=1", () => {
    expect(parseEnv({ NODE_ENV: "production" }).demo).toBe(false);
    expect(parseEnv({ NODE_ENV: "production", MINKA_DEMO: "1" }).demo).toBe(true);
    expect(parseEnv({ MINKA_DEMO: "0" }).demo).toBe(false);
  });

  it("derives the trusted origin from PUBLIC_URL", () => {
    expect(parseEnv({ PUBLIC_URL: "https://minka.example.pe/some/path" }).publicOrigin).toBe(
      "https://minka.example.pe",
    );
  });

  it.each([
    [{ PORT: "tres mil" }, /^Invalid configuration: PORT: PORT must be a number$/],
    [{ PORT: "70000" }, /PORT must be between 0 and 65535/],
    [{ DATABASE_URL: "mysql://localhost/minka" }, /DATABASE_URL must be a SQLite URL/],
    [{ PUBLIC_URL: "minka.pe" }, /PUBLIC_URL must be an absolute URL/],
    [{ PUBLIC_URL: "ftp://minka.pe" }, /PUBLIC_URL must start with http/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL must be one of/],
    [{ MINKA_DEMO: "yes" }, /MINKA_DEMO must be 0 or 1/],
  ])("refuses %o with one clear line", (source, message) => {
    expect(() => parseEnv(source)).toThrow(message);
    try {
      parseEnv(source);
    } catch (error) {
      expect((error as Error).message).not.toContain("\n");
    }
  });
});

describe("parseEnv: mail", () => {
  it("accepts smtp:// and smtps:// URLs with PUBLIC_URL, and MAIL_FROM with or without a name", () => {
    const env = parseEnv({
      SMTP_URL: "smtp://usuario:clave@mail.example.pe:587",
      PUBLIC_URL: "https://minka.example.pe",
      MAIL_FROM: "Minka <minka@example.pe>",
    });
    expect(env.SMTP_URL).toBe("smtp://usuario:clave@mail.example.pe:587");
    expect(parseEnv({ SMTP_URL: "smtps://mail.example.pe:465", PUBLIC_URL: "https://minka.example.pe" }).SMTP_URL).toBe(
      "smtps://mail.example.pe:465",
    );
    expect(parseEnv({ MAIL_FROM: "minka@example.pe" }).MAIL_FROM).toBe("minka@example.pe");
    expect(env.MAIL_RETRY_SECONDS).toBe(30);
    expect(env.MAIL_LEASE_SECONDS).toBe(60);
    expect(env.MAIL_DIGEST_HOURS).toBe(24);
    expect(env.MAIL_DIGEST_CHECK_SECONDS).toBe(300);
    expect(parseEnv({ MAIL_DIGEST_HOURS: "0.5" }).MAIL_DIGEST_HOURS).toBe(0.5);
  });

  it.each([
    [{ SMTP_URL: "http://mail.example.pe" }, /^Invalid configuration: SMTP_URL: SMTP_URL must be an SMTP URL/],
    [
      { SMTP_URL: "smtp://mail.example.pe:587" },
      /^Invalid configuration: PUBLIC_URL: PUBLIC_URL is required when SMTP_URL/,
    ],
    [{ MAIL_FROM: "Minka" }, /^Invalid configuration: MAIL_FROM: MAIL_FROM must be an address/],
    [{ MAIL_FROM: "Minka <minka@example.pe>\r\nBcc: x@example.pe" }, /MAIL_FROM must be an address/],
    [{ MAIL_RETRY_SECONDS: "0" }, /MAIL_RETRY_SECONDS must be between 1 and 3600/],
    [{ MAIL_LEASE_SECONDS: "uno" }, /MAIL_LEASE_SECONDS must be a number/],
    [{ MAIL_DIGEST_HOURS: "0" }, /MAIL_DIGEST_HOURS must be more than 0 and at most 168/],
    [{ MAIL_DIGEST_CHECK_SECONDS: "1.5" }, /MAIL_DIGEST_CHECK_SECONDS must be a whole number/],
  ])("refuses %o", (source, message) => {
    expect(() => parseEnv(source)).toThrow(message);
  });
});
