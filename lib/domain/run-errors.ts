/** What a third party's failure may say on a source's health: bounded, and without network addresses. */
import { MAX_ERROR_MESSAGE } from './model.ts';

const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
const IPV6 = /\[?\b(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}\b\]?/gi;

/** The message, with IP addresses replaced and cut to MAX_ERROR_MESSAGE characters. */
export function safeErrorMessage(message: string): string {
  const clean = message.replace(IPV4, '[address]').replace(IPV6, '[address]');
  return clean.length <= MAX_ERROR_MESSAGE ? clean : `${clean.slice(0, MAX_ERROR_MESSAGE - 1)}…`;
}
