/** Report e-mails through SES (v2 SendEmail, simple content: subject, HTML and text). */
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer } from '#lib/ports.ts';

export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    /** The verified SES identity mail is sent from. */
    private readonly from: string,
  ) {}

  async send(message: { to: string[]; subject: string; html: string; text: string }): Promise<void> {
    if (message.to.length === 0) return;
    await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: message.to },
        Content: {
          Simple: {
            Subject: { Data: message.subject.replace(/[\r\n]+/g, ' '), Charset: 'UTF-8' },
            Body: {
              Html: { Data: message.html, Charset: 'UTF-8' },
              Text: { Data: message.text, Charset: 'UTF-8' },
            },
          },
        },
      }),
    );
  }
}
