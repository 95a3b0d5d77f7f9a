/** Router matching and gRPC-status mapping of ABCI query failures. */
import { describe, expect, it } from '@jest/globals';
import { errorFromQuery, httpStatusOf, RestError } from '../../../node/rest/errors.js';
import { Router, type Route } from '../../../node/rest/router.js';

const route = (method: 'GET' | 'POST', path: string): Route => ({ method, path, handle: async () => path });

describe('Router', () => {
  const r = new Router().add(
    route('GET', '/blocks/:height'),
    route('GET', '/blocks/latest'),
    route('POST', '/txs'),
    route('GET', '/txs'),
    route('GET', '/txs/:hash'),
  );

  it('prefers literal segments over parameters and decodes parameters', () => {
    expect(r.match('GET', '/blocks/latest')).toMatchObject({ route: { path: '/blocks/latest' }, params: {} });
    expect(r.match('GET', '/blocks/7')).toMatchObject({ route: { path: '/blocks/:height' }, params: { height: '7' } });
    expect(r.match('GET', '/txs/a%20b')).toMatchObject({ params: { hash: 'a b' } });
    expect(r.match('POST', '/txs')).toMatchObject({ route: { method: 'POST' } });
  });

  it('tells a wrong verb (allowed verbs) from an unknown path (undefined)', () => {
    expect(r.match('POST', '/blocks/7')).toEqual({ allowed: ['GET'] });
    expect(r.match('DELETE', '/txs')).toEqual({ allowed: ['POST', 'GET'] });
    expect(r.match('GET', '/nothing')).toBeUndefined();
    expect(r.match('GET', '/blocks/1/2')).toBeUndefined();
  });

  it('throws a 400 for broken percent-encoding, and refuses duplicate routes', () => {
    expect(() => r.match('GET', '/txs/%E0%A4%A')).toThrow(RestError);
    expect(() => new Router().add(route('GET', '/a'), route('GET', '/a'))).toThrow(/added twice/);
  });
});

describe('errorFromQuery', () => {
  it('recovers the gRPC code and message baseapp wrapped into the query log', () => {
    const e = errorFromQuery({
      code: 22,
      codespace: 'sdk',
      log: 'rpc error: code = NotFound desc = account race1x not found: key not found',
    });
    expect(e.toJSON()).toEqual({ code: 5, message: 'account race1x not found', details: [] });
    expect(e.httpStatus).toBe(404);
    expect(
      errorFromQuery({
        code: 18,
        codespace: 'sdk',
        log: 'rpc error: code = InvalidArgument desc = invalid denom: invalid request',
      }).toJSON(),
    ).toMatchObject({ code: 3, message: 'invalid denom' });
  });

  it('maps plain SDK errors and unknown paths', () => {
    expect(
      errorFromQuery({ code: 18, codespace: 'sdk', log: 'historical state is not kept: invalid request' }).httpStatus,
    ).toBe(400);
    expect(errorFromQuery({ code: 6, codespace: 'sdk', log: 'unknown query path: unknown request' }).httpStatus).toBe(
      501,
    );
    expect(errorFromQuery({ code: 7, codespace: 'gov', log: 'boom' }).httpStatus).toBe(500);
    expect([httpStatusOf(3), httpStatusOf(5), httpStatusOf(12), httpStatusOf(99)]).toEqual([400, 404, 501, 500]);
  });
});
