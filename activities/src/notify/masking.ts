/**
 * No personal data leaves the relay in clear (R-SEC-1): addresses are stored masked (`138****5678`,
 * `z***@example.com`), and a channel's error — which may quote the address (`550 <x@y.cn> unknown user`) — is scrubbed
 * before it is stored as `last_error` or handed to Temporal as a failure message.
 */
import { maskEmail, maskPhone } from '@complaintflow/domain/privacy';

/** The address as stored and shown: masked for e-mail and phone numbers, none for the inbox (a staff id). */
export function maskAddress(channel: string, address: string | undefined): string | null {
  if (!address || channel === 'inbox') return null;
  return channel === 'email' ? maskEmail(address) : maskPhone(address);
}

const EMAIL_IN_TEXT = /[^\s@<>()[\]{}"',;:]+@[^\s@<>()[\]{}"',;:]+\.[A-Za-z]{2,}/g;
const LONG_DIGITS_IN_TEXT = /\+?\d[\d\s\-().]{5,}\d/g;

/** An error's text with e-mail addresses and runs of 7+ digits masked, one line, at most 500 characters. */
export function scrubError(err: unknown): string {
  const text = err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
  return text
    .replace(EMAIL_IN_TEXT, (m) => maskEmail(m))
    .replace(LONG_DIGITS_IN_TEXT, (m) => (m.replace(/\D/g, '').length >= 7 ? maskPhone(m) : m))
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 500);
}
