/**
 * The dashboard in a real browser (issue 17 item 2): Debian's headless Chromium, driven by puppeteer-core, against a
 * real `raced start` node (spawns raced: run under flock /tmp/race-heavy.lock) that serves traffic: bank transfers,
 * a price vote by the node's Race key, and a chat completion through the node's OpenAI-compatible API. The page
 * must show the height advancing, draw every chart (axes, or an explicit empty state), show the traffic in the
 * charts it feeds, and log no console error. A screenshot goes to the test's temp dir (and to docs/img/ when
 * DASHBOARD_SCREENSHOT=docs). Without Chromium this file alone is skipped, with a loud message.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DirectSecp256k1HdWallet } from '@cosmjs/proto-signing';
import { SigningStargateClient } from '@cosmjs/stargate';
import OpenAI from 'openai';
import type { Browser, Page } from 'puppeteer-core';
import { setUpSingleNodeInference } from '../../../node/inference/api/single-node-setup.js';
import { loadOrCreateRaceKey } from '../../../node/race/race-key.js';
import { homePaths } from '../../../node/cli/home.js';
import { readGenesis, setGenesisOperator, writeGenesis } from '../../../node/genesis-file.js';
import { PRICING_URLS } from '../../../modules/pricing/client/msgs.js';
import { freePort, makeTestHome, startNode, type NodeProcess, type TestHome } from '../../helpers/node-process.js';
import { waitFor } from '../../helpers/wait.js';
import { raceRegistry, testMnemonic } from '../gov/chain.js';

const CHROMIUM = process.env.RACE_CHROMIUM ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);
if (!HAVE_CHROMIUM)
  process.stderr.write(
    `\n!!! SKIPPING the dashboard browser test: no Chromium at ${CHROMIUM} (apt-get install -y chromium; .ci/run does it) !!!\n\n`,
  );
const maybe = HAVE_CHROMIUM ? describe : describe.skip;

const ICON = 10n ** 9n;
const FEE = { amount: [], gas: '300000' };
const CHARTS = [
  'chart-block-interval',
  'chart-block-txs',
  'chart-long-range',
  'chart-epoch-nonces',
  'chart-epoch-disputes',
  'chart-unit-price',
  'chart-inference',
  'chart-ttft',
];

interface ChartView {
  id: string;
  state: string | undefined;
  points: number;
  max: number;
  canvas: boolean;
  axes: number;
  emptyText: string | undefined;
}

async function readCharts(page: Page): Promise<ChartView[]> {
  return page.$$eval('.chart', (els) =>
    els.map((e) => {
      // Runs in the page; the test project has no DOM types, so the element is described by what is read.
      const box = e as unknown as {
        id: string;
        dataset: Record<string, string | undefined>;
        querySelector(sel: string): { textContent: string | null } | null;
        querySelectorAll(sel: string): { length: number };
      };
      return {
        id: box.id,
        state: box.dataset.state,
        points: Number(box.dataset.points ?? '0'),
        max: Number(box.dataset.max ?? '0'),
        canvas: box.querySelector('canvas') !== null,
        axes: box.querySelectorAll('.u-axis').length,
        emptyText: box.querySelector('.empty')?.textContent ?? undefined,
      };
    }),
  );
}

maybe('the dashboard in headless Chromium, on a node serving traffic', () => {
  let h: TestHome;
  let node: NodeProcess;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  let shotDir: string;

  beforeAll(async () => {
    h = await makeTestHome({
      timeoutCommit: '300ms',
      mining: false,
      accounts: [{ name: 'dev', mnemonic: testMnemonic('dashboard-dev'), nicoin: 1000n * ICON }],
    });
    shotDir = fs.mkdtempSync(path.join(os.tmpdir(), 'race-dashboard-'));
    const port = await freePort();
    const setup = setUpSingleNodeInference(h.home, {
      address: `tcp://127.0.0.1:${port}`,
      apiKeyFor: { keyName: 'dev', address: h.addresses.dev! },
    });
    // dev operates the node's Race participant: the price vote below counts with its weight (a hot key's counts 0).
    const genesisFile = homePaths(h.home).genesis;
    const hot = loadOrCreateRaceKey(homePaths(h.home).raceKey).address;
    writeGenesis(genesisFile, setGenesisOperator(readGenesis(genesisFile), hot, h.addresses.dev!));
    node = await startNode(h, [], 90_000);

    // Traffic: transfers from dev, a price vote by dev as the participant's operator (weight 1), then one chat completion.
    const registry = raceRegistry();
    const devWallet = await DirectSecp256k1HdWallet.fromMnemonic(testMnemonic('dashboard-dev'), { prefix: 'race' });
    const dev = await SigningStargateClient.connectWithSigner(h.rpcUrl, devWallet, {
      registry,
      broadcastPollIntervalMs: 200,
    });
    const raceKey = loadOrCreateRaceKey(homePaths(h.home).raceKey);
    const to = raceKey.address;
    for (let i = 0; i < 3; i++) {
      const r = await dev.sendTokens(h.addresses.dev!, to, [{ denom: 'nicoin', amount: String(1000 + i) }], FEE);
      expect(r.code).toBe(0);
    }
    const vote = await dev.signAndBroadcast(
      h.addresses.dev!,
      [
        {
          typeUrl: PRICING_URLS.submitUnitPriceVote,
          value: { provider: h.addresses.dev!, price: { denom: 'nicoin', amount: '1500' } },
        },
      ],
      FEE,
    );
    expect(vote.code).toBe(0);
    // The node loads its registered models after the first block, in the background: wait until it serves one.
    await waitFor(
      async () => {
        const r = await fetch(`http://127.0.0.1:${port}/v1/models`);
        return (
          ((await r.json()) as { data: Array<{ id: string }> }).data.some((m) => m.id === setup.model) || undefined
        );
      },
      `${setup.model} to be served`,
      60_000,
      200,
    );
    const openai = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: setup.apiKey! });
    const answer = await openai.chat.completions.create({
      model: setup.model,
      messages: [{ role: 'user', content: 'Hello' }],
      max_tokens: 4,
      temperature: 0,
    });
    expect(answer.usage!.completion_tokens).toBeGreaterThan(0);
    dev.disconnect();

    const puppeteer = (await import('puppeteer-core')).default;
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 1500 });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${(e as Error).message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    await page.goto(`http://127.0.0.1:${h.apiPort}/dashboard/`, { waitUntil: 'load' });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await node?.stop();
    if (h) fs.rmSync(h.home, { recursive: true, force: true });
  });

  const shownHeight = async () => Number((await page.$eval('#height', (e) => e.textContent)) ?? 'NaN');

  it('shows the height advancing on screen', async () => {
    const first = await waitFor(
      async () => {
        const v = await shownHeight();
        return Number.isInteger(v) && v > 0 ? v : undefined;
      },
      'a height on screen',
      30_000,
      100,
    );
    await waitFor(async () => (await shownHeight()) > first, `the shown height to pass ${first}`, 30_000, 100);
    // New blocks arrive over the node's websocket (polling is only the fallback).
    await waitFor(
      async () =>
        (await page.$eval('#live', (e) => (e as unknown as { dataset: { socket?: string } }).dataset.socket)) ===
        'open',
      'the page to report its websocket open',
      30_000,
      100,
    );
    expect(await page.$eval('#chain-id', (e) => e.textContent)).toBe(h.chainId);
  }, 70_000);

  it('draws every chart with axes or an explicit empty state, and the traffic in the charts it feeds', async () => {
    const charts = await waitFor(
      async () => {
        const c = await readCharts(page);
        const byId = new Map(c.map((x) => [x.id, x]));
        const fed =
          (byId.get('chart-block-txs')?.max ?? 0) >= 1 &&
          (byId.get('chart-inference')?.max ?? 0) > 0 &&
          (byId.get('chart-ttft')?.max ?? 0) > 0 &&
          (byId.get('chart-unit-price')?.max ?? 0) >= 1;
        return fed ? c : undefined;
      },
      'charts showing the transfers, the inference request and the price vote',
      30_000,
      200,
    );
    expect(charts.map((c) => c.id).sort()).toEqual([...CHARTS].sort());
    for (const c of charts) {
      expect(['data', 'empty']).toContain(c.state);
      if (c.state === 'data') {
        expect({ id: c.id, canvas: c.canvas, axes: c.axes >= 2 }).toEqual({ id: c.id, canvas: true, axes: true });
      } else {
        expect(c.emptyText).toBeTruthy();
      }
    }
    // The tables fed by the same traffic: the executor that served the request and the model's prices.
    const executors = await page.$eval('#executors', (e) => e.textContent ?? '');
    expect(executors).toMatch(/100%/);
    // The market's counters come from the same aggregates as its charts.
    const market = await page.$eval('#market-facts', (e) => e.textContent ?? '');
    expect(market).toMatch(/price votes \(kept epochs\)[1-9]/);
    expect(market).toMatch(/inference requests \(kept epochs\)[1-9]/);
    const models = await page.$eval('#models', (e) => e.textContent ?? '');
    expect(models).toMatch(/icon.*micoin.*uicon.*nicoin/);
    // The coin panel: supply always; issuance either served or said to be absent.
    expect(await page.$eval('#coin', (e) => e.textContent ?? '')).toMatch(/total supply[\s\S]*(issuance|phase)/i);
    // No training panel until a training module exists (absent, not empty).
    expect(await page.$('#panel-training')).toBeNull();
  }, 40_000);

  it('logs no console error and saves a screenshot', async () => {
    const file = path.join(shotDir, 'dashboard.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
    if (process.env.DASHBOARD_SCREENSHOT === 'docs') {
      const docs = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../docs/img');
      fs.mkdirSync(docs, { recursive: true });
      fs.copyFileSync(file, path.join(docs, 'dashboard.png'));
    }
    expect(problems).toEqual([]);
  }, 30_000);
});
