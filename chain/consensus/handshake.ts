import type { Application, ValidatorUpdate } from '../abci.js';
import type { BlockStore } from '../blockstore/block-store.js';
import type { Logger } from '../util/log.js';
import { equalBytes, toHexUpper } from '../types/bytes.js';
import { finalizeRequestFor } from './block-builder.js';
import { genesisState, nextState, type ChainState, type ChainStateStore } from './chain-state.js';
import type { GenesisDoc } from './genesis.js';
import { makeBlockId } from '../block/hashing.js';

/**
 * Brings app, block store and consensus state into agreement on start (CometBFT's Handshaker.ReplayBlocks).
 *
 * Commit order in the engine is: save block (synced) → WAL end-height → app FinalizeBlock → save its response →
 * app Commit → save state. So after a crash the block store is at most one block ahead of the state, and the app is
 * either at the state's height or at the store's height. Anything else means lost or foreign data, and we stop with
 * an error that says which part disagrees rather than run on it.
 */
export class HandshakeError extends Error {}

export interface HandshakeDeps {
  app: Application;
  stateStore: ChainStateStore;
  blockStore: BlockStore;
  logger: Logger;
}

function genesisValidators(doc: GenesisDoc): ValidatorUpdate[] {
  return doc.validators.map((v) => ({ pubKey: v.pubKey, power: v.power }));
}

async function initChain(
  doc: GenesisDoc,
  deps: HandshakeDeps,
): Promise<{ validators: ValidatorUpdate[]; appHash: Uint8Array }> {
  const res = await deps.app.initChain({
    chainId: doc.chainId,
    timeNs: doc.genesisTimeNs,
    initialHeight: doc.initialHeight,
    validators: genesisValidators(doc),
    appStateJson: doc.appStateJson,
  });
  return {
    validators: res.validators.length ? res.validators : genesisValidators(doc),
    appHash: res.appHash.length ? res.appHash : doc.appHash,
  };
}

/** Returns the consensus state to run from, after replaying whatever the app missed. */
export async function handshake(doc: GenesisDoc, deps: HandshakeDeps): Promise<ChainState> {
  const { app, stateStore, blockStore, logger } = deps;
  const info = app.info();
  let appHeight = info.lastBlockHeight;
  let state = await stateStore.load();

  if (state && state.chainId !== doc.chainId) {
    throw new HandshakeError(`stored consensus state is for chain ${state.chainId}, genesis is for ${doc.chainId}`);
  }
  if (!state) {
    if (blockStore.height() > 0)
      throw new HandshakeError(`block store has ${blockStore.height()} blocks but there is no consensus state`);
    if (appHeight > 0) {
      throw new HandshakeError(
        `the app is at height ${appHeight} but this node has no blocks or consensus state; its data belongs elsewhere`,
      );
    }
    const init = await initChain(doc, deps);
    state = genesisState(doc, init.validators, init.appHash, info.appVersion);
    await stateStore.save(state, { genesis: true });
    logger.info({ chainId: doc.chainId, validators: state.validators.size }, 'InitChain done; genesis state saved');
    return state;
  }

  const storeHeight = blockStore.height() === 0 ? state.initialHeight - 1 : blockStore.height();
  const stateHeight = state.lastBlockHeight;
  if (appHeight > storeHeight) {
    throw new HandshakeError(
      `the app is at height ${appHeight}, ahead of the block store at ${storeHeight}; refusing to start`,
    );
  }
  if (storeHeight < stateHeight || storeHeight > stateHeight + 1) {
    throw new HandshakeError(
      `block store height ${storeHeight} and consensus state height ${stateHeight} cannot both be right`,
    );
  }

  if (appHeight === 0 && stateHeight >= state.initialHeight) {
    logger.warn('the app has no state; running InitChain and replaying every stored block');
    await initChain(doc, deps);
    appHeight = state.initialHeight - 1;
  }

  // The app is behind the state: replay without touching the state, checking each app hash against the chain.
  for (let h = Math.max(appHeight + 1, state.initialHeight); h <= stateHeight; h++) {
    const block = await blockStore.loadBlock(h);
    if (!block) throw new HandshakeError(`block ${h} is missing from the block store; cannot replay it into the app`);
    const lastVals = h === state.initialHeight ? null : await blockStore.loadValidatorSet(h - 1);
    const { blockId } = makeBlockId(block);
    const resp = await app.finalizeBlock(finalizeRequestFor(block, blockId, lastVals));
    await app.commit();
    const next = h < stateHeight ? (await blockStore.loadBlock(h + 1))?.header.appHash : state.appHash;
    if (next && !equalBytes(resp.appHash, next)) {
      throw new HandshakeError(
        `app hash mismatch replaying block ${h}: app computed ${toHexUpper(resp.appHash)}, the chain has ${toHexUpper(next)}`,
      );
    }
    logger.info({ height: h }, 'replayed block into the app');
    appHeight = h;
  }

  // Crashed between saving block store+1 and saving the state: finish that block.
  if (storeHeight === stateHeight + 1) {
    const h = storeHeight;
    const block = await blockStore.loadBlock(h);
    if (!block) throw new HandshakeError(`block ${h} is missing from the block store`);
    const { blockId } = makeBlockId(block);
    let resp = appHeight === h ? await stateStore.loadFinalizeResponse(h) : null;
    if (appHeight === h && !resp)
      throw new HandshakeError(`the app committed block ${h} but its FinalizeBlock response was not saved`);
    if (!resp) {
      resp = await app.finalizeBlock(finalizeRequestFor(block, blockId, state.lastValidators));
      await stateStore.saveFinalizeResponse(h, resp);
      await app.commit();
    }
    state = nextState(state, block.header, blockId, resp);
    await stateStore.save(state);
    logger.info({ height: h }, 'finished applying the block saved before the crash');
  }

  const after = app.info();
  if (after.lastBlockHeight !== state.lastBlockHeight && state.lastBlockHeight >= state.initialHeight) {
    throw new HandshakeError(
      `after replay the app is at height ${after.lastBlockHeight}, consensus at ${state.lastBlockHeight}`,
    );
  }
  if (state.lastBlockHeight >= state.initialHeight && !equalBytes(after.lastBlockAppHash, state.appHash)) {
    throw new HandshakeError(
      `app hash mismatch at height ${state.lastBlockHeight}: app has ${toHexUpper(after.lastBlockAppHash)}, consensus expects ${toHexUpper(state.appHash)}`,
    );
  }
  return state;
}
