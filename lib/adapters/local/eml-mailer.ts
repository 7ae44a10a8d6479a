/**
 * E-mail on a laptop: each message is written as an RFC 5322 `.eml` file in
 * the outbox folder (any mail client opens one), instead of being sent.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer } from '#lib/ports.ts';

/** Header values never carry a line break (no header injection); non-ASCII is RFC 2047-encoded. */
const headerText = (value: string) => {
  const flat = value.replace(/[\r\n]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(flat) ? flat : `=?UTF-8?B?${Buffer.from(flat, 'utf8').toString('base64')}?=`;
};
const base64Lines = (text: string) =>
  (
    Buffer.from(text, 'utf8')
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\r\n');

export class EmlMailer implements Mailer {
  /** Paths of the files written, newest last. */
  readonly written: string[] = [];

  constructor(
    private readonly outbox: string,
    private readonly from = 'Touchstone <reports@touchstone.localhost>',
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(message: { to: string[]; subject: string; html: string; text: string }): Promise<void> {
    if (message.to.length === 0) return;
    const at = this.now();
    const id = `${at.toISOString().replace(/[-:.]/g, '')}-${randomBytes(4).toString('hex')}`;
    const boundary = `=_touchstone_${randomBytes(12).toString('hex')}`;
    const eml = [
      `From: ${headerText(this.from)}`,
      `To: ${message.to.map(headerText).join(', ')}`,
      `Subject: ${headerText(message.subject)}`,
      `Date: ${at.toUTCString()}`,
      `Message-ID: <${id}@touchstone.localhost>`,
      'MIME-Version: 1.0',
      `Content-Type: multipart/alternative; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(message.text),
      `--${boundary}`,
      'Content-Type: text/html; charset=UTF-8',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(message.html),
      `--${boundary}--`,
      '',
    ].join('\r\n');
    await mkdir(this.outbox, { recursive: true, mode: 0o700 });
    const path = join(this.outbox, `${id}.eml`);
    await writeFile(path, eml, { mode: 0o600 });
    this.written.push(path);
  }
}
