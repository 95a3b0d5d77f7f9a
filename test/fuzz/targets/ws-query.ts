/**
 * Websocket subscribe queries (and tx_search's): chain/events/query.ts parseQuery. A rejection is a
 * QuerySyntaxError; an accepted query must format to text that parses back to the same query, and must be
 * matchable against events and subscribable on the event bus (which then publishes to it) without throwing.
 */
import { isDeepStrictEqual } from 'node:util';
import { EventBus, EventBusError } from '../../../chain/events/bus.js';
import { matchesFlat } from '../../../chain/events/match.js';
import { formatQuery, parseQuery, QuerySyntaxError } from '../../../chain/events/query.js';
import { mutateText, TRICKY_STRINGS } from './text-input.js';
import { FuzzFinding, expectRejectionOnly, showValue, type FuzzTarget } from './target.js';

const SEEDS = [
  "tm.event='Tx'",
  "tm.event='NewBlock' AND block.height >= 5",
  "tx.hash='ABCD' AND tx.height=3",
  "transfer.recipient='race1x' AND message.action='/cosmos.bank.v1beta1.MsgSend'",
  "a.b < 1 AND a.b <= 2.5 AND a.b > -3 AND a.b >= 4e2 AND a.c CONTAINS 'x' AND a.d EXISTS",
  'block.time >= TIME 2013-05-03T14:45:00Z AND block.day = DATE 2013-05-03 AND x.t < TIME 2013-05-03T16:45:00.123456789+02:00',
  'memo.text=\'héllo wörld = "AND" 😀\'',
  ...TRICKY_STRINGS.filter((s) => s.length < 200),
];

const EVENTS = {
  'tm.event': ['Tx'],
  'tx.height': ['3'],
  'a.b': ['2', '1.5', 'x'],
  'a.c': ['xyz'],
  'block.time': ['2013-05-03T14:45:00Z'],
  'block.day': ['2013-05-03'],
};

const ABCI_EVENTS = [
  {
    type: 'a',
    attributes: [
      { key: 'b', value: '2', index: true },
      { key: 'c', value: 'xyz', index: true },
    ],
  },
  {
    type: 'transfer',
    attributes: [
      { key: 'recipient', value: 'race1x', index: true },
      { key: 'amount', value: '5nicoin', index: true },
    ],
  },
];

export async function wsQueryTarget(): Promise<FuzzTarget<string>> {
  const bus = new EventBus();
  return {
    name: 'ws-query',
    surface: 'chain/events/query.ts parseQuery (websocket subscribe, tx_search, REST tx search)',
    generate: (rng) => mutateText(SEEDS, rng),
    exec(text) {
      expectRejectionOnly(
        () => {
          const q = parseQuery(text);
          const again = parseQuery(formatQuery(q));
          if (!isDeepStrictEqual(again, q)) throw new FuzzFinding(`formatQuery does not round-trip: ${formatQuery(q)}`);
          matchesFlat(q, EVENTS);
          // What the websocket's subscribe does with it: a subscription on the event bus, then events published to it.
          try {
            bus.subscribe('fuzz', text, { onMessage: () => {} });
            bus.publish('Tx', {}, ABCI_EVENTS, { 'tm.event': ['Tx'], 'tx.height': ['3'], 'tx.hash': ['AB'] });
          } finally {
            bus.unsubscribeAll('fuzz');
          }
        },
        (e) => e instanceof QuerySyntaxError || e instanceof EventBusError,
      );
    },
    show: showValue,
  };
}
