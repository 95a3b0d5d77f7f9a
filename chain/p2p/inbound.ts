/**
 * The admission check every inbound message passes, whatever its transport: ban, size cap, rate limit, then the
 * channel's validator. Offences are reported here, once, so all transports score peers the same way.
 */
import type { ChannelValidator, Verdict } from './channels.js';
import type { HostContext } from './context.js';
import type { RateLimit } from './token-bucket.js';

export interface AdmissionLimits {
  maxMessageBytes: number;
  rateLimit: RateLimit;
}

export async function admitMessage(
  ctx: HostContext,
  channel: string,
  limits: AdmissionLimits,
  validate: ChannelValidator | undefined,
  from: string,
  data: Uint8Array,
): Promise<Verdict> {
  if (ctx.isBanned(from)) {
    ctx.metrics.messageDropped(channel, 'banned');
    return 'ignore';
  }
  if (data.length > limits.maxMessageBytes) {
    ctx.metrics.messageDropped(channel, 'oversize');
    ctx.report(from, 'oversize', `${channel}: ${data.length} > ${limits.maxMessageBytes} bytes`);
    return 'reject';
  }
  if (!ctx.limiter.allow(from, channel, limits.rateLimit, data.length)) {
    ctx.metrics.messageDropped(channel, 'rate-limit');
    ctx.report(from, 'spam', `${channel}: rate limit`);
    // Ignore rather than reject: the message itself may be fine (a relay of someone else's burst).
    return 'ignore';
  }
  let verdict: Verdict = 'accept';
  if (validate) {
    try {
      verdict = await validate(data, from);
    } catch (err) {
      // A validator that throws has a bug; the sender is not to blame for it.
      ctx.log.warn({ channel, err: (err as Error).message }, 'channel validator threw');
      verdict = 'ignore';
    }
  }
  if (verdict === 'reject') {
    ctx.metrics.messageDropped(channel, 'rejected');
    ctx.report(from, 'invalid', `${channel}: rejected by validator`);
  } else if (verdict === 'ignore') {
    ctx.metrics.messageDropped(channel, 'ignored');
  } else {
    ctx.metrics.messageReceived(channel, data.length);
  }
  return verdict;
}
