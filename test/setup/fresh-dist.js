// Global setup of the tiers that start `raced`: it runs dist/, so rebuild dist/ when a source is newer than it
// (npm test has just built it; this covers running jest directly after an edit).
import { build, distState } from '../../scripts/build.js';

export default async function freshDist() {
  const state = distState();
  if (state.missing || state.staleSource) await build();
}
