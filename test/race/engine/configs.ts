import { TEST_CONFIG, type RaceConfig } from '../../../race/engine/index.js';
import { VECTORS } from './vectors.js';

/** The test config with 16 heads of width 4, like the paper's: its attention takes the broadcast form (graph.ts). */
export const MANY_HEADS_CONFIG: RaceConfig = { ...TEST_CONFIG, ...VECTORS.manyHeads.config, name: 'test-heads' };
